// The data report's findings in the rows (bench/dataReport.ts) on a narrow, a middling and a 5,000-column
// table, in Node: the time per cell read should stay about the same as the columns grow (the work is linear,
// and a wide table reads fewer rows). Prints one JSON line per table:
// {"bench":"data-report","columns":…,"rows":…,"rowsRead":…,"ms":…,"nsPerCellRead":…}. BENCH_ONLY=data-report runs it alone.
import { runnerImport } from 'vite';

if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== 'data-report') process.exit(0);

const { module } = await runnerImport(new URL('./dataReport.ts', import.meta.url).pathname, {
  configFile: false,
  logLevel: 'warn',
});
for (const table of module.TABLES) console.log(JSON.stringify(await module.benchTable(table)));
