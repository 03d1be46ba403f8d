/**
 * The first bytes of image files of any size, written by hand from each format's specification:
 * enough for a header reader, never a decodable image (the pixels are missing).
 */

function bytes(length: number, write: (view: DataView, array: Uint8Array) => void): Uint8Array {
  const array = new Uint8Array(length);
  write(new DataView(array.buffer), array);
  return array;
}

function putAscii(array: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) array[offset + i] = text.charCodeAt(i);
}

/** Signature, then the IHDR chunk: length 13, type, width, height (big-endian), depth 8, colour type 6. */
export function pngHeader(width: number, height: number): Uint8Array {
  return bytes(33, (view, array) => {
    array.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    view.setUint32(8, 13);
    putAscii(array, 12, 'IHDR');
    view.setUint32(16, width);
    view.setUint32(20, height);
    array.set([8, 6, 0, 0, 0], 24);
  });
}

/** SOI, an APP0 (JFIF) segment to walk past, then SOF0 or SOF2 with precision, height, width. */
export function jpegHeader(width: number, height: number, frameMarker = 0xc0): Uint8Array {
  return bytes(2 + 18 + 19, (view, array) => {
    array.set([0xff, 0xd8, 0xff, 0xe0]);
    view.setUint16(4, 16);
    putAscii(array, 6, 'JFIF\0');
    array.set([0xff, frameMarker], 20);
    view.setUint16(22, 17);
    array[24] = 8;
    view.setUint16(25, height);
    view.setUint16(27, width);
  });
}

export function gifHeader(width: number, height: number): Uint8Array {
  return bytes(13, (view, array) => {
    putAscii(array, 0, 'GIF89a');
    view.setUint16(6, width, true);
    view.setUint16(8, height, true);
  });
}

/** BITMAPINFOHEADER (40 bytes); a negative height means rows top-down. */
export function bmpHeader(width: number, height: number): Uint8Array {
  return bytes(54, (view, array) => {
    putAscii(array, 0, 'BM');
    view.setUint32(14, 40, true);
    view.setInt32(18, width, true);
    view.setInt32(22, height, true);
  });
}

/** The old OS/2 BITMAPCOREHEADER (12 bytes): uint16 sizes. */
export function bmpCoreHeader(width: number, height: number): Uint8Array {
  return bytes(26, (view, array) => {
    putAscii(array, 0, 'BM');
    view.setUint32(14, 12, true);
    view.setUint16(18, width, true);
    view.setUint16(20, height, true);
  });
}

function riff(chunk: string, payload: number, write: (view: DataView, array: Uint8Array) => void): Uint8Array {
  return bytes(20 + payload, (view, array) => {
    putAscii(array, 0, 'RIFF');
    view.setUint32(4, 12 + payload, true);
    putAscii(array, 8, 'WEBP');
    putAscii(array, 12, chunk);
    view.setUint32(16, payload, true);
    write(view, array);
  });
}

export function webpLossyHeader(width: number, height: number): Uint8Array {
  return riff('VP8 ', 10, (view, array) => {
    array.set([0x9d, 0x01, 0x2a], 23);
    view.setUint16(26, width, true);
    view.setUint16(28, height, true);
  });
}

export function webpLosslessHeader(width: number, height: number): Uint8Array {
  return riff('VP8L', 5, (view, array) => {
    array[20] = 0x2f;
    view.setUint32(21, (width - 1) | ((height - 1) << 14), true);
  });
}

export function webpExtendedHeader(width: number, height: number): Uint8Array {
  return riff('VP8X', 10, (_view, array) => {
    array.set([(width - 1) & 0xff, ((width - 1) >> 8) & 0xff, (width - 1) >> 16], 24);
    array.set([(height - 1) & 0xff, ((height - 1) >> 8) & 0xff, (height - 1) >> 16], 27);
  });
}
