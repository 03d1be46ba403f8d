export { gemm, gemmScratchFloats } from './gemm';
export { addRowVector, multiplyFloats, scaleFloats, softmaxGradRows, softmaxRows, sumRows } from './attention';
export { gruBackward, gruBackwardScratchFloats, gruForward, gruForwardScratchFloats } from './gru';
export { lstmBackward, lstmBackwardScratchFloats, lstmForward, lstmForwardScratchFloats } from './lstm';
export { simpleRnnBackward, simpleRnnBackwardScratchFloats, simpleRnnForward, simpleRnnForwardScratchFloats } from './simpleRnn';
