import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { onCpuAndWasm, relativeDifference } from '../../test/backendAgreement';
import {
  outputAndGradients,
  recurrentCases,
  recurrentLayer,
  type RecurrentCase,
  type RecurrentClass,
} from '../../test/recurrentLayers';
import { fusedGru } from '../fused/gru';
import { fusedLstm } from '../fused/lstm';
import { fusedSimpleRnn } from '../fused/simpleRnn';
import { GRU_KERNELS } from './gru';
import { LSTM_KERNELS } from './lstm';
import type { RecurrentKernels } from './recurrent';
import { SIMPLE_RNN_KERNELS } from './simpleRnn';
import { registerWasmKernels } from './wasmKernels';

const CELLS: [RecurrentClass, { fuse(layer: tf.layers.Layer): void }, RecurrentKernels, number][] = [
  ['LSTM', fusedLstm, LSTM_KERNELS, 11],
  ['GRU', fusedGru, GRU_KERNELS, 12],
  ['SimpleRNN', fusedSimpleRnn, SIMPLE_RNN_KERNELS, 13],
];

/** Wider than the cases' shapes: full and edge tiles of the gemm in every product. */
const WIDE: RecurrentCase = {
  batch: 9,
  steps: 12,
  features: 20,
  units: 33,
  returnSequences: true,
  goBackwards: true,
  useBias: true,
  activation: 'tanh',
  recurrentActivation: 'sigmoid',
};

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(CELLS)('the fused %s kernels on wasm', (className, fused, kernels, seed) => {
  it.each([...recurrentCases(seed), WIDE].map((c) => [JSON.stringify(c), c] as const))(
    'equal the cpu kernels, forward and gradients: %s',
    async (_name, c) => {
      const { cpu, wasm } = await onCpuAndWasm(() => {
        const layer = recurrentLayer(className, c);
        fused.fuse(layer);
        const result = outputAndGradients(layer, c);
        layer.dispose();
        return result;
      });
      expect(wasm.length).toBe(cpu.length);
      cpu.forEach((expected, i) => expect(relativeDifference(expected, wasm[i]!), `tensor ${i}`).toBeLessThan(1e-5));
    },
  );

  it('are the ones that run there', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    await registerWasmKernels();
    const layer = recurrentLayer(className, WIDE);
    fused.fuse(layer);
    const profile = await tf.profile(() => {
      tf.dispose(tf.tidy(() => outputAndGradients(layer, WIDE)));
    });
    expect(profile.kernelNames).toEqual(expect.arrayContaining([kernels.forward, kernels.backward]));
    layer.dispose();
    await tf.setBackend('cpu');
  });
});
