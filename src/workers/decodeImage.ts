/**
 * The browser's image decoder for the image importer (data/import/images.ts), which stays pure
 * and takes this as a parameter. createImageBitmap decodes and resizes off the calling thread;
 * an OffscreenCanvas turns the bitmap into RGBA bytes. Works in workers.
 */
import { FORMAT_NAMES, type ImageFormat } from '../data/import/imageFormat';
import type { ImageDecoder } from '../data/import/imageColumn';

const MIME_TYPES: Readonly<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
};

/** Reused while the size stays the same: drawing and reading back are synchronous, so decodes in flight never share it mid-use. */
let canvas: OffscreenCanvasRenderingContext2D | undefined;

export const decodeImage: ImageDecoder = async (bytes, format, size) => {
  let bitmap: ImageBitmap;
  try {
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: MIME_TYPES[format] });
    // Stretched to a square, as the importer promises; 'high' keeps downscaled detail (not nearest-neighbour).
    bitmap = await createImageBitmap(blob, { resizeWidth: size, resizeHeight: size, resizeQuality: 'high' });
  } catch {
    return { ok: false, error: `a damaged ${FORMAT_NAMES[format]} file (the browser could not decode it)` };
  }
  try {
    if (canvas?.canvas.width !== size)
      canvas = new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true })!;
    // Transparent pixels must not show the previous image.
    canvas.clearRect(0, 0, size, size);
    canvas.drawImage(bitmap, 0, 0);
    return { ok: true, value: canvas.getImageData(0, 0, size, size).data };
  } finally {
    bitmap.close();
  }
};
