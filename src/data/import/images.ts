/**
 * Image files (from a zip or a folder) → a stored data set of two columns: `image` (uint8 pixels,
 * every image resized to one size) and `label` (the class: the sub-folder a file is in).
 *
 * Pure: the files arrive as paths with a way to read their bytes, and decoding is injected
 * (`ImageDecoder`; the browser's is workers/decodeImage.ts), so all of it runs in Vitest. Each
 * file's format comes from its magic bytes and its size from its header, before it is decoded:
 * a file that is not an image, is damaged, or is too large is skipped and listed with the reason.
 * Chunks are written as they fill, so an import holds a chunk and a few decoded images, never all.
 */
import { CHUNK_ROWS } from '../chunks';
import { channelsOf, MAX_IMAGE_SIZE, type ImageImportSettings } from '../imageSettings';
import type { ImageImportProgress } from '../importProgress';
import type {
  ChunkColumns,
  ClassThumbnails,
  ColumnSummary,
  DatasetLayout,
  DatasetMeta,
  ImageChannels,
  ImageImportReport,
  Result,
  SkippedFile,
} from '../schema';
import { createLabelColumnBuilder } from './csv';
import { FORMAT_NAMES, readImageSize, sniffImageFormat, type ImageFormat, type ImageSize } from './imageFormat';

/** Larger images are skipped unread: decoding 40 megapixels already takes 160 MB of RGBA. */
export const MAX_MEGAPIXELS = 40;
/** A chunk of images stays near this size (a comfortable IndexedDB record). */
export const IMAGE_CHUNK_BYTES = 4 * 2 ** 20;
/** Skipped files listed in the meta; the rest are counted. */
export const SKIPPED_LISTED = 200;
export const THUMBNAILS_PER_CLASS = 8;
/** All classes' thumbnails together stay under this, fewer per class when images are large or classes many. */
const THUMBNAIL_BYTES = 2 ** 20;
/** Source sizes the meta lists. */
const SOURCE_SIZES_LISTED = 5;
/** Files read and decoded ahead of the one being stored: the browser decodes off the worker's thread. */
const DECODE_AHEAD = 4;

export const NO_SUB_FOLDERS = (container: ImageContainer) =>
  `The ${container} has no sub-folders: put each class's images in a folder named after the class.`;

export type ImageContainer = 'zip' | 'folder';

/** One file of the zip or folder: its path (`/`-separated, as stored) and its bytes on demand. */
export interface ImageFile {
  readonly path: string;
  /** The bytes, or why they cannot be read (in words, e.g. "it is encrypted"). */
  read(): Promise<Result<Uint8Array>>;
}

/**
 * Decodes an image and resizes it to `size` × `size` (stretched), as RGBA bytes (4 per pixel,
 * row-major); an error (in words) when the bytes cannot be decoded.
 */
export type ImageDecoder = (bytes: Uint8Array, format: ImageFormat, size: number) => Promise<Result<Uint8ClampedArray>>;

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
}

/**
 * Works out each file's class from its path: the sub-folder it is in. A single top folder that
 * holds everything (`digits/` in `digits/3/17.png`, or the folder a person picked) is not a class
 * and is dropped. Folders (`…/`), dotfiles and macOS's `__MACOSX/` are ignored silently. A path
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
    if (segments[0] === '__MACOSX' || segments.some((segment) => segment.startsWith('.'))) return;
    candidates.push({ index, path, segments });
  });
  if (candidates.length === 0 && skipped.length === 0) return { ok: false, error: `The ${container} holds no files.` };

  const top = candidates[0]?.segments[0];
  const oneTopFolder = candidates.every(({ segments }) => segments.length > 1 && segments[0] === top);
  const files: LabelledFile[] = [];
  for (const { index, path, segments } of candidates) {
    const inside = oneTopFolder ? segments.slice(1) : segments;
    if (inside.length < 2) {
      skipped.push({ path, reason: 'not in a class folder (each class’s images go in a folder named after the class)' });
    } else {
      files.push({ index, path, label: inside[0]! });
    }
  }
  if (files.length === 0) return { ok: false, error: NO_SUB_FOLDERS(container) };
  return { ok: true, value: { files, skipped } };
}

function unsafePathReason(path: string): string | undefined {
  if (path.includes('\\')) return 'unsafe path (backslashes are not allowed); not extracted';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'unsafe path (absolute); not extracted';
  if (path.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) {
    return 'unsafe path (it points outside its folder); not extracted';
  }
  if (path.includes('\0')) return 'unsafe path (a NUL character); not extracted';
  return undefined;
}

// ── pixels ───────────────────────────────────────────────────────────────────

/**
 * Writes RGBA pixels into `out` at `offset` as grayscale (ITU-R BT.601 luma, what most image
 * libraries call "L") or RGB, one byte per channel. Alpha is dropped.
 */
