/**
 * `npm run test:python`: writes the Python tests' fixtures (tests/python/*.fixtures.ts, with Vitest and
 * the app's Vite setup, into a temporary folder named in TENSORLOOM_PYTHON_FIXTURES), then runs the
 * tests in tests/python (unittest) with Debian's /usr/bin/python3 where it exists (its python3-torch and
 * python3-optuna), else python3. A test whose packages are missing skips with the reason, or with CI=true fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fixtures = mkdtempSync(join(tmpdir(), 'tensorloom-python-'));
const env = { ...process.env, TENSORLOOM_PYTHON_FIXTURES: fixtures };
const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.error) console.error(`Could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
};
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
try {
  const written = run('npx', ['vitest', 'run', '--config', 'tests/python/vitest.config.ts']);
  process.exitCode = written !== 0 ? written : run(python, ['-m', 'unittest', 'discover', '-s', 'tests/python', '-v']);
} finally {
  rmSync(fixtures, { recursive: true, force: true });
}
