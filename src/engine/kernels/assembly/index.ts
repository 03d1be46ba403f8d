export { gemm, gemmScratchFloats } from './gemm';
export { gemmControlBytes, gemmHelp, gemmThreads } from './gemmThreads';
