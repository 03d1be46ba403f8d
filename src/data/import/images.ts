/**
 * Image files (from a zip or a folder) → a stored data set. Either each sub-folder is a class
 * (two columns: `image`, every image resized to one size, and `label`, the folder), or the files
 * include one CSV naming the images, whose rows become the table (see imageTable.ts).
 *
 * Pure: the files arrive as paths with a way to read their bytes, and decoding is injected
 * (`ImageDecoder`; the browser's is workers/decodeImage.ts), so all of it runs in Vitest.
 * Chunks are written as they fill, so an import holds a chunk and a few decoded images, never all.
 */
import type { Result } from '../../model/result';
import { channelsOf, MAX_IMAGE_SIZE } from '../imageSettings';
import type { SkippedFile } from '../schema';
import { createLabelColumnBuilder } from './csv';
import {
  ImageColumnBuilder,
  imageChunkRows,
  noImagesError,
  preparedInOrder,
  prepareImage,
  SkippedList,
  thumbnailsPerGroup,
  isIgnoredPath,
  unsafePathReason,
  type ImageFile,
} from './imageColumn';
import type { ImageContainer, ImageImportOptions, ImportedImages } from './imageImport';
import { findTableFile, importImageTable } from './imageTable';

export const NO_SUB_FOLDERS = (container: ImageContainer) =>
  `The ${container} has no sub-folders: put each class's images in a folder named after the class.`;

// ── paths → labels ───────────────────────────────────────────────────────────

export interface LabelledFile {
  /** Index into the paths given to `labelFiles`. */
  readonly index: number;
  readonly path: string;
  readonly label: string;
}

export interface LabelledFiles {
  readonly files: readonly LabelledFile[];
  /** Files left out for their path alone: unsafe, or not in a class folder. */
  readonly skipped: readonly SkippedFile[];
  /** Where folders nest deeper than one level: which folder became the label, in words. */
  readonly note?: string;
}

/**
 * Works out each file's class from its path: the sub-folder it is in. A single top folder that
 * holds everything (`digits/` in `digits/3/17.png`, or the folder a person picked) is not a class
 * and is dropped. Where every image sits equally deep in nested folders (`a/x/1.png`, `b/y/2.png`;
 * `train/cat/…`, `test/cat/…`), the folder that holds the images is its class; where depths
 * differ, the first folder is, and the note says which folders were merged into it. Folders (`…/`), dotfiles and macOS's `__MACOSX/` are ignored silently. A path
 * that could escape the folder it is unpacked into (`..`, absolute, drive letters, backslashes)
 * is skipped and listed, never followed; so is a file outside any class folder.
 */
export function labelFiles(paths: readonly string[], container: ImageContainer): Result<LabelledFiles> {
  const skipped: SkippedFile[] = [];
  const candidates: { index: number; path: string; segments: string[] }[] = [];
  paths.forEach((path, index) => {
    if (path.endsWith('/')) return;
    const unsafe = unsafePathReason(path);
    if (unsafe) return skipped.push({ path, reason: unsafe });
    const segments = path.split('/');
    if (isIgnoredPath(path)) return;
    candidates.push({ index, path, segments });
  });
  if (candidates.length === 0 && skipped.length === 0) return { ok: false, error: `The ${container} holds no files.` };

  const top = candidates[0]?.segments[0];
  const oneTopFolder = candidates.every(({ segments }) => segments.length > 1 && segments[0] === top);
  const inFolders: { index: number; path: string; folders: string[] }[] = [];
  for (const { index, path, segments } of candidates) {
    const inside = oneTopFolder ? segments.slice(1) : segments;
    if (inside.length < 2)
      skipped.push({
        path,
        reason: 'not in a class folder (each class’s images go in a folder named after the class)',
      });
    else inFolders.push({ index, path, folders: inside.slice(0, -1) });
  }
  if (inFolders.length === 0) return { ok: false, error: NO_SUB_FOLDERS(container) };
  const depths = new Set(inFolders.map(({ folders }) => folders.length));
  const level = depths.size === 1 ? [...depths][0]! - 1 : 0;
  const files = inFolders.map(({ index, path, folders }) => ({ index, path, label: folders[level]! }));
  const note = nestingNote(inFolders, level, depths.size > 1);
  return { ok: true, value: { files, skipped, ...(note && { note }) } };
}

