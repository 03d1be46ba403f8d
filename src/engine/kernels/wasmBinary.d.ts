/** The engine's WebAssembly kernels, compiled from ./assembly by build/wasmKernels.ts. */
declare module 'virtual:wasm-kernels' {
  const bytes: Uint8Array;
  export default bytes;
}
