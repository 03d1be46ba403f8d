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

/**
 * Runs in the helper, given a HelperStart and a way to say it is ready: once it waits in
 * `gemmHelp`, its own event loop is blocked for good, so it says so just before.
 */
export const HELPER_MAIN =
  '({ module, memory, control, helper }, ready) => { const { exports } = new WebAssembly.Instance(module, { env: { memory } }); ready(); exports.gemmHelp(control, helper); }';

/** How long a helper may take to start before the kernels give up on threads. */
const HELPER_START_TIMEOUT_MS = 10_000;

let helperScript: string | undefined;

/**
 * A helper in a Web Worker, which may wait on shared memory (a page's main thread may not).
 * Resolves once it is ready: a worker starts only when its parent's event loop turns, so a
 * caller that went straight on to compute would find no helper for as long as it computed.
 * Rejects, the worker ended, when it fails or does not start in time.
 */
export function spawnHelperWorker(start: HelperStart): Promise<HelperThread> {
  helperScript ??= URL.createObjectURL(
    new Blob([`onmessage = ({ data }) => (${HELPER_MAIN})(data, () => postMessage('ready'));`], {
      type: 'text/javascript',
    }),
  );
  const worker = new Worker(helperScript, { name: 'gemm helper' });
  return new Promise<HelperThread>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(why));
    };
    const timer = setTimeout(
      () => fail(`it did not start within ${HELPER_START_TIMEOUT_MS / 1000} s`),
      HELPER_START_TIMEOUT_MS,
    );
    worker.onerror = (event) => fail(event.message || 'it could not be loaded');
    worker.onmessage = () => {
      clearTimeout(timer);
      resolve(worker);
    };
    worker.postMessage(start);
  });
}
