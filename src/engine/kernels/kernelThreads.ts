/**
 * The kernels' helper threads: each instantiates the kernels' shared-memory build on tfjs's
 * shared memory and waits in `gemmHelp` for products to share (assembly/gemmThreads.ts), until
 * it is terminated. They belong to the kernels as tfjs's own pthreads belong to tfjs, so the
 * engine starts them itself; the script is a string, as tfjs's pthread script is, so no bundler
 * step can change it.
 */

/** What a helper is started with: postMessage clones the module and shares the memory. */
export interface HelperStart {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** The control block's address in `memory`. */
  readonly control: number;
  /** 0-based: helper i computes in scratch slot i + 1 (the caller has slot 0). */
  readonly helper: number;
}

export interface HelperThread {
  terminate(): void;
}

/** Runs in the helper: `data` is a HelperStart. */
export const HELPER_MAIN =
  '({ module, memory, control, helper }) => new WebAssembly.Instance(module, { env: { memory } }).exports.gemmHelp(control, helper)';

let helperScript: string | undefined;

/** A helper in a Web Worker, which may wait on shared memory (a page's main thread may not). */
export function spawnHelperWorker(start: HelperStart): HelperThread {
  helperScript ??= URL.createObjectURL(new Blob([`onmessage = ({ data }) => (${HELPER_MAIN})(data);`], { type: 'text/javascript' }));
  const worker = new Worker(helperScript, { name: 'gemm helper' });
  worker.postMessage(start);
  return worker;
}
