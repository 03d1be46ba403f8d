/**
 * What ASHA saves on a real sample at equal quality: TPE sweeps over the Iris MLP (learning rate,
 * batch size, hidden units), each trial up to EPOCHS epochs, trained by the app's own engine on
 * tfjs's cpu backend through the sweep's own scheduler. The target is the median best validation
 * loss of unpruned 30-trial sweeps; then, per seed, the epochs trained in all (pruned trials'
 * included) until a finished trial reaches it, without pruning and with ASHA (reduction factor 3,
 * minimum resource 1 epoch). Run by bench/asha.mjs.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { parseCsvText } from '../src/data/import/csv';
import { dataContextFor, prepareTrainingData } from '../src/data/preprocess';
import { buildModel } from '../src/engine/build';
import { trainModel } from '../src/engine/train';
import { DEFAULT_DATA_CONFIG } from '../src/data/schema';
import { newProject } from '../src/model/project';
import { defaultGraph } from '../src/model/templates';
import { createScheduler, type Runner } from '../src/sweep/scheduler';
import { applyParams } from '../src/sweep/space';
import { bestTrial } from '../src/sweep/study';
import type { SearchSpace, PrunerName, StudyConfig } from '../src/sweep/studyConfig';

const SEEDS = [1, 2, 3, 4, 5, 6, 7];
/** The target is the median best of this many unpruned trials (on other seeds). */
const TARGET_TRIALS = 30;
/** A sweep that has not reached the target by then counts as not reaching it. */
const MAX_TRIALS = 150;
const EPOCHS = 27;
const OBJECTIVE = { metric: 'val_loss', direction: 'minimize' } as const;

const SPACE: SearchSpace = [
  { path: 'training.learningRate', domain: { type: 'float', low: 1e-4, high: 0.3, log: true } },
  { path: 'training.batchSize', domain: { type: 'int', low: 8, high: 64, log: true, step: 1 } },
  { path: 'nodes.dense_1.params.units', domain: { type: 'int', low: 2, high: 64, log: true, step: 1 } },
];

const text = readFileSync(new URL('../public/samples/iris.csv', import.meta.url), 'utf8');
const parsed = parseCsvText(text, { id: 'iris', name: 'Iris', source: 'file', bytes: text.length, createdAt: 0 });
if (!parsed.ok) throw new Error(parsed.error);
const dataset = parsed.value;
const prepared = prepareTrainingData(dataset, {
  target: 'species',
  seed: 42,
  validationFraction: 0.2,
  testFraction: 0,
  splitOrder: 'random',
  columns: [],
});
if (!prepared.ok) throw new Error(prepared.error);
const { pipeline, train, validation } = prepared.value;
const context = dataContextFor(pipeline);
const project = newProject(defaultGraph(), { ...DEFAULT_DATA_CONFIG, datasetId: 'iris', target: 'species' });
const base = { ...project, training: { ...project.training, epochs: EPOCHS } };

/** Trains each trial on the cpu backend, counting every epoch (pruned trials' included); `onValue` sees each finished trial's value. */
function irisRunner(counter: { epochs: number }, onValue: (value: number) => void = () => {}): Runner {
  return {
    async runTrial(params, control) {
      const applied = applyParams(base, params);
      if (!applied.ok) throw new Error(applied.error);
      const built = buildModel(applied.value.graph, context, { seed: 7 });
      if (!built.ok) throw new Error(built.error);
      try {
        const outcome = await trainModel(built.value, {
          data: context,
          settings: applied.value.training,
          seed: 7,
          train,
          validation,
          onEpoch: (epoch, logs) => {
            counter.epochs++;
            control.report(epoch + 1, logs[OBJECTIVE.metric]!);
          },
          shouldStop: () => control.aborted,
        });
        if (!outcome.ok) throw new Error(outcome.error);
        const value = outcome.value.logs[OBJECTIVE.metric]!;
        if (!control.aborted) onValue(value);
        return value;
      } finally {
        built.value.dispose();
      }
    },
  };
}

function studyConfig(pruner: PrunerName, seed: number, trials: number): StudyConfig {
  return { space: SPACE, objective: OBJECTIVE, sampler: 'tpe', pruner, seed, budget: { trials }, parallel: 1 };
}

/** Best validation loss of TARGET_TRIALS unpruned trials. */
async function bestUnpruned(seed: number): Promise<number> {
  const scheduler = createScheduler({
    journal: [{ type: 'created', at: Date.now(), config: studyConfig('none', seed, TARGET_TRIALS) }],
    runner: irisRunner({ epochs: 0 }),
  });
  const state = await scheduler.run();
  const failed = state.trials.find((trial) => trial.state === 'failed');
  if (failed) throw new Error(`Trial ${failed.number} failed: ${failed.error}`);
  return bestTrial(state.trials, OBJECTIVE.direction)!.value!;
}

/** Epochs trained until a finished trial reaches `target`; undefined if none does within MAX_TRIALS. */
async function epochsToReach(target: number, pruner: PrunerName, seed: number): Promise<number | undefined> {
  const counter = { epochs: 0 };
  let reachedAt: number | undefined;
  const scheduler = createScheduler({
    journal: [{ type: 'created', at: Date.now(), config: studyConfig(pruner, seed, MAX_TRIALS) }],
    runner: irisRunner(counter, (value) => {
      if (reachedAt !== undefined || value > target) return;
      reachedAt = counter.epochs;
      scheduler.stop();
    }),
  });
  await scheduler.run();
  return reachedAt;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function benchAsha() {
  await tf.setBackend('cpu');
  const bests: number[] = [];
  for (const seed of SEEDS) bests.push(await bestUnpruned(seed + 1000));
  // Equal quality: both must reach the validation loss an unpruned sweep of TARGET_TRIALS reaches, in the median.
  const target = median(bests);
  const perSeed: { seed: number; noPruning: number | undefined; asha: number | undefined }[] = [];
  for (const seed of SEEDS)
    perSeed.push({
      seed,
      noPruning: await epochsToReach(target, 'none', seed),
      asha: await epochsToReach(target, 'asha', seed),
    });
  const reached = (key: 'noPruning' | 'asha') => perSeed.map((run) => run[key] ?? Infinity);
  return {
    bench: 'sweep-asha',
    dataset: 'iris',
    objective: OBJECTIVE.metric,
    maxEpochsPerTrial: EPOCHS,
    targetValLoss: Math.round(target * 1e4) / 1e4,
    seeds: SEEDS.length,
    medianEpochsNoPruning: median(reached('noPruning')),
    medianEpochsAsha: median(reached('asha')),
    // null: not reached within MAX_TRIALS trials.
    perSeed: perSeed.map(({ seed, noPruning, asha }) => ({ seed, noPruning: noPruning ?? null, asha: asha ?? null })),
  };
}
