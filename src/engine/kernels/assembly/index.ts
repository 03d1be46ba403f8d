export { gemm, gemmScratchFloats } from './gemm';
export { gruBackward, gruBackwardScratchFloats, gruForward, gruForwardScratchFloats } from './gru';
export { lstmBackward, lstmBackwardScratchFloats, lstmForward, lstmForwardScratchFloats } from './lstm';
export { simpleRnnBackward, simpleRnnBackwardScratchFloats, simpleRnnForward, simpleRnnForwardScratchFloats } from './simpleRnn';
