export { gemm, gemmScratchFloats } from './gemm';
export { addRowVector, multiplyFloats, scaleFloats, softmaxGradRows, softmaxRows, sumRows } from './attention';
