import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface DepthwiseCase {
  readonly x: [number, number, number, number];
  /** [filterHeight, filterWidth, channels, multiplier]. */
  readonly filter: [number, number, number, number];
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly pad: Pad;
}

const FIXED: readonly DepthwiseCase[] = [
  { x: [32, 14, 14, 8], filter: [3, 3, 8, 1], strides: [1, 1], dilations: [1, 1], pad: 'same' },
  { x: [1, 7, 5, 6], filter: [3, 3, 6, 1], strides: [2, 2], dilations: [1, 1], pad: 'same' }, // channels off the 4-lane width
  { x: [2, 6, 6, 3], filter: [3, 2, 3, 4], strides: [1, 1], dilations: [1, 1], pad: 'valid' },
  { x: [2, 5, 6, 2], filter: [2, 2, 2, 3], strides: [2, 1], dilations: [1, 1], pad: 1 },
  { x: [1, 9, 9, 4], filter: [3, 3, 4, 2], strides: [1, 1], dilations: [2, 2], pad: 'same' },
  { x: [2, 8, 7, 5], filter: [2, 3, 5, 1], strides: [1, 1], dilations: [3, 2], pad: 'valid' },
  { x: [1, 1, 1, 1], filter: [1, 1, 1, 1], strides: [1, 1], dilations: [1, 1], pad: 'valid' },
];

/** Random geometries from a fixed seed; strides and dilations never both above 1, as tfjs requires. */
function randomCases(count: number, seed: number): DepthwiseCase[] {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pads: (() => Pad)[] = [
    () => 'same',
    () => 'valid',
    () => int(0, 2),
    () => [
      [0, 0],
      [int(0, 2), int(0, 2)],
      [int(0, 2), int(0, 2)],
      [0, 0],
    ],
  ];
  return Array.from({ length: count }, () => {
    const filter: [number, number, number, number] = [int(1, 3), int(1, 3), int(1, 9), int(1, 3)];
    const dilated = random() < 0.3;
    const dilations: [number, number] = dilated ? [int(1, 3), int(1, 3)] : [1, 1];
    const strides: [number, number] = dilated ? [1, 1] : [int(1, 3), int(1, 3)];
    const reach = (size: number, dilation: number) => (size - 1) * dilation + 1;
    const x: [number, number, number, number] = [
      int(1, 3),
      reach(filter[0], dilations[0]) + int(0, 5),
      reach(filter[1], dilations[1]) + int(0, 5),
      filter[2],
    ];
    return { x, filter, strides, dilations, pad: pads[int(0, pads.length - 1)]!() };
  });
}

const CASES = [...FIXED, ...randomCases(16, 8)];
const name = (c: DepthwiseCase) =>
  `x ${c.x.join('×')}, filter ${c.filter.join('×')}, strides ${c.strides.join(',')}, dilations ${c.dilations.join(',')}, pad ${JSON.stringify(c.pad)}`;

/**
 * A dilated filter written out as the undilated one it equals: taps spread `dilations` apart,
 * zeros between. tfjs's cpu backprop kernels ignore dilations, so dilated cases are held to the
 * cpu kernels on this spread filter: the filter gradient is the spread one's at the real taps,
 * the input gradient is the spread filter's.
 */
function spreadShape(
  [h, w, c, m]: readonly number[],
  [dh, dw]: readonly [number, number],
): [number, number, number, number] {
  return [(h! - 1) * dh + 1, (w! - 1) * dw + 1, c!, m!];
}

function spreadFilter(values: Float32Array, shape: readonly number[], dilations: [number, number]): Float32Array {
  const [h, w, c, m] = shape as [number, number, number, number];
  const [, spreadWidth] = spreadShape(shape, dilations);
  const spread = new Float32Array(spreadShape(shape, dilations).reduce((a, b) => a * b, 1));
  for (let fy = 0; fy < h; fy++)
    for (let fx = 0; fx < w; fx++) {
      const to = (fy * dilations[0] * spreadWidth + fx * dilations[1]) * c * m;
      spread.set(values.subarray((fy * w + fx) * c * m, (fy * w + fx + 1) * c * m), to);
    }
  return spread;
}

