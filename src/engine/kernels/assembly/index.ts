export { gemm, gemmScratchFloats } from './gemm';
export { addRowVector, multiplyFloats, scaleFloats, softmaxGradRows, softmaxRows, sumRows } from './attention';
export { col2im, im2col } from './conv';
export { depthwiseFilterGradient, depthwiseInputGradient } from './depthwise';
export { gruBackward, gruBackwardScratchFloats, gruForward, gruForwardScratchFloats } from './gru';
export { lstmBackward, lstmBackwardScratchFloats, lstmForward, lstmForwardScratchFloats } from './lstm';
export { avgPoolGradient, maxPoolGradient } from './pool';
export { maxGradient } from './reduce';
export { simpleRnnBackward, simpleRnnBackwardScratchFloats, simpleRnnForward, simpleRnnForwardScratchFloats } from './simpleRnn';
