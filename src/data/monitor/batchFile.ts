/**
 * What chosen files make as a monitoring batch, from their names alone: apart from batch.ts so the
 * action that asks imports no CSV parser into the first load.
 */
import type { Result } from '../../model/result';

const IMAGE_FILE = /\.(png|jpe?g|gif|bmp|webp)$/i;
const ZIP_FILE = /\.zip$/i;

/** A table of rows (one CSV file), a zip of images, or image files picked together. */
export type BatchFiles = 'table' | 'zip' | 'images';

/** What the chosen files are as a batch, before reading them; a sentence when they mix kinds. */
export function batchFilesKind(files: readonly { readonly name: string }[]): Result<BatchFiles> {
  if (files.length === 0)
    return { ok: false, error: 'Choose a batch: a CSV file of rows, or images (image files, a folder or a zip).' };
  if (files.every((file) => IMAGE_FILE.test(file.name))) return { ok: true, value: 'images' };
  if (files.length === 1) return { ok: true, value: ZIP_FILE.test(files[0]!.name) ? 'zip' : 'table' };
  const others = files.filter((file) => !IMAGE_FILE.test(file.name)).map((file) => `"${file.name}"`);
  return {
    ok: false,
    error: `Choose one CSV file, one zip, or image files only: ${files.length} files were given, and ${others.slice(0, 3).join(', ')}${others.length > 3 ? ' …' : ''} ${others.length > 1 ? 'are not images' : 'is not an image'}.`,
  };
}