function tapsOf(spread: Float32Array, shape: readonly number[], dilations: [number, number]): Float32Array {
  const [h, w, c, m] = shape as [number, number, number, number];
  const [, spreadWidth] = spreadShape(shape, dilations);
  const taps = new Float32Array(h * w * c * m);
  for (let fy = 0; fy < h; fy++)
    for (let fx = 0; fx < w; fx++) {
      const from = (fy * dilations[0] * spreadWidth + fx * dilations[1]) * c * m;
      taps.set(spread.subarray(from, from + c * m), (fy * w + fx) * c * m);
    }
  return taps;
}

const dyShapeOf = (c: DepthwiseCase) =>
  tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad, undefined, true).outShape;

describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
  it.each(CASES.map((c) => [name(c), c] as const))('equals the cpu kernel: %s', async (_name, c) => {
    const dyShape = dyShapeOf(c);
    const [x, dy] = [randomValues(c.x, 1), randomValues(dyShape, 2)];
    const run = (filterShape: number[], dilations: [number, number]) => () =>
      tf
        .engine()
        .runKernel(
          tf.DepthwiseConv2dNativeBackpropFilter,
          { x: tf.tensor(x, c.x), dy: tf.tensor(dy, dyShape) },
          { strides: c.strides, dilations, pad: c.pad, filterShape },
        ) as tf.Tensor;
    const { wasm } = await onCpuAndWasm(run(c.filter, c.dilations));
    const { cpu } = await onCpuAndWasm(run(spreadShape(c.filter, c.dilations), [1, 1]));
    expect(relativeDifference(tapsOf(cpu[0]!, c.filter, c.dilations), wasm[0]!)).toBeLessThan(1e-5);
  });
});

describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it.each(CASES.map((c) => [name(c), c] as const))('equals the cpu kernel: %s', async (_name, c) => {
    const dyShape = dyShapeOf(c);
    const [dy, filter] = [randomValues(dyShape, 3), randomValues(c.filter, 4)];
    const run = (values: Float32Array, filterShape: number[], dilations: [number, number]) => () =>
      tf
        .engine()
        .runKernel(
          tf.DepthwiseConv2dNativeBackpropInput,
          { dy: tf.tensor(dy, dyShape), filter: tf.tensor(values, filterShape) },
          { strides: c.strides, dilations, pad: c.pad, inputShape: c.x },
        ) as tf.Tensor;
    const { wasm } = await onCpuAndWasm(run(filter, c.filter, c.dilations));
    const { cpu } = await onCpuAndWasm(
      run(spreadFilter(filter, c.filter, c.dilations), spreadShape(c.filter, c.dilations), [1, 1]),
    );
    expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-5);
  });
});

describe('depthwiseConv2d gradients on wasm', () => {
  it.each([
    ['multiplier 1, same, stride 2', [2, 7, 7, 4], [3, 3, 4, 1], 2, 'same'],
    ['multiplier 3, valid, batch 1', [1, 6, 5, 3], [2, 3, 3, 3], 1, 'valid'],
  ] as const)('%s: equal to cpu’s', async (_name, xShape, filterShape, strides, pad) => {
    const [x, filter] = [randomValues(xShape, 5), randomValues(filterShape, 6)];
    const { cpu, wasm } = await onCpuAndWasm(() => {
      const out = tf.depthwiseConv2d(tf.tensor4d(x, [...xShape]), tf.tensor4d(filter, [...filterShape]), strides, pad);
      const weights = tf.tensor(randomValues(out.shape, 7), out.shape);
      const [dx, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad)
          .mul(weights)
          .sum(),
      )([tf.tensor4d(x, [...xShape]), tf.tensor4d(filter, [...filterShape])]);
      return [dx!, dFilter!];
    });
    cpu.forEach((expected, i) => expect(relativeDifference(expected, wasm[i]!)).toBeLessThan(1e-5));
  });
});
