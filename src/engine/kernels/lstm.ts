/**
 * The fused LSTM kernels (see recurrent.ts): the whole sequence forward, and BPTT, in one kernel
 * each. The wasm ones are assembly/lstm.ts; the cpu ones below do the same arithmetic, step for
 * step, on the same layouts. Tape: cs [batch, steps, units] (each step's cell state, in the order
 * the steps are taken) and gates [batch, steps, 4·units] (i, f, act(c̃), o at each step's time).
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

type TapeInputs = BackwardInputs & { readonly cs: tf.TensorInfo; readonly gates: tf.TensorInfo };

const cpuForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, kernel, recurrentKernel, bias } = inputs as unknown as ForwardInputs;
  const { activation, recurrentActivation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = cpuIo(backend);
  const width = 4 * units;
  const rows = batch * steps;
  const u = io.read(recurrentKernel);
  const hs = new Float32Array(rows * units);
  const cs = new Float32Array(rows * units);
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
    if (s > 0)
      gemm(
        batch,
        width,
        units,
        { values: hs, at: (s - 1) * units, ld: steps * units },
        { values: u, at: 0, ld: width },
        { values: gates, at: t * width, ld: steps * width },
        true,
      );
    for (let b = 0; b < batch; b++) {
      const z = (b * steps + t) * width;
      const at = (b * steps + s) * units;
      for (let j = 0; j < units; j++) {
        const inputGate = activate(recurrentActivation, gates[z + j]!);
        const forgetGate = activate(recurrentActivation, gates[z + units + j]!);
        const candidate = activate(activation, gates[z + 2 * units + j]!);
        const outputGate = activate(recurrentActivation, gates[z + 3 * units + j]!);
        const cell = forgetGate * (s > 0 ? cs[at - units + j]! : 0) + inputGate * candidate;
        gates[z + j] = inputGate;
        gates[z + units + j] = forgetGate;
        gates[z + 2 * units + j] = candidate;
        gates[z + 3 * units + j] = outputGate;
        cs[at + j] = cell;
        hs[at + j] = outputGate * activate(activation, cs[at + j]!);
      }
    }
  }
  return [
    io.output([batch, steps, units], hs),
    io.output([batch, steps, units], cs),
    io.output([batch, steps, width], gates),
  ];
};

const cpuBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x, kernel, recurrentKernel, bias, hs, cs, gates } = inputs as unknown as TapeInputs;
  const { activation, recurrentActivation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = cpuIo(backend);
  const width = 4 * units;
  const rows = batch * steps;
  const [dyValues, hsValues, csValues, gateValues, u] = [
    io.read(dy),
    io.read(hs),
    io.read(cs),
    io.read(gates),
    io.read(recurrentKernel),
  ];
  const dyEveryStep = dy.shape.length === 3;
  const dh = new Float32Array(batch * units);
  const dc = new Float32Array(batch * units);
  const dz = new Float32Array(rows * width);
  const hPrev = new Float32Array(rows * units);
  for (let s = steps - 1; s >= 0; s--) {
    const t = timeOf(s, steps, goBackwards);
    for (let b = 0; b < batch; b++) {
      const at = (b * steps + s) * units;
      const z = (b * steps + t) * width;
      const dyAt = dyEveryStep ? at : s === steps - 1 ? b * units : -1;
      for (let j = 0; j < units; j++) {
        hPrev[(b * steps + t) * units + j] = s > 0 ? hsValues[at - units + j]! : 0;
        const dhj = dh[b * units + j]! + (dyAt >= 0 ? dyValues[dyAt + j]! : 0);
        const inputGate = gateValues[z + j]!;
        const forgetGate = gateValues[z + units + j]!;
        const candidate = gateValues[z + 2 * units + j]!;
        const outputGate = gateValues[z + 3 * units + j]!;
        const cellOut = activate(activation, csValues[at + j]!);
        const dcj = dc[b * units + j]! + dhj * outputGate * derivative(activation, cellOut);
        dz[z + j] = dcj * candidate * derivative(recurrentActivation, inputGate);
        dz[z + units + j] = dcj * (s > 0 ? csValues[at - units + j]! : 0) * derivative(recurrentActivation, forgetGate);
        dz[z + 2 * units + j] = dcj * inputGate * derivative(activation, candidate);
        dz[z + 3 * units + j] = dhj * cellOut * derivative(recurrentActivation, outputGate);
        dc[b * units + j] = dcj * forgetGate;
      }
    }
    if (s > 0)
      gemm(
        batch,
        units,
        width,
        { values: dz, at: t * width, ld: steps * width },
        { values: u, at: 0, ld: width, trans: true },
        { values: dh, at: 0, ld: units },
        false,
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
  gemm(
    units,
    width,
    rows,
    { values: hPrev, at: 0, ld: units, trans: true },
    { values: dz, at: 0, ld: width },
    { values: dRecurrentKernel, at: 0, ld: width },
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
  const cs = io.output([batch, steps, units]);
  const gates = io.output([batch, steps, 4 * units]);
  io.withScratch(io.kernels.lstmForwardScratchFloats(batch, steps, features, units), (scratch) =>
    io.kernels.lstmForward(
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
      cs.at,
      gates.at,
      scratch,
    ),
  );
  return [hs.info, cs.info, gates.info];
};

const wasmBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x, kernel, recurrentKernel, bias, hs, cs, gates } = inputs as unknown as TapeInputs;
  const { activation, recurrentActivation, goBackwards } = attrs as unknown as RecurrentAttrs;
  const { batch, steps, features, units } = recurrentShape(x, recurrentKernel);
  const io = wasmIo(backend);
  const dx = io.output([batch, steps, features]);
  const dKernel = io.output([features, 4 * units]);
  const dRecurrentKernel = io.output([units, 4 * units]);
  const dBias = bias ? io.output([4 * units]) : undefined;
  io.withScratch(io.kernels.lstmBackwardScratchFloats(batch, steps, features, units), (scratch) =>
    io.kernels.lstmBackward(
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
      io.at(cs),
      io.at(gates),
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

export const LSTM_KERNELS: RecurrentKernels = {
  forward: 'TensorloomLstm',
  backward: 'TensorloomLstmGrad',
  tape: ['cs', 'gates'],
  cpu: { forward: cpuForward, backward: cpuBackward },
  wasm: { forward: wasmForward, backward: wasmBackward },
};
