/** Which data image augmentation can apply to; the UI and the training loop ask the same question. */
import type { DataContext } from './task';
import { dataKindOf } from './templates';

/** Why augmentation cannot apply to this data, or undefined when it can (examples shaped [h, w, c]). */
export function augmentationUnavailableBecause(data: DataContext | null): string | undefined {
  if (!data) return 'Choose an image data set on the Data view to augment it.';
  return dataKindOf(data) === 'image' ? undefined : 'Augmentation applies to images only; this data set is not images.';
}
