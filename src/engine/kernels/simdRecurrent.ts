/**
 * The exports of assembly/lstm.ts, gru.ts and simpleRnn.ts, as `SimdKernels` (wasmModule.ts)
 * holds them: pointers are byte addresses in the wasm backend's memory; a bias or dBias of 0 means
 * the layer has none. Layouts and arithmetic are described in those files.
 */
type ScratchFloats = (batch: number, steps: number, features: number, units: number) => number;

export interface RecurrentSimdKernels {
  lstmForwardScratchFloats: ScratchFloats;
  lstmForward(
    batch: number,
    steps: number,
    features: number,
    units: number,
    x: number,
    kernel: number,
    recurrentKernel: number,
    bias: number,
    activation: number,
    recurrentActivation: number,
    goBackwards: boolean,
    hs: number,
    cs: number,
    gates: number,
    scratch: number,
  ): void;
  lstmBackwardScratchFloats: ScratchFloats;
  lstmBackward(
    batch: number,
    steps: number,
    features: number,
    units: number,
    x: number,
    kernel: number,
    recurrentKernel: number,
    activation: number,
    recurrentActivation: number,
    goBackwards: boolean,
    hs: number,
    cs: number,
    gates: number,
    dy: number,
    dyEveryStep: boolean,
    dx: number,
    dKernel: number,
    dRecurrentKernel: number,
    dBias: number,
    scratch: number,
  ): void;
  gruForwardScratchFloats: ScratchFloats;
  gruForward(
    batch: number,
    steps: number,
    features: number,
    units: number,
    x: number,
    kernel: number,
    recurrentKernel: number,
    bias: number,
    activation: number,
    recurrentActivation: number,
    goBackwards: boolean,
    hs: number,
    gates: number,
    rh: number,
    scratch: number,
  ): void;
  gruBackwardScratchFloats: ScratchFloats;
  gruBackward(
    batch: number,
    steps: number,
    features: number,
    units: number,
    x: number,
    kernel: number,
    recurrentKernel: number,
    activation: number,
    recurrentActivation: number,
    goBackwards: boolean,
    hs: number,
    gates: number,
    rh: number,
    dy: number,
    dyEveryStep: boolean,
    dx: number,
    dKernel: number,
    dRecurrentKernel: number,
    dBias: number,
    scratch: number,
  ): void;
  simpleRnnForwardScratchFloats: ScratchFloats;
  simpleRnnForward(
    batch: number,
    steps: number,
    features: number,
    units: number,
    x: number,
    kernel: number,
    recurrentKernel: number,
    bias: number,
    activation: number,
    goBackwards: boolean,
    hs: number,
    scratch: number,
  ): void;
  simpleRnnBackwardScratchFloats: ScratchFloats;
  simpleRnnBackward(
    batch: number,
    steps: number,
    features: number,
    units: number,
    x: number,
    kernel: number,
    recurrentKernel: number,
    activation: number,
    goBackwards: boolean,
    hs: number,
    dy: number,
    dyEveryStep: boolean,
    dx: number,
    dKernel: number,
    dRecurrentKernel: number,
    dBias: number,
    scratch: number,
  ): void;
}
