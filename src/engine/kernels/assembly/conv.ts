// The patch matrix of a convolution over an NHWC input (im2col) and its adjoint (col2im): with
// them, a convolution's filter gradient is colᵀ·dy and its input gradient dy·Wᵀ scattered back,
// both products on the gemm.
//
// Every window kernel takes its geometry in the same order, after its pointers: batch, inHeight,
// inWidth, channels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth,
// dilationHeight, dilationWidth, padTop, padLeft. A row of the patch matrix is one output position
// (b, oy, ox), in NHWC order; it holds filterHeight × filterWidth × channels values.

import { addInto, clearFloats, copyFloats } from './vector';

/**
 * Writes rows [first, first + rows) of the patch matrix to `col`: the input values each window
 * covers, zeros where it hangs over the padding.
 */
export function im2col(
  x: usize,
  col: usize,
  first: i32,
  rows: i32,
  batch: i32,
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  filterHeight: i32,
  filterWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
): void {
  const tapRow = filterWidth * channels;
  const imageBytes = <usize>(inHeight * inWidth * channels) << 2;
  // Output coordinates counted along, not divided out per row: a division costs more than a row's copies.
  let ox = first % outWidth;
  let oy = (first / outWidth) % outHeight;
  let image = x + <usize>(first / (outWidth * outHeight)) * imageBytes;
  let out = col;
  for (let row = 0; row < rows; row++, ox++) {
    if (ox == outWidth) {
      ox = 0;
      if (++oy == outHeight) {
        oy = 0;
        image += imageBytes;
      }
    }
    const x0 = ox * strideWidth - padLeft;
    // The window's taps along a row are contiguous in memory: one copy each.
    const wholeRow = dilationWidth == 1 && x0 >= 0 && x0 + filterWidth <= inWidth;
    for (let fy = 0; fy < filterHeight; fy++) {
      const iy = oy * strideHeight + fy * dilationHeight - padTop;
      if (iy < 0 || iy >= inHeight) {
        clearFloats(out, tapRow);
      } else {
        const line = image + ((<usize>iy * inWidth * channels) << 2);
        if (wholeRow) {
          copyFloats(out, line + ((<usize>x0 * channels) << 2), tapRow);
        } else {
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = x0 + fx * dilationWidth;
            const to = out + ((<usize>fx * channels) << 2);
            if (ix < 0 || ix >= inWidth) clearFloats(to, channels);
            else copyFloats(to, line + ((<usize>ix * channels) << 2), channels);
          }
        }
      }
      out += <usize>tapRow << 2;
    }
  }
}

/**
 * Adds rows [first, first + rows) of a patch matrix back into the input positions they were read
 * from (the adjoint of im2col): `dx` must hold the sum so far (zeros at first); padding is dropped.
 */
export function col2im(
  col: usize,
  dx: usize,
  first: i32,
  rows: i32,
  batch: i32,
  inHeight: i32,
  inWidth: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  filterHeight: i32,
  filterWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  dilationHeight: i32,
  dilationWidth: i32,
  padTop: i32,
  padLeft: i32,
): void {
  const tapRow = filterWidth * channels;
  const imageBytes = <usize>(inHeight * inWidth * channels) << 2;
  let ox = first % outWidth;
  let oy = (first / outWidth) % outHeight;
  let image = dx + <usize>(first / (outWidth * outHeight)) * imageBytes;
  let from = col;
  for (let row = 0; row < rows; row++, ox++) {
    if (ox == outWidth) {
      ox = 0;
      if (++oy == outHeight) {
        oy = 0;
        image += imageBytes;
      }
    }
    const x0 = ox * strideWidth - padLeft;
    const wholeRow = dilationWidth == 1 && x0 >= 0 && x0 + filterWidth <= inWidth;
    for (let fy = 0; fy < filterHeight; fy++) {
      const iy = oy * strideHeight + fy * dilationHeight - padTop;
      if (iy >= 0 && iy < inHeight) {
        const line = image + ((<usize>iy * inWidth * channels) << 2);
        if (wholeRow) {
          addInto(line + ((<usize>x0 * channels) << 2), from, tapRow);
        } else {
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = x0 + fx * dilationWidth;
            if (ix >= 0 && ix < inWidth) addInto(line + ((<usize>ix * channels) << 2), from + ((<usize>fx * channels) << 2), channels);
          }
        }
      }
      from += <usize>tapRow << 2;
    }
  }
}
