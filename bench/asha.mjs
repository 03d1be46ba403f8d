// ASHA against no pruning on the Iris sample at equal validation loss (bench/asha.ts), in Node
// through Vite's module runner: the epochs each needs to reach the same target. Prints one JSON
// line: {"bench":"sweep-asha","medianEpochsNoPruning":…,"medianEpochsAsha":…,…}.
// BENCH_ONLY=sweep-asha runs it alone.
import { runnerImport } from 'vite';

if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== 'sweep-asha') process.exit(0);

// The engine imports the SIMD kernels' module, which the Vite plugin compiles.
const { module: plugin } = await runnerImport(new URL('../build/wasmKernels.ts', import.meta.url).pathname, {
  configFile: false,
  logLevel: 'warn',
});
const { module } = await runnerImport(new URL('./asha.ts', import.meta.url).pathname, {
  configFile: false,
  logLevel: 'warn',
  plugins: [plugin.wasmKernels()],
});
console.log(JSON.stringify(await module.benchAsha()));
