/** The engine's WebAssembly kernels, compiled from ./assembly by build/wasmKernels.ts. */
declare module 'virtual:wasm-kernels' {
  /** The build for an unshared memory (tfjs's single-threaded backend). */
  const bytes: Uint8Array;
  export default bytes;
  /** The build for a shared memory (tfjs's multi-threaded backend): it can share a product among threads. */
  export const sharedMemory: Uint8Array;
}
