export { gemm, gemmScratchFloats } from './gemm';
export { sumMiddleF32, sumMiddleI32 } from './reduce';
export { adamUpdate } from './adam';
export { layerNormBackward, layerNormForward } from './layerNorm';
