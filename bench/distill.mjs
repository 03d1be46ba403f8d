// Knowledge distillation on the digits sample (bench/distill.ts), in Node through Vite's module
// runner: the CNN template as teacher, its proposed student (at most a quarter of its parameters)
// distilled from it. Prints {"bench":"distill","dataset":"digits","teacherParams":…,"studentParams":…,
// "teacherAcc":…,"studentAcc":…,…}, validation accuracies; the aim is studentAcc ≥ 0.98 · teacherAcc.
// BENCH_ONLY=distill runs it alone; BENCH_DISTILL_EPOCHS sets both runs' epochs (30).
import { runnerImport } from 'vite';

if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== 'distill') process.exit(0);

const load = (path, config = {}) =>
  runnerImport(new URL(path, import.meta.url).pathname, { configFile: false, logLevel: 'warn', ...config });
// What the app's config gives the engine: its wasm kernels and __APP_VERSION__.
const { wasmKernels } = (await load('../build/wasmKernels.ts')).module;
const { version } = (await load('../package.json')).module.default;
try {
  // The runner closes once the module is imported, so the bench runs within the import.
  const { module } = await load('./distill.ts', {
    plugins: [wasmKernels()],
    define: { __APP_VERSION__: JSON.stringify(version) },
  });
  console.log(JSON.stringify(module.result));
} catch (error) {
  process.exitCode = 1;
  console.log(
    JSON.stringify({
      bench: 'distill',
      dataset: 'digits',
      error: error instanceof Error ? error.message : String(error),
    }),
  );
}
