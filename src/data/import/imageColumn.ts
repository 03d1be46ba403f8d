/**
 * An image column built from files, shared by both image imports (class folders, and a CSV
 * naming image files): each file read, checked from its header (format, size, at most
 * MAX_MEGAPIXELS) and decoded through the injected `ImageDecoder`, a few ahead of the one being
 * stored; pixels cut into chunks as grayscale or RGB; thumbnails, the sizes the files came in, and
 * the files skipped with why.
 */
import type { Result } from '../../model/result';
import { CHUNK_ROWS } from '../chunks';
import type {
  ClassThumbnails,
  ColumnLayout,
  ColumnSummary,
  ImageChannels,
  ImageImportReport,
  SkippedFile,
} from '../schema';
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

/** Folders (`…/`), dotfiles and macOS's `__MACOSX/`: an archive's furniture, passed over without a word. */
export function isIgnoredPath(path: string): boolean {
  const segments = path.split('/');
  return path.endsWith('/') || segments[0] === '__MACOSX' || segments.some((segment) => segment.startsWith('.'));
}

/** Why a path (from a zip, a folder or a CSV cell) could escape the folder it is read from, if it could. */
export function unsafePathReason(path: string): string | undefined {
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

// ── decoding ─────────────────────────────────────────────────────────────────

/** What a file came to before it is stored: its pixels, or why it is skipped. */
export type PreparedImage =
  | { readonly ok: true; readonly rgba: Uint8ClampedArray; readonly sourceSize: ImageSize }
  | { readonly ok: false; readonly reason: string };

/** Reads, checks and decodes one file, resized to `size` square. */
export async function prepareImage(file: ImageFile, decode: ImageDecoder, size: number): Promise<PreparedImage> {
  const read = await file.read();
  if (!read.ok) return { ok: false, reason: read.error };
  const checked = checkImage(read.value);
  if (!checked.ok) return { ok: false, reason: checked.error };
  const decoded = await decodeSafely(decode, read.value, checked.value.format, size);
  if (!decoded.ok) return { ok: false, reason: decoded.error };
  if (decoded.value.length !== size * size * 4)
    throw new RangeError(`ImageDecoder returned ${decoded.value.length} bytes for ${size}×${size} RGBA`);
  return { ok: true, rgba: decoded.value, sourceSize: checked.value.size };
}

/**
 * An image file's bytes as a model's input pixels (`input`: its image size and channels; undefined
 * when it takes no image): decoded, resized and made grayscale or RGB as the import did, so a
 * prediction sees what training saw. Used by the studio's Predict view and the exported web app.
 */
export async function imagePixelsFor(
  input: { readonly height: number; readonly width: number; readonly channels: number } | undefined,
  bytes: Uint8Array,
  decode: ImageDecoder,
): Promise<Result<Uint8Array>> {
  if (!input) return { ok: false, error: 'This model does not predict from images.' };
  const prepared = await prepareImage(
    { path: 'image', read: async () => ({ ok: true, value: bytes }) },
    decode,
    input.height,
  );
  if (!prepared.ok) return { ok: false, error: `That file cannot be used: ${prepared.reason}.` };
  const pixels = new Uint8Array(input.height * input.width * input.channels);
  fromRgba(prepared.rgba, input.channels === 3 ? 3 : 1, pixels, 0);
  return { ok: true, value: pixels };
}

/** Each item with its prepared image, in order, with up to DECODE_AHEAD prepared ahead: the browser decodes off the worker's thread. */
export async function* preparedInOrder<T>(
  items: readonly T[],
  prepare: (item: T) => Promise<PreparedImage>,
): AsyncGenerator<readonly [T, PreparedImage]> {
  const ahead: Promise<PreparedImage>[] = [];
  let next = 0;
  for (const item of items) {
    while (ahead.length < DECODE_AHEAD && next < items.length) ahead.push(prepare(items[next++]!));
    yield [item, await ahead.shift()!];
  }
}

/** Thumbnails kept per group (class) so that all groups' together stay under THUMBNAIL_BYTES. */
export function thumbnailsPerGroup(bytesPerImage: number, groups: number): number {
  return Math.max(1, Math.min(THUMBNAILS_PER_CLASS, Math.floor(THUMBNAIL_BYTES / (bytesPerImage * groups))));
}

/**
 * An image column built row by row, like the CSV's column builders: pixels cut into chunks, a few
 * thumbnails per group (a class, say), and the sizes the files came in.
 */
export class ImageColumnBuilder {
  private readonly bytesPerImage: number;
  private pixels: Uint8Array;
  private rows = 0;
  private readonly groups = new Map<string, ClassSample>();
  private readonly sourceSizes = new Map<string, { width: number; height: number; count: number }>();

  constructor(
    private readonly name: string,
    private readonly size: number,
    private readonly channels: ImageChannels,
    private readonly chunkRows: number,
    private readonly thumbnailsPerGroup: number,
  ) {
    this.bytesPerImage = size * size * channels;
    this.pixels = new Uint8Array(chunkRows * this.bytesPerImage);
  }

  push(image: Extract<PreparedImage, { ok: true }>, group: string): void {
    const offset = this.rows++ * this.bytesPerImage;
    fromRgba(image.rgba, this.channels, this.pixels, offset);
    sampleClass(this.groups, group, this.pixels.subarray(offset, offset + this.bytesPerImage), this.thumbnailsPerGroup);
    countSize(this.sourceSizes, image.sourceSize);
  }

  takeChunk(): Uint8Array {
    const chunk = this.rows === this.chunkRows ? this.pixels : this.pixels.slice(0, this.rows * this.bytesPerImage);
    this.pixels = new Uint8Array(this.chunkRows * this.bytesPerImage);
    this.rows = 0;
    return chunk;
  }

  finish(skipped: SkippedList): {
    readonly layout: ColumnLayout;
    readonly summary: ColumnSummary;
    readonly report: ImageImportReport;
  } {
    const { name, size, channels, bytesPerImage } = this;
    return {
      layout: { name, type: 'image', height: size, width: size, channels },
      summary: { name, type: 'image', missing: 0, unique: 0, height: size, width: size, channels },
      report: {
        height: size,
        width: size,
        channels,
        thumbnails: [...this.groups.keys()].sort().map((group): ClassThumbnails => {
          const { count, kept, pixels } = this.groups.get(group)!;
          return { label: group, count, pixels: pixels.slice(0, kept * bytesPerImage) };
        }),
        skipped: skipped.listed,
        skippedCount: skipped.count,
        sourceSizes: [...this.sourceSizes.values()].sort((a, b) => b.count - a.count).slice(0, SOURCE_SIZES_LISTED),
        sourceSizeCount: this.sourceSizes.size,
      },
    };
  }
}

/** The format and size from the header, or why the file cannot be imported. */
function checkImage(bytes: Uint8Array): Result<{ format: ImageFormat; size: ImageSize }> {
  const format = sniffImageFormat(bytes);
  if (format === undefined) return { ok: false, error: 'not an image (PNG, JPEG, WebP, GIF or BMP)' };
  const size = readImageSize(bytes, format);
  if (size === undefined)
    return { ok: false, error: `a damaged ${FORMAT_NAMES[format]} file (its header is incomplete)` };
  if (size.width === 0 || size.height === 0)
    return {
      ok: false,
      error: `a damaged ${FORMAT_NAMES[format]} file (its header says ${size.width}×${size.height} pixels)`,
    };
  const megapixels = (size.width * size.height) / 1e6;
  if (megapixels > MAX_MEGAPIXELS) {
    return {
      ok: false,
      error: `too large to decode: ${size.width}×${size.height} pixels is ${Math.round(megapixels)} megapixels (at most ${MAX_MEGAPIXELS})`,
    };
  }
  return { ok: true, value: { format, size } };
}

/** A decoder that throws (the browser refusing odd bytes) skips the file like one that reports an error. */
async function decodeSafely(
  decode: ImageDecoder,
  bytes: Uint8Array,
  format: ImageFormat,
  size: number,
): Promise<Result<Uint8ClampedArray>> {
  try {
    return await decode(bytes, format, size);
  } catch (error) {
    return {
      ok: false,
      error: `a damaged ${FORMAT_NAMES[format]} file (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

export function noImagesError(skipped: SkippedList): string {
  const examples = skipped.listed.slice(0, 3).map((file) => `${file.path}: ${file.reason}`);
  return `No image could be imported; ${skipped.count === 1 ? 'the one file was' : `all ${skipped.count} files were`} skipped (${examples.join('; ')}${skipped.count > examples.length ? '; …' : ''}).`;
}

export class SkippedList {
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

function countSize(
  sizes: Map<string, { width: number; height: number; count: number }>,
  { width, height }: ImageSize,
): void {
  const key = `${width}×${height}`;
  const seen = sizes.get(key);
  if (seen) seen.count++;
  else sizes.set(key, { width, height, count: 1 });
}
