export { gemm, gemmScratchFloats } from './gemm';
export { col2im, im2col } from './conv';
export { depthwiseFilterGradient, depthwiseInputGradient } from './depthwise';
export { avgPoolGradient, maxPoolGradient } from './pool';
export { maxGradient } from './reduce';
