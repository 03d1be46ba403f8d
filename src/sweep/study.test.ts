import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import { defaultGraph } from '../model/templates';
import {
  bestTrial,
  checkConfig,
  configProblems,
  defaultDirection,
  elapsedMs,
  parseJournal,
  replay,
  STOPPED_TRIAL,
  type StudyEvent,
} from './study';
import type { StudyConfig } from './studyConfig';

const CONFIG: StudyConfig = {
  space: [{ path: 'training.learningRate', domain: { type: 'float', low: 1e-4, high: 0.1, log: true } }],
  objective: { metric: 'val_loss', direction: 'minimize' },
  sampler: 'tpe',
  pruner: 'median',
  seed: 1,
  budget: { trials: 10 },
  parallel: 2,
};

const MINUTE = 60_000;
const lr = (value: number) => ({ 'training.learningRate': value });

/** Two trials: 0 completes, 1 is still running at minute 5. */
const JOURNAL: StudyEvent[] = [
  { type: 'created', at: 0, config: CONFIG },
  { type: 'trial-asked', at: 0, number: 0, params: lr(0.01) },
  { type: 'trial-asked', at: 0, number: 1, params: lr(0.001) },
  { type: 'trial-reported', at: 1 * MINUTE, number: 0, step: 1, value: 0.9 },
  { type: 'trial-reported', at: 2 * MINUTE, number: 1, step: 1, value: 0.8 },
  { type: 'trial-reported', at: 3 * MINUTE, number: 0, step: 2, value: 0.5 },
  { type: 'trial-completed', at: 3 * MINUTE, number: 0, value: 0.5 },
  { type: 'trial-reported', at: 5 * MINUTE, number: 1, step: 2, value: 0.7 },
];

