// TPE against random search on Branin, Hartmann-6 and a mixed space (bench/sweep.ts), in Node:
// the sweep's samplers are pure TypeScript, loaded through Vite's module runner. Prints one JSON
// line per problem: {"bench":"sweep-tpe","problem":"branin","target":…,"tpeTrialsMedian":…,…}.
// BENCH_ONLY=sweep-tpe runs it alone.
import { runnerImport } from 'vite';

if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== 'sweep-tpe') process.exit(0);

const { module } = await runnerImport(new URL('./sweep.ts', import.meta.url).pathname, {
  configFile: false,
  logLevel: 'warn',
});
let failed = false;
for (const problem of module.PROBLEMS) {
  try {
    console.log(JSON.stringify(module.benchProblem(problem)));
  } catch (error) {
    failed = true;
    console.log(
      JSON.stringify({
        bench: 'sweep-tpe',
        problem: problem.name,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}
process.exitCode = failed ? 1 : 0;