export function fromRgba(rgba: Uint8ClampedArray, channels: ImageChannels, out: Uint8Array, offset: number): void {
  const pixels = rgba.length / 4;
  if (channels === 3) {
    for (let p = 0; p < pixels; p++) {
      out[offset + 3 * p] = rgba[4 * p]!;
      out[offset + 3 * p + 1] = rgba[4 * p + 1]!;
      out[offset + 3 * p + 2] = rgba[4 * p + 2]!;
    }
    return;
  }
  // 0.299, 0.587, 0.114 in 1/65536ths (summing to 65536, so white stays 255), rounded.
  for (let p = 0; p < pixels; p++) {
    out[offset + p] = (19595 * rgba[4 * p]! + 38470 * rgba[4 * p + 1]! + 7471 * rgba[4 * p + 2]! + 32768) >> 16;
  }
}

/** Rows per chunk so a chunk of images stays near IMAGE_CHUNK_BYTES. */
export function imageChunkRows(bytesPerImage: number): number {
  return Math.max(1, Math.min(CHUNK_ROWS, Math.floor(IMAGE_CHUNK_BYTES / bytesPerImage)));
}

// ── the import ───────────────────────────────────────────────────────────────

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

/** What a file came to before it is stored: its pixels, or why it is skipped. */
type Prepared = { readonly ok: true; readonly rgba: Uint8ClampedArray; readonly sourceSize: ImageSize } | { readonly ok: false; readonly reason: string };

export async function importImageFiles(allFiles: readonly ImageFile[], options: ImageImportOptions): Promise<Result<ImportedImages>> {
  const { settings, decode, writeChunk, onProgress, container } = options;
  if (!Number.isInteger(settings.size) || settings.size < 1 || settings.size > MAX_IMAGE_SIZE) {
    return { ok: false, error: `The image size must be a whole number of pixels from 1 to ${MAX_IMAGE_SIZE}; it is ${settings.size}.` };
  }
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
  const thumbnailsPerClass = Math.max(1, Math.min(THUMBNAILS_PER_CLASS, Math.floor(THUMBNAIL_BYTES / (bytesPerImage * classCount))));

  const skipped = new SkippedList(labelled.value.skipped);
  const labels = createLabelColumnBuilder('label', chunkRows);
  const classes = new Map<string, ClassSample>();
  const sourceSizes = new Map<string, { width: number; height: number; count: number }>();
  let pixels = new Uint8Array(chunkRows * bytesPerImage);
  let rowsInChunk = 0;
  let rowCount = 0;
  let chunksWritten = 0;

  const writePixels = async (): Promise<Result<void>> => {
    const chunkPixels = rowsInChunk === chunkRows ? pixels : pixels.slice(0, rowsInChunk * bytesPerImage);
    const written = await writeChunk(chunksWritten++, [chunkPixels, labels.takeChunk()]);
    pixels = new Uint8Array(chunkRows * bytesPerImage);
    rowsInChunk = 0;
    return written;
  };

  const prepare = async (file: LabelledFile): Promise<Prepared> => {
    const read = await allFiles[file.index]!.read();
    if (!read.ok) return { ok: false, reason: read.error };
    const checked = checkImage(read.value);
    if (!checked.ok) return { ok: false, reason: checked.error };
    const decoded = await decodeSafely(decode, read.value, checked.value.format, size);
    if (!decoded.ok) return { ok: false, reason: decoded.error };
    if (decoded.value.length !== size * size * 4) throw new RangeError(`ImageDecoder returned ${decoded.value.length} bytes for ${size}×${size} RGBA`);
    return { ok: true, rgba: decoded.value, sourceSize: checked.value.size };
  };

  const ahead: Promise<Prepared>[] = [];
  let next = 0;
  for (const [done, file] of files.entries()) {
    while (ahead.length < DECODE_AHEAD && next < files.length) ahead.push(prepare(files[next++]!));
    const prepared = await ahead.shift()!;
    if (!prepared.ok) {
      skipped.add({ path: file.path, reason: prepared.reason });
    } else {
      const offset = rowsInChunk * bytesPerImage;
      fromRgba(prepared.rgba, channels, pixels, offset);
      labels.push(file.label);
      sampleClass(classes, file.label, pixels.subarray(offset, offset + bytesPerImage), thumbnailsPerClass);
      countSize(sourceSizes, prepared.sourceSize);
      rowCount++;
      if (++rowsInChunk === chunkRows) {
        const written = await writePixels();
        if (!written.ok) return written;
      }
    }
    onProgress?.({ filesDone: done + 1, filesTotal: files.length });
  }
  if (rowCount === 0) return { ok: false, error: noImagesError(skipped) };
  if (rowsInChunk > 0) {
    const written = await writePixels();
    if (!written.ok) return written;
  }

  const label = labels.finish();
  const imageSummary: ColumnSummary = { name: 'image', type: 'image', missing: 0, unique: 0, height: size, width: size, channels };
  const report: ImageImportReport = {
    height: size,
    width: size,
    channels,
    thumbnails: [...classes.keys()].sort().map((value): ClassThumbnails => {
      const { count, kept, pixels } = classes.get(value)!;
      return { label: value, count, pixels: pixels.slice(0, kept * bytesPerImage) };
    }),
    skipped: skipped.listed,
    skippedCount: skipped.count,
    sourceSizes: [...sourceSizes.values()].sort((a, b) => b.count - a.count).slice(0, SOURCE_SIZES_LISTED),
    sourceSizeCount: sourceSizes.size,
  };
  return {
    ok: true,
    value: {
      meta: { ...options.origin, rowCount, columns: [imageSummary, label.summary], preview: [], kind: 'images', images: report },
      layout: {
        chunkRows,
        chunkCount: chunksWritten,
        columns: [{ name: 'image', type: 'image', height: size, width: size, channels }, label.layout],
      },
    },
  };
}

