/**
 * Writes what the Sweep view's "Export as Python" downloads for Optuna with PyTorch: `sweep.py` and
 * `tensorloom_data.npz`, for a small sweep of the default MLP on Iris (2 epochs a trial), for
 * test_optuna_distributed.py to run as several processes. Run by scripts/pythonTests.mjs
 * (`npm run test:python`), which names the folder in TENSORLOOM_PYTHON_FIXTURES.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { parseCsvText } from '../../src/data/import/csv';
import { dataContextFor, prepareTrainingData } from '../../src/data/preprocess';
import { DEFAULT_DATA_CONFIG } from '../../src/data/schema';
import { npz } from '../../src/engine/export/npz';
import { newProject } from '../../src/model/project';
import type { Result } from '../../src/model/result';
import { defaultGraph } from '../../src/model/templates';
import { SWEEP_DATA_FILE, sweepDataArrays, sweepToPython } from '../../src/sweep/codegen/python';
import type { StudyConfig } from '../../src/sweep/studyConfig';

const FOLDER = process.env['TENSORLOOM_PYTHON_FIXTURES'];

/** The space and budget test_optuna_distributed.py checks the trials against. */
const CONFIG: StudyConfig = {
  space: [
    { path: 'training.learningRate', domain: { type: 'float', low: 0.001, high: 0.1, log: true } },
    { path: 'nodes.dense_1.params.units', domain: { type: 'int', low: 4, high: 32, log: true, step: 1 } },
  ],
  objective: { metric: 'val_acc', direction: 'maximize' },
  sampler: 'tpe',
  pruner: 'median',
  seed: 3,
  budget: { trials: 3 },
  parallel: 1,
};

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe.skipIf(FOLDER === undefined)('Optuna sweep fixtures', () => {
  it('writes the Optuna script (PyTorch) of a sweep on Iris, beside its data', () => {
    const text = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
    const table = valueOf(
      parseCsvText(text, { id: 'iris', name: 'iris.csv', source: 'sample', bytes: text.length, createdAt: 0 }),
    );
    const dataConfig = { ...DEFAULT_DATA_CONFIG, target: 'species' };
    const prepared = valueOf(prepareTrainingData(table, dataConfig));
    const project = newProject(defaultGraph(), dataConfig);
    const script = sweepToPython(
      { ...project, training: { ...project.training, epochs: 2 } },
      CONFIG,
      dataContextFor(prepared.pipeline),
      'optuna',
      'pytorch',
    );
    const folder = join(FOLDER!, 'optuna', 'iris');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'sweep.py'), valueOf(script));
    writeFileSync(join(folder, SWEEP_DATA_FILE), npz(sweepDataArrays(prepared)));
  });
});
