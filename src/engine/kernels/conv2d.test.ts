import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface ConvCase {
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly strides: [number, number];
  readonly pad: Pad;
}

/** Shapes a person meets and the edges of the kernels' paths: pointwise, batch 1, odd sizes, channels off the 4-lane width. */
const FIXED: readonly ConvCase[] = [
  { x: [32, 28, 28, 1], filter: [3, 3, 1, 8], strides: [1, 1], pad: 'same' }, // the CNN template's first convolution
  { x: [4, 1, 32, 32], filter: [1, 3, 32, 64], strides: [1, 1], pad: 'same' }, // a Conv1D as tfjs runs it
  { x: [1, 5, 7, 3], filter: [2, 4, 3, 2], strides: [2, 2], pad: 'same' },
  { x: [2, 7, 6, 2], filter: [3, 3, 2, 5], strides: [2, 2], pad: 'valid' },
  { x: [3, 4, 5, 6], filter: [1, 1, 6, 7], strides: [1, 1], pad: 'valid' }, // pointwise: no patch matrix
  { x: [2, 6, 6, 5], filter: [1, 1, 5, 3], strides: [2, 2], pad: 'valid' }, // 1×1 but strided
  { x: [1, 1, 1, 1], filter: [1, 1, 1, 1], strides: [1, 1], pad: 'valid' },
  { x: [2, 5, 5, 3], filter: [3, 2, 3, 4], strides: [1, 3], pad: 1 },
  {
    x: [1, 6, 5, 2],
    filter: [3, 3, 2, 3],
    strides: [2, 1],
    pad: [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ],
  },
  { x: [2, 3, 3, 4], filter: [3, 3, 4, 9], strides: [1, 1], pad: 'valid' }, // one output position
  { x: [8, 16, 16, 32], filter: [3, 3, 32, 8], strides: [1, 1], pad: 'same' }, // a patch matrix of several chunks
];

/** Random geometries from a fixed seed: sizes, channels, strides and every kind of padding. */
function randomCases(count: number, seed: number): ConvCase[] {
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
    const filter: [number, number, number, number] = [int(1, 4), int(1, 4), int(1, 9), int(1, 9)];
    const x: [number, number, number, number] = [int(1, 3), filter[0] + int(0, 6), filter[1] + int(0, 6), filter[2]];
    return { x, filter, strides: [int(1, 3), int(1, 3)], pad: pads[int(0, pads.length - 1)]!() };
  });
}

const CASES = [...FIXED, ...randomCases(16, 5)];
const name = (c: ConvCase) =>
  `x ${c.x.join('×')}, filter ${c.filter.join('×')}, strides ${c.strides.join(',')}, pad ${JSON.stringify(c.pad)}`;

/** dy's shape for a case, from tfjs's own geometry. */
function outputShape({ x, filter, strides, pad }: ConvCase): number[] {
  return tf.backend_util.computeConv2DInfo(x, filter, strides, 1, pad).outShape;
}

describe('Conv2D on wasm', () => {
  it.each(CASES.map((c) => [name(c), c] as const))('equals the cpu kernel: %s', async (_name, c) => {
    const [x, filter] = [randomValues(c.x, 5), randomValues(c.filter, 6)];
    const { cpu, wasm } = await onCpuAndWasm(() =>
      tf.conv2d(tf.tensor4d(x, c.x), tf.tensor4d(filter, c.filter), c.strides, c.pad as 'same'),
    );
    expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-5);
  });

  it('dilates its window as the cpu kernel does', async () => {
    const shape: [number, number, number, number] = [2, 9, 8, 3];
    const filterShape: [number, number, number, number] = [3, 2, 3, 4];
    const [x, filter] = [randomValues(shape, 7), randomValues(filterShape, 8)];
    const { cpu, wasm } = await onCpuAndWasm(() =>
      tf.conv2d(tf.tensor4d(x, shape), tf.tensor4d(filter, filterShape), 1, 'same', 'NHWC', [2, 3]),
    );
    expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-5);
  });
});

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(CASES.map((c) => [name(c), c] as const))('equals the cpu kernel: %s', async (_name, c) => {
    const dyShape = outputShape(c);
    const [x, dy] = [randomValues(c.x, 1), randomValues(dyShape, 2)];
    const { cpu, wasm } = await onCpuAndWasm(
      () =>
        tf
          .engine()
          .runKernel(
            tf.Conv2DBackpropFilter,
            { x: tf.tensor(x, c.x), dy: tf.tensor(dy, dyShape) },
            { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
          ) as tf.Tensor,
    );
    expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-5);
  });
});

