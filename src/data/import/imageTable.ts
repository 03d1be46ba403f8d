/**
 * A CSV naming image files, with the images beside it in the same zip or folder → a table whose
 * image-path column becomes an image column (the pixels, resized like any image import) and whose
 * other columns are stored as a CSV import stores them. The Kaggle layout: `train.csv`
 * (`file,label,…`) next to `images/…`.
 *
 * Each row's path is looked up relative to the CSV's folder, then to the top of the zip or folder,
 * then (a bare file name) by name anywhere, when only one file has it. A row whose image is
 * missing, unsafe, damaged or too large is left out and listed with its row number, so every
 * stored row has its pixels.
 */
import type { Result } from '../../model/result';
import { formatFloat32 } from '../cells';
import { channelsOf } from '../imageSettings';
import { imageCellText } from '../rows';
import type { ColumnSummary, StoredColumn, StoredDataset } from '../schema';
import { createColumnBuilder, parseCsvText, previewRowCount, type ColumnBuilder } from './csv';
import {
  ImageColumnBuilder,
  imageChunkRows,
  isIgnoredPath,
  noImagesError,
  preparedInOrder,
  prepareImage,
  SkippedList,
  thumbnailsPerGroup,
  unsafePathReason,
  type ImageFile,
  type PreparedImage,
} from './imageColumn';
import type { ImageContainer, ImageImportOptions, ImportedImages } from './imageImport';

/** A CSV listing images is read whole; beyond this it is surely not such a list. */
export const MAX_TABLE_BYTES = 256 * 2 ** 20;
/** Thumbnails are grouped by the first other categorical column with at most this many values (the label, likely). */
const MAX_THUMBNAIL_GROUPS = 20;

const TABLE_FILE = /\.(csv|tsv)$/i;

/** The index of the one CSV (or TSV) among the paths; undefined when there is none, an error when there are several. */
export function findTableFile(paths: readonly string[], container: ImageContainer): Result<number | undefined> {
  const tables = paths.flatMap((path, index) =>
    TABLE_FILE.test(path) && !isIgnoredPath(path) && !unsafePathReason(path) ? [index] : [],
  );
  if (tables.length <= 1) return { ok: true, value: tables[0] };
  const listed = tables.slice(0, 3).map((index) => paths[index]);
  return {
    ok: false,
    error: `The ${container} holds ${tables.length} CSV files (${listed.join(', ')}${tables.length > 3 ? ', …' : ''}): keep only the one that names the images.`,
  };
}

export async function importImageTable(
  allFiles: readonly ImageFile[],
  tableIndex: number,
  options: ImageImportOptions,
): Promise<Result<ImportedImages>> {
  const { settings, decode, writeChunk, onProgress, container } = options;
  const tableFile = allFiles[tableIndex]!;
  const table = await readTable(tableFile, options.origin);
  if (!table.ok) return table;
  const { meta, columns } = table.value;
  const pathIndex = meta.columns.findIndex((summary) => summary.imagePaths);
  const paths = columns[pathIndex];
  if (paths?.type !== 'categorical') {
    return {
      ok: false,
      error: `${tableFile.path} names no image files: one of its columns should hold the images' paths (such as images/cat1.png), relative to the CSV.`,
    };
  }

  const size = settings.size;
  const channels = channelsOf(settings.color);
  const bytesPerImage = size * size * channels;
  const chunkRows = options.chunkRows ?? imageChunkRows(bytesPerImage);
  const group = columns.find(
    (column) => column !== paths && column.type === 'categorical' && column.vocabulary.length <= MAX_THUMBNAIL_GROUPS,
  );
  const groupOf = group ? cellReader(group) : () => paths.name;
  const images = new ImageColumnBuilder(
    paths.name,
    size,
    channels,
    chunkRows,
    thumbnailsPerGroup(bytesPerImage, group?.type === 'categorical' ? group.vocabulary.length : 1),
  );
  const others = columns.map((column, c) =>
    c === pathIndex
      ? undefined
      : { read: cellReader(column), builder: builderFor(column, meta.columns[c]!, chunkRows) },
  );
  const pathOf = (row: number) => (paths.codes[row]! < 0 ? undefined : paths.vocabulary[paths.codes[row]!]!);
  const find = fileFinder(
    allFiles.map((file) => file.path),
    tableFile.path.slice(0, tableFile.path.lastIndexOf('/') + 1),
    container,
  );
  const prepare = async (row: number): Promise<PreparedImage> => {
    const path = pathOf(row);
    if (path === undefined) return { ok: false, reason: 'no image file named' };
    const found = find(path);
    return found.ok ? prepareImage(allFiles[found.value]!, decode, size) : { ok: false, reason: found.error };
  };

  const skipped = new SkippedList([]);
  const preview: string[][] = [];
  const takeChunk = () => others.map((other) => other?.builder.takeChunk() ?? images.takeChunk());
  let rowCount = 0;
  let chunksWritten = 0;
  let done = 0;
  const rows = Array.from({ length: meta.rowCount }, (_, row) => row);
  for await (const [row, prepared] of preparedInOrder(rows, prepare)) {
    if (!prepared.ok) {
      // Numbered as in a spreadsheet: the header is row 1.
      skipped.add({ path: pathOf(row) ?? '(empty)', reason: `row ${row + 2}: ${prepared.reason}` });
    } else {
      images.push(prepared, groupOf(row));
      const cells = others.map((other) => (other ? other.read(row) : imageCellText(size, size)));
      others.forEach((other, c) => other?.builder.push(cells[c]!));
      if (preview.length < previewRowCount(cells.length)) preview.push(cells);
      if (++rowCount % chunkRows === 0) {
        const written = await writeChunk(chunksWritten++, takeChunk());
        if (!written.ok) return written;
      }
    }
    onProgress?.({ filesDone: ++done, filesTotal: rows.length });
  }
  if (rowCount === 0) return { ok: false, error: noImagesError(skipped) };
  if (rowCount % chunkRows > 0) {
    const written = await writeChunk(chunksWritten++, takeChunk());
    if (!written.ok) return written;
  }

  const image = images.finish(skipped);
  const built = others.map((other) => other?.builder.finish() ?? image);
  return {
    ok: true,
    value: {
      meta: { ...options.origin, rowCount, columns: built.map((b) => b.summary), preview, images: image.report },
      layout: { chunkRows, chunkCount: chunksWritten, columns: built.map((b) => b.layout) },
    },
  };
}

