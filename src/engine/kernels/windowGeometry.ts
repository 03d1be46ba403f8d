/**
 * A convolution's or pooling's geometry in the order the SIMD window kernels take it
 * (assembly/conv.ts): one tuple, from tfjs's own shape arithmetic, so every kernel agrees with
 * tfjs on output sizes and padding.
 */
import type * as tf from '@tensorflow/tfjs';

export type WindowGeometry = [
  batch: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
  filterHeight: number,
  filterWidth: number,
  strideHeight: number,
  strideWidth: number,
  dilationHeight: number,
  dilationWidth: number,
  padTop: number,
  padLeft: number,
];

export function windowGeometry(info: tf.backend_util.Conv2DInfo): WindowGeometry {
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}
