import { describe, expect, it } from 'vitest';
import { csvDataset } from '../../test/csvDataset';
import { GRAY_PAIR_PIPELINE } from '../../test/monitorPipeline';
import { prepareTrainingData } from '../preprocess';
import type { StoredDataset } from '../schema';
import { fitVocabulary } from '../text';
import {
  binLabels,
  binOf,
  columnProfile,
  perImageStatistics,
  pixelStatistics,
  quantileEdges,
  referenceProfile,
  textLengths,
} from './profile';

describe('quantileEdges', () => {
  it('cuts 1 … 11 at its deciles', () => {
    const values = Array.from({ length: 11 }, (_, i) => i + 1);
    expect(quantileEdges(values)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps each edge once when values repeat', () => {
    // Quartile positions 1.25, 2.5 and 3.75 of the sorted values: 1, 1 and 1 + 0.75 · (2 − 1).
    expect(quantileEdges([2, 1, 1, 3, 1, 1], 4)).toEqual([1, 1.75]);
  });

  it('puts a value on an edge in the bin below it', () => {
    expect(binOf(2, [2, 3])).toBe(0);
    expect(binOf(2.5, [2, 3])).toBe(1);
    expect(binOf(9, [2, 3])).toBe(2);
    expect(binLabels([2, 3])).toEqual(['≤ 2', '2 – 3', '> 3']);
  });
});

describe('columnProfile', () => {
  it('bins a numeric column at its quantiles and counts missing cells apart', () => {
    const cells = ['1', '2', '3', '4', '', 'NA'];
    const profile = columnProfile({ kind: 'numeric', name: 'x', fill: 0, log1p: false, shift: 0, divisor: 1 }, cells);
    expect(profile).toMatchObject({ kind: 'numeric', count: 4, missingShare: 2 / 6 });
    if (profile.kind !== 'numeric') throw new Error('numeric expected');
    expect(profile.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(profile.edges[0]).toBeCloseTo(1.3, 12);
  });

  it("gives a categorical column's shares in the model's category order", () => {
    const profile = columnProfile({ kind: 'oneHot', name: 'c', categories: ['a', 'b', 'c'], fill: null }, [
      'b',
      'a',
      'b',
      'b',
      '',
    ]);
    expect(profile).toEqual({
      kind: 'categorical',
      name: 'c',
      categories: ['a', 'b', 'c'],
      shares: [0.25, 0.75, 0],
      count: 4,
    });
  });

  it("measures a text's length in tokens and the share of tokens outside the vocabulary", () => {
    const tokenizer = fitVocabulary(['the cat', 'the dog'], {
      level: 'word',
      lowercase: true,
      stripPunctuation: true,
      maxVocabulary: 100,
      sequenceLength: 8,
    });
    // 5 tokens, of which "bird" and "flew" are unknown.
    expect(textLengths(['The cat', 'the bird flew'], tokenizer)).toEqual({ lengths: [2, 3], oovRate: 2 / 5 });
  });

  it('gives the mean and standard deviation of each channel', () => {
    // Two RGB pixels: R 0 and 255, G 10 and 10, B 100 and 200.
    const { mean, std } = pixelStatistics(Uint8Array.from([0, 10, 100, 255, 10, 200]), 3);
    expect(mean).toEqual([127.5, 10, 150]);
    expect(std[0]).toBeCloseTo(127.5, 9);
    expect(std[1]).toBe(0);
    expect(std[2]).toBeCloseTo(50, 9);
  });
});

describe('perImageStatistics', () => {
  it("gives each image's own mean and standard deviation per channel", () => {
    // Gray images of two pixels: 0 and 100 (mean 50, std 50), 50 and 50 (mean 50, std 0).
    expect(perImageStatistics(Uint8Array.from([0, 100, 50, 50]), 1, 2)).toEqual({ means: [[50, 50]], stds: [[50, 0]] });
    // One RGB image of two pixels (10, 20, 30) and (30, 20, 10).
    expect(perImageStatistics(Uint8Array.from([10, 20, 30, 30, 20, 10]), 3, 6)).toEqual({
      means: [[20], [20], [20]],
      stds: [[10], [0], [10]],
    });
  });
});

describe('referenceProfile', () => {
  it("profiles a data set's training rows only, and the predictions made on them", () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i < 20 ? i : 100 + i},${i % 2 ? 'yes' : 'no'}`);
    const dataset = csvDataset('d', ['x,label', ...rows].join('\n'));
    const prepared = prepareTrainingData(dataset, {
      target: 'label',
      seed: 1,
      validationFraction: 0.25,
      testFraction: 0.25,
      splitOrder: 'random',
      columns: [],
    });
    if (!prepared.ok) throw new Error(prepared.error);
    const { pipeline, trainRows } = prepared.value;
    const predictions = Array.from(trainRows, () => ({ label: 'yes' }));
    const profile = referenceProfile(dataset, pipeline, trainRows, predictions);
    expect(profile.rows).toBe(trainRows.length);
    expect(profile.columns).toHaveLength(1);
    expect(profile.columns[0]).toMatchObject({ kind: 'numeric', name: 'x', count: trainRows.length });
    expect(profile.predictions).toEqual({
      kind: 'classes',
      labels: ['no', 'yes'],
      shares: [0, 1],
      count: trainRows.length,
    });
  });

  it("bins the training images' brightness and contrast per channel at their deciles", () => {
    // Four one-pixel-high gray images of two pixels, the last left out of the training rows.
    const pixels = Uint8Array.from([10, 30, 50, 50, 200, 0, 255, 255]);
    const dataset: StoredDataset = {
      meta: {
        id: 'd',
        name: 'tones',
        source: 'file',
        rowCount: 4,
        bytes: 8,
        createdAt: 0,
        preview: [],
        columns: [{ name: 'image', type: 'image', missing: 0, unique: 0, height: 1, width: 2, channels: 1 }],
        images: {
          height: 1,
          width: 2,
          channels: 1,
          thumbnails: [],
          skipped: [],
          skippedCount: 0,
          // The import lists its most common sizes: three files of 40×20, and one of a size left unlisted.
          sourceSizes: [{ width: 40, height: 20, count: 3 }],
          sourceSizeCount: 2,
        },
      },
      columns: [{ name: 'image', type: 'image', height: 1, width: 2, channels: 1, pixels }],
    };
    const profile = referenceProfile(dataset, GRAY_PAIR_PIPELINE, Uint32Array.of(0, 1, 2), [
      { label: 'dark' },
      { label: 'dark' },
      { label: 'light' },
    ]);
    const image = profile.columns[0]!;
    if (image.kind !== 'image') throw new Error('image expected');
    // Image means 20, 50, 100 and standard deviations 10, 0, 100.
    expect(image.imageMeans).toEqual([{ edges: quantileEdges([20, 50, 100]), shares: expect.any(Array), count: 3 }]);
    expect(image.imageStds![0]!.edges).toEqual(quantileEdges([10, 0, 100]));
    expect(image.mean).toEqual([(10 + 30 + 50 + 50 + 200 + 0) / 6]);
    expect(image.sourceSizes).toEqual({ sizes: ['40×20', 'other'], shares: [0.75, 0.25], count: 4 });
  });
});
