import { describe, expect, it } from 'vitest';
import { sampleDataset } from '../test/csvDataset';
import { prepareTrainingData, type FittedPipeline } from './preprocess';
import { parseSavedPipeline, pipelineMismatch } from './savedPipeline';

function irisPipeline(target = 'species', seed = 42): FittedPipeline {
  const prepared = prepareTrainingData(sampleDataset('iris.csv'), {
    target,
    seed,
    validationFraction: 0.2,
    testFraction: 0,
    splitOrder: 'random',
    columns: [],
  });
  if (!prepared.ok) throw new Error(prepared.error);
  return prepared.value.pipeline;
}

describe('parseSavedPipeline', () => {
  it('reads back a pipeline saved as JSON', () => {
    const pipeline = irisPipeline();
    expect(parseSavedPipeline(JSON.parse(JSON.stringify(pipeline)))).toEqual({ ok: true, value: pipeline });
  });

  it('refuses a damaged one, naming where', () => {
    const pipeline = JSON.parse(JSON.stringify(irisPipeline())) as { features: { divisor?: number }[] };
    pipeline.features[1]!.divisor = 0;
    expect(parseSavedPipeline(pipeline)).toEqual({
      ok: false,
      error: "its metadata.json's preprocessing is not valid at features.1.divisor: must not be 0",
    });
    expect(parseSavedPipeline('pipeline')).toMatchObject({ ok: false, error: /not valid at the top/ });
  });
});

describe('pipelineMismatch', () => {
  it('accepts the same columns and classes, whatever the split’s statistics', () => {
    expect(pipelineMismatch(irisPipeline('species', 1), irisPipeline('species', 2))).toBeUndefined();
  });

  it('names the first difference', () => {
    const saved = irisPipeline();
    const renamed: FittedPipeline = {
      ...saved,
      features: saved.features.map((f, i) => (i === 0 ? { ...f, name: 'sepal_len' } : f)),
    };
    const fewer: FittedPipeline = { ...saved, features: saved.features.slice(1) };
    const relabelled: FittedPipeline = {
      ...saved,
      target: { ...saved.target, labels: [...saved.target.labels].reverse() },
    };
    expect(pipelineMismatch(saved, irisPipeline('petal_width'))).toBe(
      'the model predicts "species", but the project\'s target is "petal_width"',
    );
    expect(pipelineMismatch(saved, relabelled)).toBe(
      "the model's classes are setosa, versicolor, virginica, the current data's virginica, versicolor, setosa",
    );
    expect(pipelineMismatch(saved, renamed)).toBe(
      'the model reads the column sepal_length, which the current data set does not use',
    );
    expect(pipelineMismatch(fewer, saved)).toBe(
      'the current data set also uses sepal_length, which the model does not read',
    );
  });
});
