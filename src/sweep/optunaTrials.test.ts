import { describe, expect, it } from 'vitest';
import { OPTUNA_TRIALS_FORMAT, parseOptunaTrials } from './optunaTrials';
import type { StudyConfig } from './studyConfig';

const CONFIG: StudyConfig = {
  space: [
    { path: 'training.learningRate', domain: { type: 'float', low: 1e-4, high: 0.1, log: true } },
    { path: 'nodes.dense_1.params.units', domain: { type: 'int', low: 8, high: 64, log: false, step: 8 } },
    { path: 'training.optimizer', domain: { type: 'categorical', choices: ['adam', 'sgd'] } },
  ],
  objective: { metric: 'val_acc', direction: 'maximize' },
  sampler: 'tpe',
  pruner: 'median',
  seed: 1,
  budget: { trials: 10 },
  parallel: 2,
};

const PARAMS = { 'training.learningRate': 0.003, 'nodes.dense_1.params.units': 32, 'training.optimizer': 'adam' };

/** A trials file as the Optuna script writes it (`write_trials`), with `trials` in place of its own. */
function file(trials: readonly Record<string, unknown>[], overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: OPTUNA_TRIALS_FORMAT,
    version: 1,
    study_name: 'cluster',
    direction: 'maximize',
    metric: 'val_acc',
    trials,
    ...overrides,
  });
}

function trial(number: number, fields: Record<string, unknown> = {}) {
  return {
    number,
    state: 'COMPLETE',
    params: PARAMS,
    value: 0.5 + number / 100,
    intermediate_values: { '2': 0.4, '1': 0.3 },
    datetime_start: '2026-12-06T15:40:00.123456+00:00',
    datetime_complete: '2026-12-06T15:41:30.5+00:00',
    user_attrs: { worker: 'node-1:4242' },
    ...fields,
  };
}

const labelOf = (path: string) => `«${path.split('.').at(-1)}»`;

function errorOf(text: string): string {
  const result = parseOptunaTrials(text, CONFIG, labelOf);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.error;
}

describe('parseOptunaTrials', () => {
  it("reads the finished trials in the studio's terms: states, values, epochs in order, times", () => {
    const result = parseOptunaTrials(
      file([
        trial(2, { state: 'PRUNED', value: null }),
        trial(0),
        trial(1, { state: 'FAIL', value: null, intermediate_values: {} }),
      ]),
      CONFIG,
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.value.studyName).toBe('cluster');
    expect(result.value.unfinished).toBe(0);
    expect(result.value.trials.map((t) => [t.number, t.state, t.value])).toEqual([
      [0, 'complete', 0.5],
      [1, 'failed', null],
      [2, 'pruned', null],
    ]);
    const [first] = result.value.trials;
    expect(first!.params).toEqual(PARAMS);
    expect(first!.intermediate).toEqual([
      { step: 1, value: 0.3 },
      { step: 2, value: 0.4 },
    ]);
    expect(first!.startedAt).toBe(Date.UTC(2026, 11, 6, 15, 40, 0, 123));
    expect(first!.endedAt).toBe(Date.UTC(2026, 11, 6, 15, 41, 30, 500));
  });

  it('leaves out trials still running or waiting in the study, and counts them', () => {
    const result = parseOptunaTrials(
      file([
        trial(0),
        trial(1, { state: 'RUNNING', value: null, datetime_complete: null }),
        trial(2, { state: 'WAITING', params: {} }),
      ]),
      CONFIG,
    );
    expect(result).toMatchObject({ ok: true, value: { unfinished: 2, trials: [{ number: 0 }] } });
  });

  it('gives a trial without times the moment of the import', () => {
    const result = parseOptunaTrials(
      file([trial(0, { datetime_start: null, datetime_complete: null })]),
      CONFIG,
      labelOf,
      1234,
    );
    expect(result).toMatchObject({ ok: true, value: { trials: [{ startedAt: 1234, endedAt: 1234 }] } });
  });

  it('refuses what is not a trials file, each with its own sentence', () => {
    expect(errorOf('{"format": ')).toMatch(/^This is not a trials file: it is not JSON\./);
    expect(errorOf(JSON.stringify({ format: 'studio-project', version: 1 }))).toMatch(
      /^This JSON is not a trials file \(its format is not "tensorloom-optuna-trials"\)/,
    );
    expect(errorOf(JSON.stringify([1, 2]))).toMatch(/^This JSON is not a trials file/);
    expect(errorOf(file([], { version: 2 }))).toBe('This trials file is version 2; this studio reads version 1.');
    expect(errorOf(file([trial(0, { state: 'LOST' })]))).toMatch(/^This trials file is damaged at trials\.0\.state: /);
    expect(errorOf(file([trial(0, { intermediate_values: { first: 1 } })]))).toMatch(
      /^This trials file is damaged at trials\.0\.intermediate_values/,
    );
  });

  it('refuses a study of another objective or direction, naming both', () => {
    expect(errorOf(file([trial(0)], { direction: 'minimize' }))).toBe(
      "The Optuna study minimizes val_acc, this sweep maximizes val_acc: its trials cannot be ranked with the sweep's.",
    );
    expect(errorOf(file([trial(0)], { metric: 'val_loss', direction: 'minimize' }))).toMatch(
      /^The Optuna study minimizes val_loss, this sweep maximizes val_acc/,
    );
  });

  it("names every trial whose params the sweep's space would not have given, and imports none of them", () => {
    const error = errorOf(
      file([
        trial(0),
        trial(1, { params: { ...PARAMS, 'training.batchSize': 32 } }),
        trial(2, { params: { 'training.learningRate': 0.5, 'training.optimizer': 'rmsprop' } }),
        trial(3, { params: { ...PARAMS, 'nodes.dense_1.params.units': 12 } }),
        trial(4, { value: null }),
      ]),
    );
    expect(error.split('\n')).toEqual([
      "These trials do not fit this sweep's settings; nothing was imported:",
      'Trial 1 has training.batchSize, which this sweep does not search.',
      "Trial 2 has «learningRate» 0.5, outside the sweep's range (numbers from 0.0001 to 0.1).",
      'Trial 2 has no «units».',
      "Trial 2 has «optimizer» rmsprop, not one of the sweep's choices (adam, sgd).",
      "Trial 3 has «units» 12, outside the sweep's range (whole numbers from 8 to 64 in steps of 8).",
      '… and 1 more.',
    ]);
    expect(errorOf(file([trial(4, { value: null })]))).toMatch(/Trial 4 is complete but has no val_acc\.$/);
  });

  it("accepts bounds and steps as Optuna's floats write them", () => {
    const stepped: StudyConfig = {
      ...CONFIG,
      space: [{ path: 'training.momentum', domain: { type: 'float', low: 0.5, high: 0.9, log: false, step: 0.1 } }],
    };
    const momentum = (value: number) => file([trial(0, { params: { 'training.momentum': value } })]);
    expect(parseOptunaTrials(momentum(0.7000000000000001), stepped).ok).toBe(true);
    expect(parseOptunaTrials(momentum(0.9000000000000001), stepped).ok).toBe(true);
    expect(parseOptunaTrials(momentum(0.75), stepped).ok).toBe(false);
  });
});
