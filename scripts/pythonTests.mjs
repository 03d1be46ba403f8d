/**
 * `npm run test:python`: the Python tests (tests/python/test_*.py, unittest). First the fixture
 * writers (tests/python/*.fixtures.ts) export what the tests load, through Vitest, since the repo
 * runs its TypeScript there; then Debian's /usr/bin/python3 (which has python3-torch and
 * python3-optuna when installed), else python3, runs the tests. A test whose package is missing is
 * skipped with the reason, or fails with CI=true (tests/python/harness.py).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const fixtures = mkdtempSync(join(tmpdir(), 'tensorloom-python-'));
const env = { ...process.env, TENSORLOOM_PYTHON_FIXTURES: fixtures };

function run(command, args) {
  const { status, error } = spawnSync(command, args, { stdio: 'inherit', env });
  if (error) throw error;
  return status ?? 1;
}

function writeFixturesThenTest() {
  const written = run('npx', ['vitest', 'run', '--config', 'tests/python/vitest.config.ts']);
  return written === 0 ? run(python, ['-m', 'unittest', 'discover', '-s', 'tests/python', '-v']) : written;
}

try {
  process.exitCode = writeFixturesThenTest();
} finally {
  rmSync(fixtures, { recursive: true, force: true });
}
