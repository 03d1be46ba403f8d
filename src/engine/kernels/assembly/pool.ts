// The gradients of 2D max and average pooling over an NHWC input, as tfjs's cpu kernels define
// them. Geometry after the pointers, as in conv.ts: batch, inHeight, inWidth, channels,
// outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight,
// dilationWidth, padTop, padLeft.

import { addScaledInto } from './vector';

/**
 * dx: each window's dy added at the position of its maximum, the first in row-major order where
 * several tie; a window whose values are all -Infinity or NaN (or all padding) passes nothing.
 * Four channels are searched at once: per lane, the best value and its offset in the image.
 */
export function maxPoolGradient(
  x: usize,
  dy: usize,
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
): void {
  const imageFloats = inHeight * inWidth * channels;
  memory.fill(dx, 0, <usize>(batch * imageFloats) << 2);
  const lanes = i32x4(0, 1, 2, 3);
  let gradient = dy;
  for (let b = 0; b < batch; b++) {
    const image = x + ((<usize>b * imageFloats) << 2);
    const target = dx + ((<usize>b * imageFloats) << 2);
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        let c = 0;
        for (; c + 4 <= channels; c += 4) {
          let best = f32x4.splat(-Infinity);
          let at = i32x4.splat(-1);
          for (let fy = 0; fy < filterHeight; fy++) {
            const iy = oy * strideHeight + fy * dilationHeight - padTop;
            if (iy < 0 || iy >= inHeight) continue;
            for (let fx = 0; fx < filterWidth; fx++) {
              const ix = ox * strideWidth + fx * dilationWidth - padLeft;
              if (ix < 0 || ix >= inWidth) continue;
              const offset = (iy * inWidth + ix) * channels + c;
              const value = v128.load(image + (<usize>offset << 2));
              const greater = f32x4.gt(value, best);
              best = v128.bitselect(value, best, greater);
              at = v128.bitselect(i32x4.add(i32x4.splat(offset), lanes), at, greater);
            }
          }
          const g = v128.load(gradient + (<usize>c << 2));
          addAt(target, i32x4.extract_lane(at, 0), f32x4.extract_lane(g, 0));
          addAt(target, i32x4.extract_lane(at, 1), f32x4.extract_lane(g, 1));
          addAt(target, i32x4.extract_lane(at, 2), f32x4.extract_lane(g, 2));
          addAt(target, i32x4.extract_lane(at, 3), f32x4.extract_lane(g, 3));
        }
        for (; c < channels; c++) {
          let best: f32 = -Infinity;
          let at = -1;
          for (let fy = 0; fy < filterHeight; fy++) {
            const iy = oy * strideHeight + fy * dilationHeight - padTop;
            if (iy < 0 || iy >= inHeight) continue;
            for (let fx = 0; fx < filterWidth; fx++) {
              const ix = ox * strideWidth + fx * dilationWidth - padLeft;
              if (ix < 0 || ix >= inWidth) continue;
              const offset = (iy * inWidth + ix) * channels + c;
              const value = load<f32>(image + (<usize>offset << 2));
              if (value > best) {
                best = value;
                at = offset;
              }
            }
          }
          addAt(target, at, load<f32>(gradient + (<usize>c << 2)));
        }
        gradient += <usize>channels << 2;
      }
    }
  }
}

/** target[offset] += value, unless offset is -1 (no maximum). */
@inline
function addAt(target: usize, offset: i32, value: f32): void {
  if (offset < 0) return;
  const at = target + (<usize>offset << 2);
  store<f32>(at, load<f32>(at) + value);
}

/**
 * dx: each window's dy spread over the input positions it covers, each getting dy · `scale`
 * (tfjs's cpu kernel takes 1 / (filterHeight · filterWidth), padding counted).
 */
export function avgPoolGradient(
  dy: usize,
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
  scale: f32,
): void {
  const imageFloats = inHeight * inWidth * channels;
  memory.fill(dx, 0, <usize>(batch * imageFloats) << 2);
  let gradient = dy;
  for (let b = 0; b < batch; b++) {
    const target = dx + ((<usize>b * imageFloats) << 2);
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let fy = 0; fy < filterHeight; fy++) {
          const iy = oy * strideHeight + fy * dilationHeight - padTop;
          if (iy < 0 || iy >= inHeight) continue;
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = ox * strideWidth + fx * dilationWidth - padLeft;
            if (ix < 0 || ix >= inWidth) continue;
            addScaledInto(target + ((<usize>(iy * inWidth + ix) * channels) << 2), gradient, scale, channels);
          }
        }
        gradient += <usize>channels << 2;
      }
    }
  }
}
