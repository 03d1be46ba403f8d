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