function state(events: readonly StudyEvent[], resume = false) {
  const result = replay(events, { resume });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('replaying the journal', () => {
  it('rebuilds each trial: params, state, value and its values per epoch', () => {
    const { trials, status } = state(JOURNAL);
    expect(status).toBe('running');
    expect(trials.map((t) => t.state)).toEqual(['complete', 'running']);
    expect(trials[0]).toMatchObject({
      params: lr(0.01),
      value: 0.5,
      endedAt: 3 * MINUTE,
      intermediate: [
        { step: 1, value: 0.9 },
        { step: 2, value: 0.5 },
      ],
    });
    expect(trials[1]!.intermediate).toEqual([
      { step: 1, value: 0.8 },
      { step: 2, value: 0.7 },
    ]);
    expect(bestTrial(trials, 'minimize')?.number).toBe(0);
  });

  it('resumes after a reload: finished trials kept, running ones waiting, the time away not counted', () => {
    const resumed = state(JOURNAL, true);
    expect(resumed.trials.map((t) => t.state)).toEqual(['complete', 'waiting']);
    expect(elapsedMs(resumed, 60 * MINUTE)).toBe(5 * MINUTE);
    // The scheduler then appends 'resumed' and restarts trial 1 from its first epoch.
    const restarted = state([
      ...JOURNAL,
      { type: 'resumed', at: 60 * MINUTE },
      { type: 'trial-restarted', at: 60 * MINUTE, number: 1 },
    ]);
    expect(restarted.trials[1]).toMatchObject({
      state: 'running',
      params: lr(0.001),
      intermediate: [],
      startedAt: 60 * MINUTE,
    });
    expect(elapsedMs(restarted, 62 * MINUTE)).toBe(7 * MINUTE);
  });

  it('counts no time while paused, and interrupts the running trials', () => {
    const events: StudyEvent[] = [...JOURNAL, { type: 'paused', at: 6 * MINUTE }, { type: 'resumed', at: 30 * MINUTE }];
    const paused = state(events.slice(0, -1));
    expect(paused.status).toBe('paused');
    expect(paused.trials[1]!.state).toBe('waiting');
    expect(elapsedMs(paused, 20 * MINUTE)).toBe(6 * MINUTE);
    expect(elapsedMs(state(events), 31 * MINUTE)).toBe(7 * MINUTE);
  });

  it('ends with a stop: the reason kept, unfinished trials failed', () => {
    const stopped = state([...JOURNAL, { type: 'stopped', at: 6 * MINUTE, reason: 'user' }]);
    expect(stopped.status).toBe('stopped');
    expect(stopped.stopReason).toBe('user');
    expect(stopped.trials[1]).toMatchObject({ state: 'failed', error: STOPPED_TRIAL });
    expect(elapsedMs(stopped, 100 * MINUTE)).toBe(6 * MINUTE);
  });

  it('keeps what a runner records about a trial, later values replacing earlier ones, even after the stop', () => {
    const measured = state([
      ...JOURNAL,
      { type: 'trial-attrs', at: 3 * MINUTE, number: 0, attrs: { params: 51, latencyMs: 0.4 } },
      { type: 'stopped', at: 6 * MINUTE, reason: 'user' },
      { type: 'trial-attrs', at: 7 * MINUTE, number: 0, attrs: { latencyMs: 0.3, folds: [0.9, 0.8] } },
    ]);
    expect(measured.trials[0]!.attrs).toEqual({ params: 51, latencyMs: 0.3, folds: [0.9, 0.8] });
    expect(measured.trials[1]!.attrs).toBeUndefined();
    expect(
      parseJournal(
        JSON.parse(
          JSON.stringify([JOURNAL[0], JOURNAL[1], { type: 'trial-attrs', at: 1, number: 0, attrs: { folds: [1, 2] } }]),
        ),
      ),
    ).toMatchObject({ ok: true });
    expect(replay([...JOURNAL, { type: 'trial-attrs', at: 0, number: 5, attrs: {} }])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/trial 5 was never started/),
    });
  });

  it('takes in trials run elsewhere after the stop, whole, numbered after its own, and ranks them with them', () => {
    const imported: StudyEvent = {
      type: 'trial-imported',
      at: 9 * MINUTE,
      number: 2,
      source: { study: 'cluster', number: 4 },
      params: lr(0.003),
      state: 'complete',
      value: 0.2,
      intermediate: [
        { step: 1, value: 0.6 },
        { step: 2, value: 0.2 },
      ],
      startedAt: 7 * MINUTE,
      endedAt: 8 * MINUTE,
    };
    const events = [...JOURNAL, { type: 'stopped', at: 6 * MINUTE, reason: 'user' } as const, imported];
    const study = state(events);
    expect(study.trials[2]).toMatchObject({
      state: 'complete',
      value: 0.2,
      params: lr(0.003),
      imported: { study: 'cluster', number: 4 },
      startedAt: 7 * MINUTE,
      endedAt: 8 * MINUTE,
    });
    expect(study.trials[0]!.imported).toBeUndefined();
    expect(bestTrial(study.trials, 'minimize')?.number).toBe(2);
    // It is journalled like any event: read back from storage, it replays the same.
    const stored = parseJournal(JSON.parse(JSON.stringify(events)));
    expect(stored.ok && state(stored.value).trials).toEqual(study.trials);
    expect(replay([...events, { ...imported, number: 5 }])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/imported trial 5 follows trial 2/),
    });
  });

  it('follows a stopped study with a trial of its own, whose reload leaves it waiting to run again', () => {
    const stopped = [...JOURNAL, { type: 'stopped', at: 6 * MINUTE, reason: 'time' } as const];
    const followUp: StudyEvent = { type: 'trial-follow-up', at: 7 * MINUTE, number: 2, params: lr(0.02) };
    const begun = [
      ...stopped,
      followUp,
      { type: 'trial-reported', at: 8 * MINUTE, number: 2, step: 1, value: 0.4 } as const,
    ];
    expect(state(begun).trials[2]).toMatchObject({ state: 'running', followUp: true, params: lr(0.02) });
    expect(state(begun, true).trials[2]).toMatchObject({ state: 'waiting' });
    expect(state(begun, true).status).toBe('stopped');

    const ended = [
      ...begun,
      { type: 'trial-restarted', at: 9 * MINUTE, number: 2 } as const,
      { type: 'trial-completed', at: 10 * MINUTE, number: 2, value: 0.3 } as const,
    ];
    expect(state(ended).trials[2]).toMatchObject({
      state: 'complete',
      value: 0.3,
      startedAt: 9 * MINUTE,
      intermediate: [],
    });
    expect(bestTrial(state(ended).trials, 'minimize')?.number).toBe(2);
    expect(replay([...stopped, { type: 'trial-completed', at: 7 * MINUTE, number: 1, value: 0.1 }])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/already stopped/),
    });
    expect(replay([...JOURNAL, followUp])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/before the sweep stopped/),
    });
    const stored = parseJournal(JSON.parse(JSON.stringify(ended)));
    expect(stored.ok && state(stored.value).trials).toEqual(state(ended).trials);
  });

  it('refuses a damaged journal with a message, never throwing', () => {
    expect(replay([])).toEqual({
      ok: false,
      error: 'This sweep’s journal is damaged: it does not start with the sweep’s settings.',
    });
    expect(replay([...JOURNAL, { type: 'trial-completed', at: 0, number: 0, value: 1 }])).toEqual({
      ok: false,
      error: 'This sweep’s journal is damaged at entry 9: trial 0 is complete.',
    });
    expect(replay([JOURNAL[0]!, { type: 'trial-reported', at: 0, number: 3, step: 1, value: 1 }])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/trial 3 was never started/),
    });
    expect(replay([JOURNAL[0]!, { type: 'trial-asked', at: 0, number: 2, params: {} }])).toMatchObject({ ok: false });
  });

  it('round-trips through JSON, and refuses a journal that is not one', () => {
    const parsed = parseJournal(JSON.parse(JSON.stringify(JOURNAL)));
    expect(parsed).toEqual({ ok: true, value: JOURNAL });
    expect(parseJournal([{ type: 'trial-asked', at: 0, number: -1, params: {} }])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^This sweep’s journal is damaged at entry 1/),
    });
    expect(parseJournal('nope')).toMatchObject({ ok: false });
  });
});

