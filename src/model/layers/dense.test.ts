import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerKindSuite } from '../../test/layerKindSuite';
import { dense } from './dense';

layerKindSuite(dense, [
  { params: { units: 4 }, input: [null, 3], output: [null, 4], paramCount: 16 },
  { params: { units: 5, useBias: false }, input: [null, 2, 3], output: [null, 2, 5], paramCount: 15 },
  { params: { units: 1, activation: 'sigmoid' }, input: [null, 10], output: [null, 1], paramCount: 11 },
  {
    params: { units: 16, activation: 'softmax' },
    input: [null, 4],
    output: [null, 16],
    keras: 'layers.Dense(16, activation="softmax", use_bias=True, name="layer_under_test")',
  },
  {
    name: 'an L2 penalty on the kernel',
    params: { units: 4, l2: 0.01 },
    input: [null, 3],
    output: [null, 4],
    paramCount: 16,
    keras:
      'layers.Dense(4, activation="relu", use_bias=True, kernel_regularizer=keras.regularizers.L1L2(l1=0, l2=0.01), name="layer_under_test")',
  },
  { params: { l1: -0.1 }, error: /`l1`: expected a number in \[0, 1\], received -0\.1/ },
  { params: { units: 0 }, error: /`units`: expected an integer in \[1, 65536\], received 0/ },
  { params: { units: 2.5 }, error: /`units`.*received 2\.5/ },
  { params: { activation: 'hardSigmoid' }, error: /`activation`: expected one of .*received "hardSigmoid"/ },
  { params: { useBias: 'yes' }, error: /`useBias`: expected true or false/ },
  { input: [null], shapeError: /Dense needs an input of rank ≥ 2, received \(None,\)/ },
  { input: [null, null], shapeError: /Dense needs a known last dimension/ },
]);

describe('Dense FLOPs', () => {
  it('counts one multiply-add per weight, per position', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 512 }),
        fc.integer({ min: 1, max: 512 }),
        fc.integer({ min: 1, max: 16 }),
        (width, units, steps) => {
          const params = { units, activation: 'relu' as const, useBias: true, l1: 0, l2: 0 };
          expect(dense.flops([[null, width]], params, { inputShape: [width], task: 'regression', labels: [] })).toBe(
            2 * width * units,
          );
          expect(
            dense.flops([[null, steps, width]], params, { inputShape: [steps, width], task: 'regression', labels: [] }),
          ).toBe(2 * steps * width * units);
        },
      ),
    );
  });
});
