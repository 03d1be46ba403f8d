/**
 * The fused SimpleRNN kernels (see recurrent.ts): the whole sequence forward, and BPTT, in one
 * kernel each. The wasm ones are assembly/simpleRnn.ts; the cpu ones below do the same
 * arithmetic, step for step, on the same layouts. No tape: the derivative comes from hs.
 */
import type * as tf from '@tensorflow/tfjs';
import {
  activate,
  cpuIo,
  derivative,
  gemm,
  projectionGradients,
  recurrentShape,
  rowsOf,
  timeOf,
  wasmIo,
  type BackwardInputs,
  type ForwardInputs,
  type RecurrentAttrs,
  type RecurrentKernels,
} from './recurrent';

const cpuForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, kernel, recurrentKernel, bias } = inputs as unknown as ForwardInputs;
  const { activation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = cpuIo(backend);
  const rows = batch * steps;
  const u = io.read(recurrentKernel);
  const hs = new Float32Array(rows * units);
  // The pre-activations of every step, at each step's own time.
  const z = rowsOf(rows, units, bias && io.read(bias));
  gemm(
    rows,
    units,
    features,
    { values: io.read(x), at: 0, ld: features },
    { values: io.read(kernel), at: 0, ld: units },
    { values: z, at: 0, ld: units },
    true,
  );
  for (let s = 0; s < steps; s++) {
    const t = timeOf(s, steps, goBackwards);
    if (s > 0)
      gemm(
        batch,
        units,
        units,
        { values: hs, at: (s - 1) * units, ld: steps * units },
        { values: u, at: 0, ld: units },
        { values: z, at: t * units, ld: steps * units },
        true,
      );
    for (let b = 0; b < batch; b++)
      for (let j = 0; j < units; j++)
        hs[(b * steps + s) * units + j] = activate(activation, z[(b * steps + t) * units + j]!);
  }
  return [io.output([batch, steps, units], hs)];
};

const cpuBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x, kernel, recurrentKernel, bias, hs } = inputs as unknown as BackwardInputs;
  const { activation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = cpuIo(backend);
  const rows = batch * steps;
  const [dyValues, hsValues, u] = [io.read(dy), io.read(hs), io.read(recurrentKernel)];
  const dyEveryStep = dy.shape.length === 3;
  const dh = new Float32Array(batch * units);
  const dz = new Float32Array(rows * units);
  const hPrev = new Float32Array(rows * units);
  for (let s = steps - 1; s >= 0; s--) {
    const t = timeOf(s, steps, goBackwards);
    for (let b = 0; b < batch; b++) {
      const at = (b * steps + s) * units;
      const dyAt = dyEveryStep ? at : s === steps - 1 ? b * units : -1;
      for (let j = 0; j < units; j++) {
        hPrev[(b * steps + t) * units + j] = s > 0 ? hsValues[at - units + j]! : 0;
        const dhj = dh[b * units + j]! + (dyAt >= 0 ? dyValues[dyAt + j]! : 0);
        dz[(b * steps + t) * units + j] = dhj * derivative(activation, hsValues[at + j]!);
      }
    }
    if (s > 0)
      gemm(
        batch,
        units,
        units,
        { values: dz, at: t * units, ld: steps * units },
        { values: u, at: 0, ld: units, trans: true },
        { values: dh, at: 0, ld: units },
        false,
      );
  }
  const { dx, dKernel, dBias } = projectionGradients(
    io,
    { batch, steps, features, units },
    units,
    x,
    kernel,
    bias !== undefined,
    dz,
  );
  const dRecurrentKernel = new Float32Array(units * units);
  gemm(
    units,
    units,
    rows,
    { values: hPrev, at: 0, ld: units, trans: true },
    { values: dz, at: 0, ld: units },
    { values: dRecurrentKernel, at: 0, ld: units },
    false,
  );
  return [dx, dKernel, io.output([units, units], dRecurrentKernel), ...dBias];
};

const wasmForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, kernel, recurrentKernel, bias } = inputs as unknown as ForwardInputs;
  const { activation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = wasmIo(backend);
  const hs = io.output([batch, steps, units]);
  io.withScratch(io.kernels.simpleRnnForwardScratchFloats(batch, steps, features, units), (scratch) =>
    io.kernels.simpleRnnForward(
      batch,
      steps,
      features,
      units,
      io.at(x),
      io.at(kernel),
      io.at(recurrentKernel),
      io.at(bias),
      activation,
      goBackwards,
      hs.at,
      scratch,
    ),
  );
  return [hs.info];
};

const wasmBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x, kernel, recurrentKernel, bias, hs } = inputs as unknown as BackwardInputs;
  const { activation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = wasmIo(backend);
  const dx = io.output([batch, steps, features]);
  const dKernel = io.output([features, units]);
  const dRecurrentKernel = io.output([units, units]);
  const dBias = bias ? io.output([units]) : undefined;
  io.withScratch(io.kernels.simpleRnnBackwardScratchFloats(batch, steps, features, units), (scratch) =>
    io.kernels.simpleRnnBackward(
      batch,
      steps,
      features,
      units,
      io.at(x),
      io.at(kernel),
      io.at(recurrentKernel),
      activation,
      goBackwards,
      io.at(hs),
      io.at(dy),
      dy.shape.length === 3,
      dx.at,
      dKernel.at,
      dRecurrentKernel.at,
      dBias?.at ?? 0,
      scratch,
    ),
  );
  return [dx.info, dKernel.info, dRecurrentKernel.info, ...(dBias ? [dBias.info] : [])];
};

export const SIMPLE_RNN_KERNELS: RecurrentKernels = {
  forward: 'TensorloomSimpleRnn',
  backward: 'TensorloomSimpleRnnGrad',
  tape: [],
  cpu: { forward: cpuForward, backward: cpuBackward },
  wasm: { forward: wasmForward, backward: wasmBackward },
};
