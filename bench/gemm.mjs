// The engine's SIMD gemm on one thread against the same gemm shared with helper threads, in Node:
// the kernels' shared-memory build on a shared memory of its own, helpers in worker threads (the
// same helper script the training worker starts in Web Workers). The shapes are the bench models'
// products. Each is timed alternately alone and shared, ROUNDS times; the best of each counts.
// Prints one JSON line per shape: {"bench":"gemm-threads","shape":"m×n×k",…,"speedup":…}, after a
// line saying how many cores the machine had free meanwhile ("parallelism": 2 when two busy
// threads ran as fast as one, 1 when they took turns): on a busy machine, threads cannot help.
// BENCH_ONLY=gemm-threads runs it alone.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const BENCH = 'gemm-threads';
if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== BENCH) process.exit(0);

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const HELPERS = 1;
/** m × n × k: the MLP's forward and gradient products, a Transformer's, an LSTM step's, a conv's im2col, square ones. */
const SHAPES = [
  [64, 256, 784],
  [64, 784, 256],
  [784, 256, 64],
  [1024, 64, 64],
  [32, 256, 64],
  [25088, 16, 9],
  [64, 64, 64],
  [128, 128, 128],
  [256, 256, 256],
];

const load = async (path) =>
  (await runnerImport(fileURLToPath(new URL(path, import.meta.url)), { configFile: false, logLevel: 'warn' })).module;
const { compileWasmKernels } = await load('../build/wasmKernels.ts');
const { HELPER_MAIN } = await load('../src/engine/kernels/kernelThreads.ts');

const memory = new WebAssembly.Memory({ initial: 2048, maximum: 65536, shared: true });
const module = await WebAssembly.compile(await compileWasmKernels('shared'));
const kernels = (await WebAssembly.instantiate(module, { env: { memory } })).exports;
const CONTROL = 0;
const helpers = await Promise.all(
  Array.from({ length: HELPERS }, (_, helper) => {
    const script = `const { parentPort } = require('node:worker_threads'); parentPort.once('message', (data) => (${HELPER_MAIN})(data, () => parentPort.postMessage('ready')));`;
    const worker = new Worker(script, { eval: true });
    worker.postMessage({ module, memory, control: CONTROL, helper });
    return new Promise((resolve) => worker.once('message', () => resolve(worker)));
  }),
);

try {
  console.log(JSON.stringify({ bench: BENCH, parallelism: await parallelism() }));
  const values = new Float32Array(memory.buffer);
  for (let i = 1024; i < values.length; i++) values[i] = ((i * 7919) % 1000) / 1000 - 0.5;
  for (const [m, n, k] of SHAPES) {
    const a = 4096;
    const b = a + m * k * 4 + 64;
    const c = b + k * n * 4 + 64;
    const scratch = c + m * n * 4 + 64;
    const flops = 2 * m * n * k;
    const reps = Math.max(5, Math.ceil(1e8 / flops));
    const best = { 1: Infinity, [HELPERS + 1]: Infinity };
    for (let round = 0; round < ROUNDS; round++) {
      for (const threads of [1, HELPERS + 1]) {
        kernels.gemmThreads(CONTROL, threads - 1);
        const product = () => kernels.gemm(m, n, k, a, k, false, b, n, false, c, n, false, scratch);
        product();
        const started = performance.now();
        for (let i = 0; i < reps; i++) product();
        best[threads] = Math.min(best[threads], (performance.now() - started) / reps);
      }
    }
    kernels.gemmThreads(CONTROL, 0);
    const rate = (ms) => Number((flops / ms / 1e6).toFixed(1));
    console.log(
      JSON.stringify({
        bench: BENCH,
        shape: `${m}×${n}×${k}`,
        mflop: Number((flops / 1e6).toFixed(2)),
        oneThreadUs: Number((best[1] * 1000).toFixed(1)),
        twoThreadsUs: Number((best[HELPERS + 1] * 1000).toFixed(1)),
        oneThreadGflops: rate(best[1]),
        twoThreadsGflops: rate(best[HELPERS + 1]),
        speedup: Number((best[1] / best[HELPERS + 1]).toFixed(2)),
      }),
    );
  }
} finally {
  await Promise.all(helpers.map((worker) => worker.terminate()));
}

/** How many busy threads the machine ran at once just now: one busy loop's time × 2 ÷ two loops' time. */
async function parallelism() {
  const busy = `let x = 0; for (let i = 0; i < 1e8; i++) x += i % 7; require('node:worker_threads').parentPort.postMessage(x);`;
  const run = async (count) => {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: count }, () => {
        const worker = new Worker(busy, { eval: true });
        return new Promise((resolve) => worker.once('message', () => resolve(worker.terminate())));
      }),
    );
    return performance.now() - started;
  };
  const one = await run(1);
  const two = await run(2);
  return Number(((2 * one) / two).toFixed(2));
}
