/**
 * What an image import takes and gives, shared by its two ways in: class folders (images.ts) and
 * a CSV naming the image files (imageTable.ts). Here, so that imageTable.ts need not import
 * images.ts, which calls it.
 */
import type { Result } from '../../model/result';
import type { ImageImportSettings } from '../imageSettings';
import type { ImageImportProgress } from '../importProgress';
import type { ChunkColumns, DatasetLayout, DatasetMeta } from '../schema';
import type { ImageDecoder } from './imageColumn';

/** Where the image files come from, as the messages name it. */
export type ImageContainer = 'zip' | 'folder';

export interface ImageImportOptions {
  /** Copied into the meta. */
  readonly origin: Pick<DatasetMeta, 'id' | 'name' | 'source' | 'createdAt' | 'bytes'>;
  readonly container: ImageContainer;
  readonly settings: ImageImportSettings;
  readonly decode: ImageDecoder;
  /** Stores chunk `index` (0, 1, 2 … in order); a failure, such as a full disk, ends the import with its message. */
  readonly writeChunk: (index: number, chunk: ChunkColumns) => Promise<Result<void>>;
  /** After every file, stored or skipped. */
  readonly onProgress?: (progress: ImageImportProgress) => void;
  /** Tests cut small chunks; by default IMAGE_CHUNK_BYTES decides. */
  readonly chunkRows?: number;
}

export interface ImportedImages {
  readonly meta: DatasetMeta;
  readonly layout: DatasetLayout;
}
