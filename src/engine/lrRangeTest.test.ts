import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataContextFor, prepareTrainingData } from '../data/preprocess';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { DEFAULT_TRAINING } from '../model/project';
import type { TrainSettings } from '../model/run';
import { defaultGraph } from '../model/templates';
import { DEFAULT_LR_RANGE } from '../sweep/lrRange';
import { sampleDataset } from '../test/csvDataset';
import { buildModel } from './build';
import { lrRangeTest } from './lrRangeTest';
import { trainModel } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const prepared = prepareTrainingData(sampleDataset('iris.csv'), { ...DEFAULT_DATA_CONFIG, target: 'species' });
if (!prepared.ok) throw new Error(prepared.error);
const { pipeline, train, validation } = prepared.value;
const data = dataContextFor(pipeline);
const graph = defaultGraph();
const SEED = 42;

/** The validation loss after a short run at `learningRate`; Infinity when the run diverged. */
async function validationLossAt(settings: TrainSettings, learningRate: number): Promise<number> {
  const built = buildModel(graph, data, { seed: SEED });
  if (!built.ok) throw new Error(built.error);
  try {
    const outcome = await trainModel(built.value, {
      data,
      settings: { ...settings, learningRate },
      seed: SEED,
      train,
      validation,
    });
    return outcome.ok ? (outcome.value.logs.val_loss ?? Number.NaN) : Number.POSITIVE_INFINITY;
  } finally {
    built.value.dispose();
  }
}

describe('lrRangeTest', () => {
  it('proposes a rate inside the range that trains better than the range’s ends, stopping once the loss diverges', async () => {
    const settings: TrainSettings = { ...DEFAULT_TRAINING, epochs: 4 };
    const tensorsBefore = tf.memory().numTensors;
    const steps: number[] = [];
    const tested = await lrRangeTest({ graph, data, settings, seed: SEED, train, onStep: (done) => steps.push(done) });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    if (!tested.ok) throw new Error(tested.error);
    const { rates, losses, proposal } = tested.value;
    if (!proposal.ok) throw new Error(proposal.error);

    // Adam at a rate of 10 overshoots: the test ends there rather than training on through the whole range.
    expect(proposal.value.divergedAt).toBeDefined();
    expect(rates.length).toBeLessThan(DEFAULT_LR_RANGE.steps);
    expect(losses).toHaveLength(rates.length);
    expect(steps).toEqual(rates.map((_, i) => i + 1));
    expect(proposal.value.rate).toBeGreaterThan(DEFAULT_LR_RANGE.min);
    expect(proposal.value.rate).toBeLessThan(proposal.value.divergedAt!);

    const atProposal = await validationLossAt(settings, proposal.value.rate);
    expect(atProposal).toBeLessThan(await validationLossAt(settings, DEFAULT_LR_RANGE.min));
    expect(atProposal).toBeLessThan(await validationLossAt(settings, proposal.value.divergedAt!));
  });

  it('ends when asked to stop, leaving no tensors', async () => {
    const tensorsBefore = tf.memory().numTensors;
    let done = 0;
    const tested = await lrRangeTest({
      graph,
      data,
      settings: DEFAULT_TRAINING,
      seed: SEED,
      train,
      onStep: (step) => (done = step),
      shouldStop: () => done >= 3,
    });
    expect(tested).toEqual({ ok: false, error: 'The learning-rate test was stopped.' });
    expect(done).toBe(3);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
