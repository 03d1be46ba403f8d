import { describe, expect, it } from 'vitest';
import {
  bmpCoreHeader,
  bmpHeader,
  gifHeader,
  jpegHeader,
  pngHeader,
  webpExtendedHeader,
  webpLosslessHeader,
  webpLossyHeader,
} from '../../test/imageHeaders';
import { readImageSize, sniffImageFormat, type ImageFormat } from './imageFormat';

/** Each header, with where its size fields end. */
const HEADERS: [string, ImageFormat, (width: number, height: number) => Uint8Array, number][] = [
  ['PNG', 'png', pngHeader, 24],
  ['JPEG (baseline)', 'jpeg', jpegHeader, 29],
  ['JPEG (progressive)', 'jpeg', (w, h) => jpegHeader(w, h, 0xc2), 29],
  ['GIF', 'gif', gifHeader, 10],
  ['BMP', 'bmp', bmpHeader, 26],
  ['BMP (core header)', 'bmp', bmpCoreHeader, 22],
  ['WebP (lossy)', 'webp', webpLossyHeader, 30],
  ['WebP (lossless)', 'webp', webpLosslessHeader, 25],
  ['WebP (extended)', 'webp', webpExtendedHeader, 30],
];

describe('image headers', () => {
  it.each(HEADERS)('%s: the format from the magic bytes, the size from the header', (_name, format, header) => {
    for (const [width, height] of [
      [1, 1],
      [28, 17],
      [640, 480],
      [10_000 % 16_384, 9_999],
    ] as const) {
      const bytes = header(width, height);
      expect(sniffImageFormat(bytes)).toBe(format);
      expect(readImageSize(bytes, format)).toEqual({ width, height });
    }
  });

  it('reads sizes beyond 16 bits (PNG, extended WebP) and a top-down BMP', () => {
    expect(readImageSize(pngHeader(100_000, 70_000), 'png')).toEqual({ width: 100_000, height: 70_000 });
    expect(readImageSize(webpExtendedHeader(20_000, 30_000), 'webp')).toEqual({ width: 20_000, height: 30_000 });
    expect(readImageSize(bmpHeader(64, -32), 'bmp')).toEqual({ width: 64, height: 32 });
  });

  it.each(HEADERS)(
    '%s: a header cut short anywhere before its size ends has no size',
    (_name, format, header, sizeEnd) => {
      const bytes = header(30, 20);
      expect(readImageSize(bytes.subarray(0, sizeEnd), format)).toEqual({ width: 30, height: 20 });
      for (let length = 0; length < sizeEnd; length++)
        expect(readImageSize(bytes.subarray(0, length), format)).toBeUndefined();
    },
  );

  it('knows text, a PDF and an empty file are not images, whatever their name', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(sniffImageFormat(encode('label,x\ncat,1\n'))).toBeUndefined();
    expect(sniffImageFormat(encode('%PDF-1.7'))).toBeUndefined();
    expect(sniffImageFormat(new Uint8Array(0))).toBeUndefined();
  });

  it('finds no size in a JPEG whose scan starts before any frame header', () => {
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 1, 2, 3, 4, 5, 6]);
    expect(readImageSize(bytes, 'jpeg')).toBeUndefined();
  });
});