describe('checking the settings', () => {
  const project = newProject(defaultGraph(), DEFAULT_DATA_CONFIG);

  it('accepts a sensible sweep', () => {
    expect(checkConfig(CONFIG, project)).toEqual({ ok: true, value: CONFIG });
  });

  it('refuses a budget of 0 trials or 0 minutes, or none at all', () => {
    expect(configProblems({ ...CONFIG, budget: { trials: 0 } }, project).map((p) => p.message)).toEqual([
      'The budget must allow at least 1 trial; it is 0.',
    ]);
    expect(configProblems({ ...CONFIG, budget: { minutes: 0 } }, project).map((p) => p.message)).toEqual([
      'The time budget must be above 0 minutes; it is 0.',
    ]);
    expect(configProblems({ ...CONFIG, budget: {} }, project).map((p) => p.message)).toEqual([
      'Give the sweep a budget: a number of trials, a time, or both.',
    ]);
  });

  it('refuses an objective that is not a validation metric, and no trials in flight', () => {
    const result = checkConfig(
      { ...CONFIG, objective: { metric: 'loss', direction: 'minimize' }, parallel: 0 },
      project,
    );
    expect(result).toEqual({
      ok: false,
      error:
        'At least 1 trial must run at a time; it is 0.\nThe objective must be a validation metric such as val_loss or val_acc; "loss" is not.',
    });
  });

  it('includes the space’s problems', () => {
    expect(configProblems({ ...CONFIG, space: [] }, project).map((p) => p.message)).toEqual([
      'The search space is empty: add at least one parameter to vary.',
    ]);
  });

  it('minimises losses and errors, maximises accuracy-like metrics', () => {
    expect(defaultDirection('val_loss')).toBe('minimize');
    expect(defaultDirection('val_mae')).toBe('minimize');
    expect(defaultDirection('val_acc')).toBe('maximize');
    expect(defaultDirection('val_auc')).toBe('maximize');
  });
});
