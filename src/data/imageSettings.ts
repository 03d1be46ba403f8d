/**
 * The choices a person makes before an image import: the size every image is resized to and
 * whether colour is kept. Its own module, free of the importer, so the UI can offer them.
 */
import type { ImageChannels } from './schema';

export type ImageColor = 'grayscale' | 'rgb';

export interface ImageImportSettings {
  /** Images are resized (stretched) to size × size pixels. */
  readonly size: number;
  readonly color: ImageColor;
}

export const IMAGE_SIZES = [8, 28, 32, 64] as const;
export const DEFAULT_IMAGE_SETTINGS: ImageImportSettings = { size: 28, color: 'grayscale' };
/** Larger images would make a data set of a few thousand images hundreds of megabytes. */
export const MAX_IMAGE_SIZE = 256;

export function channelsOf(color: ImageColor): ImageChannels {
  return color === 'rgb' ? 3 : 1;
}
