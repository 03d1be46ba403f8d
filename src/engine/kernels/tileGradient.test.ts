import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { registerTileGradient } from './tileGradient';

/** dx[i] = Σ dy over every output position whose source is i, walked index by index. */
function reference(dy: Float32Array, xShape: readonly number[], reps: readonly number[]): number[] {
  const outShape = xShape.map((s, i) => s * reps[i]!);
  const dx = new Array<number>(xShape.reduce((a, b) => a * b, 1)).fill(0);
  dy.forEach((value, flat) => {
    let source = 0;
    let rest = flat;
    const coords = outShape.map((_, axis) => {
      const stride = outShape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const c = Math.floor(rest / stride);
      rest %= stride;
      return c;
    });
    coords.forEach((c, axis) => (source = source * xShape[axis]! + (c % xShape[axis]!)));
    dx[source]! += value;
  });
  return dx;
}

describe('the gradient of Tile', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(['cpu', 'wasm'] as const)('sums dy over the copies on %s, whatever axes repeat', async (backend) => {
    expect(await tf.setBackend(backend)).toBe(true);
    registerTileGradient();
    const random = mulberry32(9);
    const cases: [number[], number[]][] = [
      [
        [1, 1, 4],
        [3, 2, 1],
      ], // LayerNormalization's scale over (batch, steps)
      [
        [3, 2, 1],
        [1, 1, 4],
      ], // its mean over the features
      [
        [2, 3],
        [2, 2],
      ],
      [[5], [3]],
      [
        [2, 1, 3],
        [2, 3, 2],
      ],
    ];
    for (const [shape, reps] of cases) {
      const x = tf.tensor(
        Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random()),
        shape,
      );
      const dyValues = Float32Array.from(
        { length: shape.reduce((a, s, i) => a * s * reps[i]!, 1) },
        () => random() * 2 - 1,
      );
      const dy = tf.tensor(
        dyValues,
        shape.map((s, i) => s * reps[i]!),
      );
      const dx = tf.grad((t: tf.Tensor) => tf.tile(t, reps))(x, dy);
      expect(dx.shape).toEqual(shape);
      const expected = reference(dyValues, shape, reps);
      Array.from(dx.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
      tf.dispose([x, dy, dx]);
    }
  });

  it('takes a constant number of kernels, not a slice and an add per copy', async () => {
    registerTileGradient();
    const x = tf.ones([1, 1, 8]);
    const dy = tf.ones([16, 4, 8]);
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.tile(t, [16, 4, 1]))(x, dy));
    expect(profile.kernels.map((k) => k.name)).not.toContain('Slice');
    expect(profile.kernels.length).toBeLessThan(6);
    tf.dispose([x, dy]);
  });
});
