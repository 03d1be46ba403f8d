import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG, type StoredDataset } from '../data/schema';
import { createTrainingSession } from '../engine/session/trainingSession';
import { DEFAULT_TRAINING } from '../model/project';
import { defaultGraph } from '../model/templates';
import { csvDataset, sampleDataset } from '../test/csvDataset';
import { fakeImageDecoder } from '../test/fakeImageDecoder';
import { inProcessTrainWorker } from '../test/inProcessTrainWorker';
import { createTrialPool } from '../workers/trialPool';
import { crossValidate, CROSS_VALIDATION_STOPPED } from './crossValidation';

const iris = sampleDataset('iris.csv');
/** 20 rows of a and of b, and 4 of c: after the 10 % test split, 3 rows of c are left for the folds. */
const rareClass = csvDataset(
  'rare.csv',
  `x,y\n${[...Array(20).fill('a'), ...Array(20).fill('b'), ...Array(4).fill('c')].map((y, i) => `${i % 7},${y}`).join('\n')}\n`,
);
const datasets = new Map<string, StoredDataset>([iris, rareClass].map((dataset) => [dataset.meta.id, dataset]));

/** A pool of in-process training sessions over the data sets above, and how many ran at once at most. */
function pool(size: number) {
  let running = 0;
  let mostAtOnce = 0;
  const trials = createTrialPool({
    size,
    cores: size,
    createWorker: () => {
      const worker = inProcessTrainWorker(
        createTrainingSession({ decodeImage: fakeImageDecoder(), getDataset: async (id) => datasets.get(id) }),
      );
      return {
        ...worker,
        startRun: (request, onEvent) => {
          mostAtOnce = Math.max(mostAtOnce, ++running);
          const run = worker.startRun(request, onEvent);
          void run.finished.finally(() => running--);
          return run;
        },
      };
    },
  });
  return { trials, mostAtOnce: () => mostAtOnce };
}

const project = (dataset: StoredDataset, target: string) => ({
  graph: defaultGraph(),
  data: { ...DEFAULT_DATA_CONFIG, datasetId: dataset.meta.id, target },
  training: { ...DEFAULT_TRAINING, epochs: 2, batchSize: 16, backend: 'cpu' as const },
});

describe('crossValidate', () => {
  it('trains one run per fold, at most the pool’s size at once, and gives each fold’s metric with their mean ± sd', async () => {
    const { trials, mostAtOnce } = pool(2);
    const ended: number[] = [];
    const estimate = await crossValidate(trials, project(iris, 'species'), {
      folds: 3,
      metric: 'val_acc',
      onFoldEnded: (count) => ended.push(count),
    });
    trials.dispose();
    if (!estimate.ok) throw new Error(estimate.error);
    const { values, mean, sd, reduced } = estimate.value;
    expect(values).toHaveLength(3);
    values.forEach((value) => expect(value).toBeGreaterThanOrEqual(0));
    expect(mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 3, 12);
    expect(sd).toBeGreaterThanOrEqual(0);
    expect(reduced).toBeUndefined();
    expect(ended).toEqual([1, 2, 3]);
    expect(mostAtOnce()).toBe(2);
  });

  it('makes fewer folds when a class is too small, saying why, and none when a class has one row', async () => {
    const { trials } = pool(2);
    const estimate = await crossValidate(trials, project(rareClass, 'y'), { folds: 5, metric: 'val_acc' });
    expect(estimate.ok && estimate.value.values).toHaveLength(3);
    expect(estimate.ok && estimate.value.reduced).toBe(
      '3 folds instead of 5: the class "c" has only 3 rows, and every fold needs one.',
    );
    // A 70 % test split takes 3 of the 4 rows of c, leaving one.
    const impossible = project(rareClass, 'y');
    const noFolds = await crossValidate(
      trials,
      { ...impossible, data: { ...impossible.data, testFraction: 0.7 } },
      { folds: 5, metric: 'val_acc' },
    );
    trials.dispose();
    expect(noFolds).toEqual({
      ok: false,
      error: 'Cross-validation needs at least 2 rows of every class: the class "c" has only 1 row.',
    });
  });

  it('stops every fold run when cancelled, and says so', async () => {
    const { trials } = pool(2);
    const cancel = new AbortController();
    const estimate = crossValidate(trials, project(iris, 'species'), {
      folds: 3,
      metric: 'val_acc',
      signal: cancel.signal,
    });
    cancel.abort();
    expect(await estimate).toEqual({ ok: false, error: CROSS_VALIDATION_STOPPED });
    trials.dispose();
  });
});
