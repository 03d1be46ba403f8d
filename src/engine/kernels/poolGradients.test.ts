import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';

type Pad = 'same' | 'valid' | number;

interface PoolCase {
  readonly x: [number, number, number, number];
  readonly filterSize: [number, number];
  readonly strides: [number, number];
  readonly pad: Pad;
}

const FIXED: readonly PoolCase[] = [
  { x: [32, 28, 28, 8], filterSize: [2, 2], strides: [2, 2], pad: 'valid' }, // the CNN template's first pooling
  { x: [32, 14, 14, 16], filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
  { x: [1, 7, 7, 3], filterSize: [3, 3], strides: [2, 2], pad: 'same' }, // odd sizes, channels off the 4-lane width
  { x: [2, 1, 9, 6], filterSize: [1, 2], strides: [1, 2], pad: 'same' }, // a MaxPooling1D as tfjs runs it
  { x: [2, 5, 6, 5], filterSize: [3, 2], strides: [1, 1], pad: 1 },
  { x: [1, 1, 1, 1], filterSize: [1, 1], strides: [1, 1], pad: 'valid' },
];

function randomCases(count: number, seed: number): PoolCase[] {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  return Array.from({ length: count }, () => {
    const filterSize: [number, number] = [int(1, 3), int(1, 3)];
    const pad = [() => 'same' as const, () => 'valid' as const, () => int(0, 1)][int(0, 2)]!();
    const x: [number, number, number, number] = [
      int(1, 3),
      filterSize[0] + int(0, 6),
      filterSize[1] + int(0, 6),
      int(1, 9),
    ];
    return { x, filterSize, strides: [int(1, 3), int(1, 3)], pad };
  });
}

const CASES = [...FIXED, ...randomCases(16, 11)];
const name = (c: PoolCase) =>
  `x ${c.x.join('×')}, window ${c.filterSize.join('×')}, strides ${c.strides.join(',')}, pad ${JSON.stringify(c.pad)}`;
const dyShapeOf = (c: PoolCase) => tf.backend_util.computePool2DInfo(c.x, c.filterSize, c.strides, 1, c.pad).outShape;

/** Values drawn from a few levels, so that windows hold ties. */
function tiedValues(shape: readonly number[], seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(random() * 3));
}

describe('MaxPoolGrad on wasm', () => {
  it.each(CASES.map((c) => [name(c), c] as const))('equals the cpu kernel: %s', async (_name, c) => {
    const dyShape = dyShapeOf(c);
    for (const x of [randomValues(c.x, 1), tiedValues(c.x, 2)]) {
      const dy = randomValues(dyShape, 3);
      // Both kernels find the maxima in the input and never read the forward's output. (wasm's
      // MaxPool itself overruns its output for a numeric pad on a window that is not square.)
      const { cpu, wasm } = await onCpuAndWasm(
        () =>
          tf
            .engine()
            .runKernel(
              tf.MaxPoolGrad,
              { dy: tf.tensor(dy, dyShape), input: tf.tensor(x, c.x), output: tf.zeros(dyShape) },
              { filterSize: c.filterSize, strides: c.strides, pad: c.pad },
            ) as tf.Tensor,
      );
      // Overlapping windows add in another order; a maximum taken at another position would differ by a whole dy.
      expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-6);
    }
  });

  it('passes nothing back from a window of -Infinity, as the cpu kernel does', async () => {
    const x = Float32Array.from([-Infinity, -Infinity, -Infinity, -Infinity, 1, 2, 3, 4]);
    const { cpu, wasm } = await onCpuAndWasm(() => {
      const input = tf.tensor4d(x, [1, 2, 4, 1]);
      const output = tf.maxPool(input, 2, 2, 'valid');
      return tf
        .engine()
        .runKernel(
          tf.MaxPoolGrad,
          { dy: tf.ones(output.shape), input, output },
          { filterSize: 2, strides: 2, pad: 'valid' },
        ) as tf.Tensor;
    });
    expect([...wasm[0]!]).toEqual([...cpu[0]!]);
  });
});

describe('AvgPoolGrad on wasm', () => {
  it.each(CASES.map((c) => [name(c), c] as const))('equals the cpu kernel: %s', async (_name, c) => {
    const dyShape = dyShapeOf(c);
    const [x, dy] = [randomValues(c.x, 4), randomValues(dyShape, 5)];
    const { cpu, wasm } = await onCpuAndWasm(
      () =>
        tf
          .engine()
          .runKernel(
            tf.AvgPoolGrad,
            { dy: tf.tensor(dy, dyShape), input: tf.tensor(x, c.x) },
            { filterSize: c.filterSize, strides: c.strides, pad: c.pad },
          ) as tf.Tensor,
    );
    expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-6);
  });
});

describe('pooling gradients on wasm', () => {
  it.each([
    ['maxPool 2×2, stride 2', (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'), [2, 8, 8, 5]],
    ['maxPool 3×3, stride 2, same', (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'), [1, 7, 9, 4]],
    ['avgPool 2×2, stride 2', (x: tf.Tensor) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'), [2, 8, 8, 5]],
    ['avgPool 3×2, stride 1, same', (x: tf.Tensor) => tf.avgPool(x as tf.Tensor4D, [3, 2], 1, 'same'), [1, 6, 5, 3]],
  ] as const)('%s: equal to cpu’s', async (_name, pool, shape) => {
    const x = randomValues(shape, 6);
    const { cpu, wasm } = await onCpuAndWasm(() => {
      const input = tf.tensor(x, [...shape]);
      const weights = tf.tensor(randomValues(pool(input).shape, 7), pool(input).shape);
      return tf.grad((a: tf.Tensor) => pool(a).mul(weights).sum())(input);
    });
    expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-6);
  });
});
