// The gradients of a depthwise convolution over an NHWC input: each input channel c has its own
// `multiplier` filters, and output channel c·multiplier + m is input channel c through filter m.
// The filter is [filterHeight, filterWidth, channels, multiplier], so at one tap its values line
// up with a pixel's output channels: with multiplier 1 both gradients are vector products over
// the channels.
//
// Geometry after the pointers, as in conv.ts: batch, inHeight, inWidth, channels, outHeight,
// outWidth, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth,
// padTop, padLeft; then the multiplier.

import { addProductInto, addScaledInto, dot } from './vector';

/** dW[fy, fx, c, m] = Σ over b, oy, ox of x[b, iy, ix, c] · dy[b, oy, ox, c·multiplier + m]. */
export function depthwiseFilterGradient(
  x: usize,
  dy: usize,
  dW: usize,
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
  multiplier: i32,
): void {
  const outChannels = channels * multiplier;
  memory.fill(dW, 0, <usize>(filterHeight * filterWidth * outChannels) << 2);
  let gradient = dy;
  for (let b = 0; b < batch; b++) {
    const image = x + ((<usize>b * inHeight * inWidth * channels) << 2);
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let fy = 0; fy < filterHeight; fy++) {
          const iy = oy * strideHeight + fy * dilationHeight - padTop;
          if (iy < 0 || iy >= inHeight) continue;
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = ox * strideWidth + fx * dilationWidth - padLeft;
            if (ix < 0 || ix >= inWidth) continue;
            const pixel = image + ((<usize>(iy * inWidth + ix) * channels) << 2);
            const tap = dW + ((<usize>(fy * filterWidth + fx) * outChannels) << 2);
            if (multiplier == 1) {
              addProductInto(tap, pixel, gradient, channels);
            } else {
              for (let c = 0; c < channels; c++) {
                const at = <usize>(c * multiplier) << 2;
                addScaledInto(tap + at, gradient + at, load<f32>(pixel + (<usize>c << 2)), multiplier);
              }
            }
          }
        }
        gradient += <usize>outChannels << 2;
      }
    }
  }
}

/** dx[b, iy, ix, c] = Σ over the windows covering it and m of dy[b, oy, ox, c·multiplier + m] · W[fy, fx, c, m]. */
export function depthwiseInputGradient(
  dy: usize,
  filter: usize,
  dx: usize,
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
  multiplier: i32,
): void {
  const outChannels = channels * multiplier;
  memory.fill(dx, 0, <usize>(batch * inHeight * inWidth * channels) << 2);
  let gradient = dy;
  for (let b = 0; b < batch; b++) {
    const image = dx + ((<usize>b * inHeight * inWidth * channels) << 2);
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let fy = 0; fy < filterHeight; fy++) {
          const iy = oy * strideHeight + fy * dilationHeight - padTop;
          if (iy < 0 || iy >= inHeight) continue;
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = ox * strideWidth + fx * dilationWidth - padLeft;
            if (ix < 0 || ix >= inWidth) continue;
            const pixel = image + ((<usize>(iy * inWidth + ix) * channels) << 2);
            const tap = filter + ((<usize>(fy * filterWidth + fx) * outChannels) << 2);
            if (multiplier == 1) {
              addProductInto(pixel, gradient, tap, channels);
            } else {
              for (let c = 0; c < channels; c++) {
                const at = pixel + (<usize>c << 2);
                const from = <usize>(c * multiplier) << 2;
                store<f32>(at, load<f32>(at) + dot(gradient + from, tap + from, multiplier));
              }
            }
          }
        }
        gradient += <usize>outChannels << 2;
      }
    }
  }
}
