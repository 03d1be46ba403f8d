import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onCpuAndWasm, randomValues } from '../../test/backendAgreement';
import { registerWasmKernels } from './wasmKernels';

describe('Identity on wasm', () => {
  it('a clone holds the values after the original is disposed, and the original after its clone is; the memory goes with the last', async () => {
    const values = randomValues([5, 7], 1);
    await tf.setBackend('wasm');
    await registerWasmKernels();
    try {
      const before = tf.engine().backend.numDataIds();
      const read = (t: tf.Tensor) => Array.from(t.dataSync());
      const original = tf.tensor(values, [5, 7]);
      const clone = original.clone();
      original.dispose();
      expect(read(clone)).toEqual(Array.from(values));
      const again = clone.clone();
      const asInt = tf.tensor1d([1, 2, 3], 'int32');
      const intClone = asInt.clone();
      asInt.dispose();
      expect(read(intClone)).toEqual([1, 2, 3]);
      again.dispose();
      expect(read(clone)).toEqual(Array.from(values));
      tf.dispose([clone, intClone]);
      expect(tf.engine().backend.numDataIds()).toBe(before);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('gives the gradients of ops that save their inputs (through clones) the cpu backend gives', async () => {
    const x = randomValues([6, 9], 2);
    const { cpu, wasm } = await onCpuAndWasm(() =>
      tf.grad((t: tf.Tensor) => t.square().mul(t.exp()).sum())(tf.tensor(x, [6, 9])),
    );
    wasm.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(cpu[i]![j]!, 5)));
  });
});