/** The format and size from the header, or why the file cannot be imported. */
function checkImage(bytes: Uint8Array): Result<{ format: ImageFormat; size: ImageSize }> {
  const format = sniffImageFormat(bytes);
  if (format === undefined) return { ok: false, error: 'not an image (PNG, JPEG, WebP, GIF or BMP)' };
  const size = readImageSize(bytes, format);
  if (size === undefined) return { ok: false, error: `a damaged ${FORMAT_NAMES[format]} file (its header is incomplete)` };
  if (size.width === 0 || size.height === 0) return { ok: false, error: `a damaged ${FORMAT_NAMES[format]} file (its header says ${size.width}×${size.height} pixels)` };
  const megapixels = (size.width * size.height) / 1e6;
  if (megapixels > MAX_MEGAPIXELS) {
    return { ok: false, error: `too large to decode: ${size.width}×${size.height} pixels is ${Math.round(megapixels)} megapixels (at most ${MAX_MEGAPIXELS})` };
  }
  return { ok: true, value: { format, size } };
}

/** A decoder that throws (the browser refusing odd bytes) skips the file like one that reports an error. */
async function decodeSafely(decode: ImageDecoder, bytes: Uint8Array, format: ImageFormat, size: number): Promise<Result<Uint8ClampedArray>> {
  try {
    return await decode(bytes, format, size);
  } catch (error) {
    return { ok: false, error: `a damaged ${FORMAT_NAMES[format]} file (${error instanceof Error ? error.message : String(error)})` };
  }
}

function noImagesError(skipped: SkippedList): string {
  const examples = skipped.listed.slice(0, 3).map((file) => `${file.path}: ${file.reason}`);
  return `No image could be imported; ${skipped.count === 1 ? 'the one file was' : `all ${skipped.count} files were`} skipped (${examples.join('; ')}${skipped.count > examples.length ? '; …' : ''}).`;
}

class SkippedList {
  readonly listed: SkippedFile[];
  count: number;

  constructor(initial: readonly SkippedFile[]) {
    this.listed = initial.slice(0, SKIPPED_LISTED);
    this.count = initial.length;
  }

  add(file: SkippedFile): void {
    if (this.listed.length < SKIPPED_LISTED) this.listed.push(file);
    this.count++;
  }
}

/** A class's image count and its first images, kept as thumbnails. */
interface ClassSample {
  count: number;
  kept: number;
  readonly pixels: Uint8Array;
}

function sampleClass(classes: Map<string, ClassSample>, label: string, image: Uint8Array, perClass: number): void {
  let sample = classes.get(label);
  if (!sample) classes.set(label, (sample = { count: 0, kept: 0, pixels: new Uint8Array(perClass * image.length) }));
  sample.count++;
  if (sample.kept < perClass) sample.pixels.set(image, sample.kept++ * image.length);
}

function countSize(sizes: Map<string, { width: number; height: number; count: number }>, { width, height }: ImageSize): void {
  const key = `${width}×${height}`;
  const seen = sizes.get(key);
  if (seen) seen.count++;
  else sizes.set(key, { width, height, count: 1 });
}
