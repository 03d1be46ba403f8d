export { gemm, gemmScratchFloats } from './gemm';
