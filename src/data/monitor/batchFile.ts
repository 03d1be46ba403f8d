/**
 * Whether a chosen file can be a monitoring batch, from its name alone: apart from batch.ts so the
 * action that asks imports no CSV parser into the first load.
 */

/** File names that are not tables: images, and the archives an image data set comes in. */
const NOT_A_TABLE = /\.(png|jpe?g|gif|bmp|webp|zip)$/i;

/** Why a chosen file cannot be a monitoring batch (one CSV), before reading it; undefined when it may be. */
export function batchFileProblem(files: readonly { readonly name: string }[]): string | undefined {
  if (files.length === 0) return 'Choose a CSV file of rows to check.';
  if (files.length > 1) return `Choose one CSV file: ${files.length} files were given.`;
  const [file] = files;
  if (NOT_A_TABLE.test(file!.name))
    return `"${file!.name}" is not a table: the Monitor view checks a CSV file of rows, with the columns the model reads.`;
  return undefined;
}
