import type { FittedPipeline } from '../data/preprocess';

/** A small fitted pipeline for the monitoring tests: a number (age) and a category (city) predicting bought (no / yes). */
export const AGE_CITY_PIPELINE: FittedPipeline = {
  version: 2,
  features: [
    { kind: 'numeric', name: 'age', fill: 30, log1p: false, shift: 0, divisor: 1 },
    { kind: 'oneHot', name: 'city', categories: ['Oslo', 'Rome'], fill: null },
  ],
  target: { name: 'bought', task: 'binary', labels: ['no', 'yes'] },
  inputSize: 3,
  inputShape: [3],
};

/** An image model reading one-pixel-high gray images of two pixels, predicting dark or light. */
export const GRAY_PAIR_PIPELINE: FittedPipeline = {
  version: 2,
  features: [{ kind: 'image', name: 'image', height: 1, width: 2, channels: 1 }],
  target: { name: 'label', task: 'binary', labels: ['dark', 'light'] },
  inputSize: 2,
  inputShape: [1, 2, 1],
};
