import type { ImageDecoder } from '../data/import/imageColumn';
import type { Result } from '../model/result';

/**
 * An ImageDecoder that needs no browser: paints the whole image in the file's last byte, refuses
 * files ending in 0 as damaged, and counts what it was asked to decode.
 */
export function fakeImageDecoder(): ImageDecoder & { decoded: number } {
  const decode = Object.assign(
    async (bytes: Uint8Array, _format: unknown, size: number): Promise<Result<Uint8ClampedArray>> => {
      decode.decoded++;
      const grey = bytes.at(-1)!;
      if (grey === 0) return { ok: false, error: 'a damaged file (the fake decoder says so)' };
      return { ok: true, value: new Uint8ClampedArray(size * size * 4).fill(grey) };
    },
    { decoded: 0 },
  );
  return decode;
}

/** Image header bytes followed by one byte: the grey level `fakeImageDecoder` paints. */
export function fakeImageBytes(header: Uint8Array, grey: number): Uint8Array {
  const bytes = new Uint8Array(header.length + 1);
  bytes.set(header);
  bytes[header.length] = grey;
  return bytes;
}
