/**
 * The fused GRU kernels (see recurrent.ts): the whole sequence forward, and BPTT, in one kernel
 * each, with tfjs's GRUCell arithmetic (reset_after = False). The wasm ones are assembly/gru.ts;
 * the cpu ones below do the same arithmetic, step for step, on the same layouts. Tape: gates
 * [batch, steps, 3·units] (z, r, h̃ at each step's time) and rh [batch, steps, units] (r·h₋₁,
 * which the candidate's recurrent kernel multiplies, likewise).
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

type TapeInputs = BackwardInputs & { readonly gates: tf.TensorInfo; readonly rh: tf.TensorInfo };

const cpuForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, kernel, recurrentKernel, bias } = inputs as unknown as ForwardInputs;
  const { activation, recurrentActivation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = cpuIo(backend);
  const width = 3 * units;
  const rows = batch * steps;
  const u = io.read(recurrentKernel);
  const hs = new Float32Array(rows * units);
  const rh = new Float32Array(rows * units);
  const gates = rowsOf(rows, width, bias && io.read(bias));
  gemm(
    rows,
    width,
    features,
    { values: io.read(x), at: 0, ld: features },
    { values: io.read(kernel), at: 0, ld: width },
    { values: gates, at: 0, ld: width },
    true,
  );
  for (let s = 0; s < steps; s++) {
    const t = timeOf(s, steps, goBackwards);
    const hPrev = (b: number, j: number) => (s > 0 ? hs[(b * steps + s - 1) * units + j]! : 0);
    if (s > 0)
      gemm(
        batch,
        2 * units,
        units,
        { values: hs, at: (s - 1) * units, ld: steps * units },
        { values: u, at: 0, ld: width },
        { values: gates, at: t * width, ld: steps * width },
        true,
      );
    for (let b = 0; b < batch; b++) {
      const z = (b * steps + t) * width;
      for (let j = 0; j < units; j++) {
        gates[z + j] = activate(recurrentActivation, gates[z + j]!);
        gates[z + units + j] = activate(recurrentActivation, gates[z + units + j]!);
        rh[(b * steps + t) * units + j] = gates[z + units + j]! * hPrev(b, j);
      }
    }
    if (s > 0)
      gemm(
        batch,
        units,
        units,
        { values: rh, at: t * units, ld: steps * units },
        { values: u, at: 2 * units, ld: width },
        { values: gates, at: t * width + 2 * units, ld: steps * width },
        true,
      );
    for (let b = 0; b < batch; b++) {
      const z = (b * steps + t) * width;
      for (let j = 0; j < units; j++) {
        const update = gates[z + j]!;
        gates[z + 2 * units + j] = activate(activation, gates[z + 2 * units + j]!);
        hs[(b * steps + s) * units + j] = update * hPrev(b, j) + (1 - update) * gates[z + 2 * units + j]!;
      }
    }
  }
  return [
    io.output([batch, steps, units], hs),
    io.output([batch, steps, width], gates),
    io.output([batch, steps, units], rh),
  ];
};

const cpuBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x, kernel, recurrentKernel, bias, hs, gates, rh } = inputs as unknown as TapeInputs;
  const { activation, recurrentActivation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = cpuIo(backend);
  const width = 3 * units;
  const rows = batch * steps;
  const [dyValues, hsValues, gateValues, u] = [io.read(dy), io.read(hs), io.read(gates), io.read(recurrentKernel)];
  const dyEveryStep = dy.shape.length === 3;
  const dh = new Float32Array(batch * units);
  const dRh = new Float32Array(batch * units);
  const dz = new Float32Array(rows * width);
  const hPrev = new Float32Array(rows * units);
  for (let s = steps - 1; s >= 0; s--) {
    const t = timeOf(s, steps, goBackwards);
    for (let b = 0; b < batch; b++) {
      const at = (b * steps + s) * units;
      const z = (b * steps + t) * width;
      const dyAt = dyEveryStep ? at : s === steps - 1 ? b * units : -1;
      for (let j = 0; j < units; j++) {
        const before = s > 0 ? hsValues[at - units + j]! : 0;
        hPrev[(b * steps + t) * units + j] = before;
        const dhj = dh[b * units + j]! + (dyAt >= 0 ? dyValues[dyAt + j]! : 0);
        const update = gateValues[z + j]!;
        const candidate = gateValues[z + 2 * units + j]!;
        dz[z + j] = dhj * (before - candidate) * derivative(recurrentActivation, update);
        dz[z + 2 * units + j] = dhj * (1 - update) * derivative(activation, candidate);
        dh[b * units + j] = dhj * update;
      }
    }
    gemm(
      batch,
      units,
      units,
      { values: dz, at: t * width + 2 * units, ld: steps * width },
      { values: u, at: 2 * units, ld: width, trans: true },
      { values: dRh, at: 0, ld: units },
      false,
    );
    for (let b = 0; b < batch; b++) {
      const z = (b * steps + t) * width;
      for (let j = 0; j < units; j++) {
        const reset = gateValues[z + units + j]!;
        dz[z + units + j] =
          dRh[b * units + j]! * hPrev[(b * steps + t) * units + j]! * derivative(recurrentActivation, reset);
        dh[b * units + j]! += dRh[b * units + j]! * reset;
      }
    }
    if (s > 0)
      gemm(
        batch,
        units,
        2 * units,
        { values: dz, at: t * width, ld: steps * width },
        { values: u, at: 0, ld: width, trans: true },
        { values: dh, at: 0, ld: units },
        true,
      );
  }
  const { dx, dKernel, dBias } = projectionGradients(
    io,
    { batch, steps, features, units },
    width,
    x,
    kernel,
    bias !== undefined,
    dz,
  );
  const dRecurrentKernel = new Float32Array(units * width);
  const result = { values: dRecurrentKernel, at: 0, ld: width };
  gemm(
    units,
    2 * units,
    rows,
    { values: hPrev, at: 0, ld: units, trans: true },
    { values: dz, at: 0, ld: width },
    result,
    false,
  );
  gemm(
    units,
    units,
    rows,
    { values: io.read(rh), at: 0, ld: units, trans: true },
    { values: dz, at: 2 * units, ld: width },
    { ...result, at: 2 * units },
    false,
  );
  return [dx, dKernel, io.output([units, width], dRecurrentKernel), ...dBias];
};

const wasmForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, kernel, recurrentKernel, bias } = inputs as unknown as ForwardInputs;
  const { activation, recurrentActivation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = wasmIo(backend);
  const hs = io.output([batch, steps, units]);
  const gates = io.output([batch, steps, 3 * units]);
  const rh = io.output([batch, steps, units]);
  io.withScratch(io.kernels.gruForwardScratchFloats(batch, steps, features, units), (scratch) =>
    io.kernels.gruForward(
      batch,
      steps,
      features,
      units,
      io.at(x),
      io.at(kernel),
      io.at(recurrentKernel),
      io.at(bias),
      activation,
      recurrentActivation,
      goBackwards,
      hs.at,
      gates.at,
      rh.at,
      scratch,
    ),
  );
  return [hs.info, gates.info, rh.info];
};

const wasmBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x, kernel, recurrentKernel, bias, hs, gates, rh } = inputs as unknown as TapeInputs;
  const { activation, recurrentActivation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = wasmIo(backend);
  const dx = io.output([batch, steps, features]);
  const dKernel = io.output([features, 3 * units]);
  const dRecurrentKernel = io.output([units, 3 * units]);
  const dBias = bias ? io.output([3 * units]) : undefined;
  io.withScratch(io.kernels.gruBackwardScratchFloats(batch, steps, features, units), (scratch) =>
    io.kernels.gruBackward(
      batch,
      steps,
      features,
      units,
      io.at(x),
      io.at(kernel),
      io.at(recurrentKernel),
      activation,
      recurrentActivation,
      goBackwards,
      io.at(hs),
      io.at(gates),
      io.at(rh),
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

export const GRU_KERNELS: RecurrentKernels = {
  forward: 'TensorloomGru',
  backward: 'TensorloomGruGrad',
  tape: ['gates', 'rh'],
  cpu: { forward: cpuForward, backward: cpuBackward },
  wasm: { forward: wasmForward, backward: wasmBackward },
};