/** What a person needs told about nested folders: which level named the classes, and what it left out or merged. */
function nestingNote(
  inFolders: readonly { folders: readonly string[] }[],
  level: number,
  mixed: boolean,
): string | undefined {
  const distinct = (names: Iterable<string>) => [...new Set(names)];
  const listed = (names: readonly string[]) => names.slice(0, 4).join(', ') + (names.length > 4 ? ', …' : '');
  if (mixed) {
    const merged = distinct(
      inFolders.flatMap(({ folders }) => (folders.length > 1 ? [folders.slice(0, 2).join('/')] : [])),
    );
    return `Images sit in folders of different depths: each is labelled by its first folder, and the folders inside those (${listed(merged)}) are part of their class.`;
  }
  if (level === 0) return undefined;
  const above = distinct(inFolders.map(({ folders }) => folders.slice(0, level).join('/')));
  return `Folders nest ${level + 1} deep: each image is labelled by the folder that holds it (${listed(distinct(inFolders.map(({ folders }) => folders[level]!)))}); the folders above (${listed(above)}) are not part of the label.`;
}

// ── the import ───────────────────────────────────────────────────────────────

export async function importImageFiles(
  allFiles: readonly ImageFile[],
  options: ImageImportOptions,
): Promise<Result<ImportedImages>> {
  const { settings } = options;
  if (!Number.isInteger(settings.size) || settings.size < 1 || settings.size > MAX_IMAGE_SIZE) {
    return {
      ok: false,
      error: `The image size must be a whole number of pixels from 1 to ${MAX_IMAGE_SIZE}; it is ${settings.size}.`,
    };
  }
  const table = findTableFile(
    allFiles.map((file) => file.path),
    options.container,
  );
  if (!table.ok) return table;
  if (table.value !== undefined) return importImageTable(allFiles, table.value, options);
  return importClassFolders(allFiles, options);
}

async function importClassFolders(
  allFiles: readonly ImageFile[],
  options: ImageImportOptions,
): Promise<Result<ImportedImages>> {
  const { settings, decode, writeChunk, onProgress, container } = options;
  const labelled = labelFiles(
    allFiles.map((file) => file.path),
    container,
  );
  if (!labelled.ok) return labelled;
  const { files } = labelled.value;
  const size = settings.size;
  const channels = channelsOf(settings.color);
  const bytesPerImage = size * size * channels;
  const chunkRows = options.chunkRows ?? imageChunkRows(bytesPerImage);
  const classCount = new Set(files.map((file) => file.label)).size;

  const skipped = new SkippedList(labelled.value.skipped);
  const images = new ImageColumnBuilder(
    'image',
    size,
    channels,
    chunkRows,
    thumbnailsPerGroup(bytesPerImage, classCount),
  );
  const labels = createLabelColumnBuilder('label', chunkRows);
  let rowCount = 0;
  let chunksWritten = 0;
  let done = 0;
  for await (const [file, prepared] of preparedInOrder(files, (file) =>
    prepareImage(allFiles[file.index]!, decode, size),
  )) {
    if (!prepared.ok) {
      skipped.add({ path: file.path, reason: prepared.reason });
    } else {
      images.push(prepared, file.label);
      labels.push(file.label);
      if (++rowCount % chunkRows === 0) {
        const written = await writeChunk(chunksWritten++, [images.takeChunk(), labels.takeChunk()]);
        if (!written.ok) return written;
      }
    }
    onProgress?.({ filesDone: ++done, filesTotal: files.length });
  }
  if (rowCount === 0) return { ok: false, error: noImagesError(skipped) };
  if (rowCount % chunkRows > 0) {
    const written = await writeChunk(chunksWritten++, [images.takeChunk(), labels.takeChunk()]);
    if (!written.ok) return written;
  }

  const image = images.finish(skipped);
  const label = labels.finish();
  return {
    ok: true,
    value: {
      meta: {
        ...options.origin,
        rowCount,
        columns: [image.summary, label.summary],
        preview: [],
        kind: 'images',
        images: image.report,
        ...(labelled.value.note && { readingNotes: [labelled.value.note] }),
      },
      layout: { chunkRows, chunkCount: chunksWritten, columns: [image.layout, label.layout] },
    },
  };
}
