/**
 * What kind of image a file holds, and how large it is, from its first bytes alone: the format
 * from its magic bytes (a file's extension can lie), its width and height from its header, so an
 * image too large to decode safely is refused before anything allocates its pixels.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';

export const FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  bmp: 'BMP',
  webp: 'WebP',
};

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** File name endings of the formats the importer reads; a CSV cell ending in one names an image file. */
const IMAGE_FILE_ENDING = /\.(png|jpe?g|gif|bmp|webp)$/i;

/** Whether a text (a CSV cell) looks like the path of an image file: `images/cat 1.PNG`, `0042.jpg`. */
export function namesImageFile(text: string): boolean {
  return IMAGE_FILE_ENDING.test(text.trim());
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 26) return 'bmp';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return undefined;
}

/** Width and height as the header states them; undefined when the header is cut short or malformed. */
export function readImageSize(bytes: Uint8Array, format: ImageFormat): ImageSize | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = (width: number, height: number, needed: number): ImageSize | undefined =>
    bytes.length >= needed ? { width, height } : undefined;
  try {
    switch (format) {
      case 'png':
        // The first chunk must be IHDR: width and height as big-endian uint32.
        return ascii(bytes, 12, 4) === 'IHDR' ? size(view.getUint32(16), view.getUint32(20), 24) : undefined;
      case 'gif':
        return size(view.getUint16(6, true), view.getUint16(8, true), 10);
      case 'bmp':
        return bmpSize(view);
      case 'webp':
        return webpSize(bytes, view);
      case 'jpeg':
        return jpegSize(bytes, view);
    }
  } catch (error) {
    // A DataView read past the end: the header is cut short.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** BITMAPCOREHEADER (12 bytes) stores uint16 sizes; later headers int32, negative height meaning top-down rows. */
function bmpSize(view: DataView): ImageSize {
  const headerSize = view.getUint32(14, true);
  if (headerSize === 12) return { width: view.getUint16(18, true), height: view.getUint16(20, true) };
  return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
}

function webpSize(bytes: Uint8Array, view: DataView): ImageSize | undefined {
  switch (ascii(bytes, 12, 4)) {
    case 'VP8 ':
      // A lossy key frame: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
      if (!startsWith(bytes.subarray(23), [0x9d, 0x01, 0x2a])) return undefined;
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    case 'VP8L': {
      // Lossless: signature 0x2f, then width − 1 and height − 1 in 14 bits each, little-endian.
      if (bytes[20] !== 0x2f) return undefined;
      const bits = view.getUint32(21, true);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case 'VP8X':
      // Extended: the canvas width − 1 and height − 1 as 24-bit little-endian numbers.
      return { width: uint24(view, 24) + 1, height: uint24(view, 27) + 1 };
    default:
      return undefined;
  }
}

/**
 * Walks the JPEG's marker segments up to the first start-of-frame (SOF0–SOF15 but DHT, JPG and
 * DAC), which holds the height then the width. A scan before any frame header is malformed.
 */
function jpegSize(bytes: Uint8Array, view: DataView): ImageSize | undefined {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}

function uint24(view: DataView, offset: number): number {
  return view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getUint8(offset + 2) << 16);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