describe('Conv2DBackpropInput on wasm', () => {
  it.each(CASES.map((c) => [name(c), c] as const))('equals the cpu kernel: %s', async (_name, c) => {
    const dyShape = outputShape(c);
    const [dy, filter] = [randomValues(dyShape, 3), randomValues(c.filter, 4)];
    const { cpu, wasm } = await onCpuAndWasm(
      () =>
        tf
          .engine()
          .runKernel(
            tf.Conv2DBackpropInput,
            { dy: tf.tensor(dy, dyShape), filter: tf.tensor(filter, c.filter) },
            { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
          ) as tf.Tensor,
    );
    expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-5);
  });
});

/** The gradients of Σ f(inputs) · weights (fixed weights, so every output's gradient differs). */
function gradientsOf(
  f: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: { values: Float32Array; shape: number[] }[],
): tf.Tensor[] {
  const tensors = inputs.map(({ values, shape }) => tf.tensor(values, shape));
  const outShape = f(...tensors).shape;
  const weights = tf.tensor(randomValues(outShape, 99), outShape);
  return tf.grads((...xs: tf.Tensor[]) =>
    f(...xs)
      .mul(weights)
      .sum(),
  )(tensors);
}

const input = (shape: number[], seed: number) => ({ values: randomValues(shape, seed), shape });

describe('convolution gradients on wasm', () => {
  it.each([
    [
      'conv1d, stride 2, same',
      (x: tf.Tensor, w: tf.Tensor) => tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 2, 'same'),
      [input([2, 11, 3], 1), input([3, 3, 5], 2)],
    ],
    [
      'conv1d, batch 1, valid',
      (x: tf.Tensor, w: tf.Tensor) => tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, 1, 'valid'),
      [input([1, 9, 4], 3), input([4, 4, 6], 4)],
    ],
    [
      'conv2d, stride 2, valid',
      (x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'valid'),
      [input([2, 9, 8, 3], 5), input([3, 3, 3, 4], 6)],
    ],
    [
      'conv2d, explicit padding',
      (x: tf.Tensor, w: tf.Tensor) =>
        tf.conv2d(
          x as tf.Tensor4D,
          w as tf.Tensor4D,
          [1, 2],
          [
            [0, 0],
            [1, 2],
            [0, 1],
            [0, 0],
          ],
        ),
      [input([1, 6, 7, 2], 7), input([2, 3, 2, 5], 8)],
    ],
    [
      'conv2dTranspose, stride 2, same',
      (x: tf.Tensor, w: tf.Tensor) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 10, 10, 3], 2, 'same'),
      [input([2, 5, 5, 4], 9), input([3, 3, 3, 4], 10)],
    ],
    [
      'conv2dTranspose, valid',
      (x: tf.Tensor, w: tf.Tensor) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [1, 8, 7, 2], 1, 'valid'),
      [input([1, 6, 5, 3], 11), input([3, 3, 2, 3], 12)],
    ],
    [
      'separableConv2d, multiplier 2',
      (x: tf.Tensor, d: tf.Tensor, p: tf.Tensor) =>
        tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'same'),
      [input([2, 6, 6, 3], 13), input([3, 3, 3, 2], 14), input([1, 1, 6, 5], 15)],
    ],
  ] as const)('%s: equal to cpu’s', async (_name, f, inputs) => {
    const { cpu, wasm } = await onCpuAndWasm(() =>
      gradientsOf(f as (...inputs: tf.Tensor[]) => tf.Tensor, [...inputs]),
    );
    expect(wasm).toHaveLength(inputs.length);
    cpu.forEach((expected, i) => expect(relativeDifference(expected, wasm[i]!)).toBeLessThan(1e-5));
  });
});
