// PyTorch's samples/s on the engine bench's models (bench/pytorch_twins.py), for the ratio each
// bench line reports. Debian's python3-torch installs for /usr/bin/python3, which may not be the
// python3 first on PATH (pyenv), so both are tried. Without torch every rate is null: no guess.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TWINS = fileURLToPath(new URL('./pytorch_twins.py', import.meta.url));
const INTERPRETERS = ['python3', '/usr/bin/python3'];

/** The first interpreter that can import torch, or undefined. */
function torchPython() {
  return INTERPRETERS.find((python) => {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * model → PyTorch's samples/s (the median of `repeats` trainings, and its thread count and
 * version), in one process; an empty map when torch cannot be imported.
 */
export function pytorchRates(models, repeats = 1) {
  const python = torchPython();
  if (!python || models.length === 0) return new Map();
  const lines = execFileSync(python, [TWINS, '--repeats', String(repeats), ...models], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
    .trim()
    .split('\n');
  return new Map(lines.map((line) => JSON.parse(line)).map((twin) => [twin.model, twin]));
}

/** The fields a bench line adds for PyTorch: its rate and ours over it, both null without torch. */
export function comparedWithPytorch(result, rates) {
  const twin = rates.get(result.model);
  const ratio =
    twin && result.samplesPerSec ? Math.round((result.samplesPerSec / twin.samplesPerSec) * 1000) / 1000 : null;
  return {
    pytorchSamplesPerSec: twin?.samplesPerSec ?? null,
    ratio,
    ...(twin && { pytorchSamplesPerSecRuns: twin.samplesPerSecRuns, pytorchThreads: twin.threads }),
  };
}