/** The CSV, parsed whole (it lists files, so it is small), with its columns' types and summaries. */
async function readTable(file: ImageFile, origin: ImageImportOptions['origin']): Promise<Result<StoredDataset>> {
  const read = await file.read();
  if (!read.ok) return { ok: false, error: `${file.path} could not be read: ${read.error}` };
  if (read.value.length > MAX_TABLE_BYTES)
    return {
      ok: false,
      error: `${file.path} is over ${MAX_TABLE_BYTES / 2 ** 20} MB: too large for a list of images.`,
    };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.value);
  } catch {
    return { ok: false, error: `${file.path} is not UTF-8 text; save it as UTF-8 and try again.` };
  }
  const parsed = parseCsvText(text, { ...origin, bytes: read.value.length });
  return parsed.ok ? parsed : { ok: false, error: `${file.path}: ${parsed.error}` };
}

/** A stored column's cell as the text a CSV import reads back to the same stored value. */
function cellReader(column: StoredColumn): (row: number) => string {
  switch (column.type) {
    case 'numeric':
      return (row) => (Number.isNaN(column.values[row]!) ? '' : formatFloat32(column.values[row]!));
    case 'categorical':
      return (row) => (column.codes[row]! < 0 ? '' : column.vocabulary[column.codes[row]!]!);
    case 'image':
      throw new RangeError('cellReader: a CSV has no image columns');
  }
}

function builderFor(column: StoredColumn, summary: ColumnSummary, chunkRows: number): ColumnBuilder {
  if (column.type === 'image') throw new RangeError('builderFor: a CSV has no image columns');
  return createColumnBuilder(column.name, column.type, chunkRows, summary.histogram);
}

/**
 * Finds the file a CSV cell names: relative to the CSV's folder, then to the top, then a bare
 * name by name anywhere when only one file has it. Windows separators are read as `/`; a path
 * that could escape the folder is refused, never followed.
 */
function fileFinder(
  paths: readonly string[],
  tableFolder: string,
  container: ImageContainer,
): (cell: string) => Result<number> {
  const byPath = new Map<string, number>();
  // null: more than one file has the name.
  const byName = new Map<string, number | null>();
  paths.forEach((path, index) => {
    if (isIgnoredPath(path)) return;
    byPath.set(path, index);
    const name = path.slice(path.lastIndexOf('/') + 1);
    byName.set(name, byName.has(name) ? null : index);
  });
  return (cell) => {
    const path = cell
      .trim()
      .replaceAll('\\', '/')
      .replace(/^(\.\/)+/, '');
    const unsafe = unsafePathReason(path);
    if (unsafe) return { ok: false, error: unsafe.replace('not extracted', 'not read') };
    const index =
      byPath.get(tableFolder + path) ?? byPath.get(path) ?? (path.includes('/') ? undefined : byName.get(path));
    if (index === null) return { ok: false, error: `several files are named ${path}: give its folder too` };
    return index === undefined ? { ok: false, error: `not in the ${container}` } : { ok: true, value: index };
  };
}
