/** Image files from where a person picks them, each read only when the reader asks. */
import type { Result } from '../../model/result';
import type { ImageFile } from './imageColumn';
import { readZipEntries } from './zip';

/** Files picked together or found in a folder, with their paths inside it. */
export interface PathedFile {
  readonly path: string;
  readonly file: Blob;
}

/** Images in a zip, or files picked or dropped (a folder's, or several at once). */
export type ImageFilesSource =
  { readonly kind: 'zip'; readonly file: Blob } | { readonly kind: 'files'; readonly files: readonly PathedFile[] };

export function folderImageFiles(files: readonly PathedFile[]): ImageFile[] {
  return files.map(({ path, file }): ImageFile => ({ path, read: () => readFile(file) }));
}

/** The source's files: a zip's entries (its directory read, nothing inflated yet), or the files given. */
export async function imageFilesOf(source: ImageFilesSource): Promise<Result<ImageFile[]>> {
  return source.kind === 'zip' ? readZipEntries(source.file) : { ok: true, value: folderImageFiles(source.files) };
}

async function readFile(file: Blob): Promise<Result<Uint8Array>> {
  try {
    return { ok: true, value: new Uint8Array(await file.arrayBuffer()) };
  } catch {
    return { ok: false, error: 'it could not be read (moved or deleted since it was picked?)' };
  }
}
