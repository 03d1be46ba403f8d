/**
 * A study (one sweep) is an append-only journal of events; its state is what replaying them
 * gives. Appending is the only write, so a journal persisted event by event survives a reload
 * at any point, and resuming is replaying: finished trials are kept, and the trials that were
 * running wait to be restarted with the same params.
 */
import { z } from 'zod';
import type { Project } from '../model/project';
import type { Result } from '../model/result';
import { paramValueSchema, studyConfigSchema } from './configSchema';
import { proposeSpace, spaceProblems, type Params, type SpaceProblem } from './space';
import type { Direction, ParamValue, StudyConfig } from './studyConfig';

/** waiting: interrupted (a reload, a pause) and to be restarted with the same params. */
export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';

export interface Intermediate {
  /** Epochs trained (1 after the first). */
  readonly step: number;
  readonly value: number;
}

/**
 * What a runner records about a trial beside its objective (Optuna's user attrs): an Auto candidate's
 * size and latency, its cross-validated scores. Numbers, words, flags or a list of numbers.
 */
export type TrialAttrValue = ParamValue | readonly number[];
export type TrialAttrs = Readonly<Record<string, TrialAttrValue>>;

/** A trial as replay sees it; frozen: a new object whenever it changes. */
export interface Trial {
  readonly number: number;
  readonly params: Params;
  readonly state: TrialState;
  /** The objective's final value; complete trials only. */
  readonly value: number | null;
  /** The objective after each epoch, steps ascending. */
  readonly intermediate: readonly Intermediate[];
  readonly error: string | null;
  /** When the trial (last) started, and when it ended; epoch milliseconds. */
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** What the runner recorded about it (`trial-attrs`, later values replacing earlier ones); absent until then. */
  readonly attrs?: TrialAttrs;
  /** Where a trial run outside the studio came from (`trial-imported`); absent for the sweep's own. */
  readonly imported?: ImportSource;
  /** Set for a trial begun after the study stopped (`trial-follow-up`). */
  readonly followUp?: true;
}

/** An imported trial's origin: the Optuna study the exported script ran, and the trial's number there. */
export interface ImportSource {
  readonly study: string;
  readonly number: number;
}

export type StopReason = 'user' | 'trials' | 'time' | 'exhausted';

export type StudyEvent =
  | { readonly type: 'created'; readonly at: number; readonly config: StudyConfig }
  | { readonly type: 'trial-asked'; readonly at: number; readonly number: number; readonly params: Params }
  /** A waiting trial runs again from its first epoch; what it reported before is dropped. */
  | { readonly type: 'trial-restarted'; readonly at: number; readonly number: number }
  | {
      readonly type: 'trial-reported';
      readonly at: number;
      readonly number: number;
      readonly step: number;
      readonly value: number;
    }
  | { readonly type: 'trial-completed'; readonly at: number; readonly number: number; readonly value: number }
  | { readonly type: 'trial-pruned'; readonly at: number; readonly number: number }
  | { readonly type: 'trial-failed'; readonly at: number; readonly number: number; readonly error: string }
  /** Facts about a trial, at any time, even after the study stopped (a finalist's cross-validation comes later). */
  | { readonly type: 'trial-attrs'; readonly at: number; readonly number: number; readonly attrs: TrialAttrs }
  /**
   * A finished trial run elsewhere (the exported Optuna script), whole; like trial-attrs it may come
   * after the study stopped. Its params are in the study's space (`parseOptunaTrials` checked them).
   */
  | {
      readonly type: 'trial-imported';
      readonly at: number;
      readonly number: number;
      readonly source: ImportSource;
      readonly params: Params;
      readonly state: Extract<TrialState, 'complete' | 'pruned' | 'failed'>;
      readonly value: number | null;
      readonly intermediate: readonly Intermediate[];
      readonly startedAt: number;
      readonly endedAt: number;
    }
  /**
   * A trial the study's runner begins after the study stopped (Auto's distilled student, once the
   * search has ended). Its own later events are accepted as a running study's are; a reload while it
   * runs leaves it waiting, to be restarted by whoever began it.
   */
  | { readonly type: 'trial-follow-up'; readonly at: number; readonly number: number; readonly params: Params }
  /** Running trials are interrupted (they wait for the resume). */
  | { readonly type: 'paused'; readonly at: number }
  | { readonly type: 'resumed'; readonly at: number }
  | { readonly type: 'stopped'; readonly at: number; readonly reason: StopReason };

export type StudyStatus = 'running' | 'paused' | 'stopped';

export interface StudyState {
  readonly config: StudyConfig;
  readonly trials: readonly Trial[];
  readonly status: StudyStatus;
  readonly stopReason: StopReason | null;
  /** Active time in closed stretches (created or resumed → paused, stopped, or the last event before a reload). */
  readonly activeMs: number;
  /** Start of the open active stretch; null while paused or stopped. */
  readonly activeSince: number | null;
  readonly lastEventAt: number;
}

const FINISHED: ReadonlySet<TrialState> = new Set(['complete', 'pruned', 'failed']);

export const isFinished = (trial: Trial): boolean => FINISHED.has(trial.state);

export const STOPPED_TRIAL = 'The sweep was stopped before this trial finished.';

export function initialState(created: Extract<StudyEvent, { type: 'created' }>): StudyState {
  return {
    config: created.config,
    trials: [],
    status: 'running',
    stopReason: null,
    activeMs: 0,
    activeSince: created.at,
    lastEventAt: created.at,
  };
}

/** Trials in `from` moved to `to` (and given `error`, if any). */
function moveTrials(trials: readonly Trial[], from: readonly TrialState[], change: Partial<Trial>): readonly Trial[] {
  return trials.some((t) => from.includes(t.state))
    ? trials.map((t) => (from.includes(t.state) ? { ...t, ...change } : t))
    : trials;
}

function closeStretch(state: StudyState, at: number): Pick<StudyState, 'activeMs' | 'activeSince'> {
  return {
    activeMs: state.activeMs + (state.activeSince === null ? 0 : Math.max(0, at - state.activeSince)),
    activeSince: null,
  };
}

/** The state after one more event, or why it cannot follow; never mutates. */
export function applyEvent(state: StudyState, event: StudyEvent): Result<StudyState> {
  const fail = (why: string): Result<StudyState> => ({ ok: false, error: why });
  const lastEventAt = Math.max(state.lastEventAt, event.at);
  const next = (changes: Partial<StudyState>): Result<StudyState> => ({
    ok: true,
    value: { ...state, ...changes, lastEventAt },
  });
  if (event.type === 'trial-attrs') {
    const trial = state.trials[event.number];
    if (!trial) return fail(`trial ${event.number} was never started`);
    const trials = [...state.trials];
    trials[event.number] = { ...trial, attrs: { ...trial.attrs, ...event.attrs } };
    return next({ trials });
  }
  if (event.type === 'trial-imported') {
    if (event.number !== state.trials.length)
      return fail(`imported trial ${event.number} follows trial ${state.trials.length - 1}`);
    const { number, params, value, intermediate, startedAt, endedAt, source } = event;
    const trial: Trial = {
      number,
      params,
      state: event.state,
      value,
      intermediate,
      error: event.state === 'failed' ? `Failed in the Optuna study "${source.study}".` : null,
      startedAt,
      endedAt,
      imported: source,
    };
    return next({ trials: [...state.trials, trial] });
  }
  const asked = (followUp: boolean): Result<StudyState> => {
    if (event.type !== 'trial-asked' && event.type !== 'trial-follow-up') return fail('no trial was asked for');
    if (event.number !== state.trials.length)
      return fail(`trial ${event.number} follows trial ${state.trials.length - 1}`);
    const trial: Trial = {
      number: event.number,
      params: event.params,
      state: 'running',
      value: null,
      intermediate: [],
      error: null,
      startedAt: event.at,
      endedAt: null,
      ...(followUp && { followUp: true as const }),
    };
    return next({ trials: [...state.trials, trial] });
  };
  if (event.type === 'trial-follow-up')
    return state.status === 'stopped' ? asked(true) : fail('a follow-up trial before the sweep stopped');
  const ofFollowUp = 'number' in event && state.trials[event.number]?.followUp === true;
  if (state.status === 'stopped' && !ofFollowUp) return fail('the sweep had already stopped');
  switch (event.type) {
    case 'created':
      return fail('a second set of settings');
    case 'trial-asked':
      return asked(false);
    case 'paused':
      return next({
        ...closeStretch(state, event.at),
        status: 'paused',
        trials: moveTrials(state.trials, ['running'], { state: 'waiting' }),
      });
    case 'resumed':
      // After a reload the sweep resumes without a pause: its stretch ended with the last event,
      // and the trials it was running were lost with the page.
      return next({
        ...closeStretch(state, state.lastEventAt),
        activeSince: event.at,
        status: 'running',
        trials: moveTrials(state.trials, ['running'], { state: 'waiting' }),
      });
    case 'stopped':
      return next({
        ...closeStretch(state, event.at),
        status: 'stopped',
        stopReason: event.reason,
        trials: moveTrials(state.trials, ['running', 'waiting'], {
          state: 'failed',
          error: STOPPED_TRIAL,
          endedAt: event.at,
        }),
      });
    default: {
      const trial = state.trials[event.number];
      if (!trial) return fail(`trial ${event.number} was never started`);
      const expected = event.type === 'trial-restarted' ? 'waiting' : 'running';
      // No 'resumed' follows a stop: a follow-up's restart itself says the page lost its run.
      const lost = event.type === 'trial-restarted' && trial.followUp && trial.state === 'running';
      if (trial.state !== expected && !lost) return fail(`trial ${event.number} is ${trial.state}`);
      const trials = [...state.trials];
      trials[event.number] = updateTrial(trial, event);
      return next({ trials });
    }
  }
}

/**
 * The state the journal describes. With `resume`, a sweep that was running when the journal
 * ends is taken as interrupted there (a reload): its running trials wait to be restarted, and
 * its active time stops at the last event, so time with the page closed does not count against
 * the budget. Never throws: a damaged journal gives a message.
 */
export function replay(events: readonly StudyEvent[], options: { readonly resume?: boolean } = {}): Result<StudyState> {
  const [first] = events;
  if (first?.type !== 'created')
    return { ok: false, error: 'This sweep’s journal is damaged: it does not start with the sweep’s settings.' };
  let state = initialState(first);
  for (let index = 1; index < events.length; index++) {
    const result = applyEvent(state, events[index]!);
    if (!result.ok)
      return { ok: false, error: `This sweep’s journal is damaged at entry ${index + 1}: ${result.error}.` };
    state = result.value;
  }
  if (options.resume && state.status === 'running')
    state = {
      ...state,
      ...closeStretch(state, state.lastEventAt),
      trials: moveTrials(state.trials, ['running'], { state: 'waiting' }),
    };
  // Stopped, a follow-up trial still running was lost with the page.
  else if (options.resume)
    state = {
      ...state,
      trials: state.trials.map((t) => (t.followUp && t.state === 'running' ? { ...t, state: 'waiting' } : t)),
    };
  return { ok: true, value: state };
}

type TrialEvent = Exclude<
  Extract<StudyEvent, { number: number }>,
  { type: 'trial-attrs' | 'trial-imported' | 'trial-follow-up' }
>;

function updateTrial(trial: Trial, event: TrialEvent): Trial {
  switch (event.type) {
    case 'trial-restarted':
      return { ...trial, state: 'running', intermediate: [], startedAt: event.at };
    case 'trial-reported':
      return {
        ...trial,
        intermediate: [
          ...trial.intermediate.filter((point) => point.step !== event.step),
          { step: event.step, value: event.value },
        ],
      };
    case 'trial-completed':
      return { ...trial, state: 'complete', value: event.value, endedAt: event.at };
    case 'trial-pruned':
      return { ...trial, state: 'pruned', endedAt: event.at };
    case 'trial-failed':
      return { ...trial, state: 'failed', error: event.error, endedAt: event.at };
    case 'trial-asked':
      return trial;
  }
}

/** Milliseconds the sweep has run, pauses excluded. */
export function elapsedMs(state: StudyState, now: number): number {
  return state.activeMs + (state.activeSince === null ? 0 : Math.max(0, now - state.activeSince));
}

/** a is better than b for this direction. */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === 'minimize' ? a < b : a > b;
}

/** The complete trial with the best value (the earliest among equals); undefined before any completes. */
export function bestTrial(trials: readonly Trial[], direction: Direction): Trial | undefined {
  let best: Trial | undefined;
  for (const trial of trials) {
    if (trial.state !== 'complete' || trial.value === null) continue;
    if (!best || isBetter(trial.value, best.value!, direction)) best = trial;
  }
  return best;
}

export function lastStep(trial: Trial): number | undefined {
  return trial.intermediate.at(-1)?.step;
}

/**
 * Minimised unless the name says it grows with quality (accuracy, AUC, R², precision, recall, F1).
 */
export function defaultDirection(metric: string): Direction {
  return /(acc|accuracy|auc|r2|precision|recall|f1)$/.test(metric) ? 'maximize' : 'minimize';
}

const METRIC = /^val_[a-z0-9_]+$/;

/** Everything wrong with a sweep's settings for this project, each in words; empty when it can start. */
export function configProblems(config: StudyConfig, project: Project): readonly SpaceProblem[] {
  const problems = [...spaceProblems(config.space, project)];
  const general = (message: string) => problems.push({ path: null, message });
  const { trials, minutes } = config.budget;
  if (trials === undefined && minutes === undefined)
    general('Give the sweep a budget: a number of trials, a time, or both.');
  if (trials !== undefined && !(Number.isInteger(trials) && trials >= 1))
    general(`The budget must allow at least 1 trial; it is ${trials}.`);
  if (minutes !== undefined && !(Number.isFinite(minutes) && minutes > 0))
    general(`The time budget must be above 0 minutes; it is ${minutes}.`);
  if (!(Number.isInteger(config.parallel) && config.parallel >= 1))
    general(`At least 1 trial must run at a time; it is ${config.parallel}.`);
  if (!METRIC.test(config.objective.metric))
    general(
      `The objective must be a validation metric such as val_loss or val_acc; "${config.objective.metric}" is not.`,
    );
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 2 ** 32 - 1)
    general('The seed must be a whole number from 0 to 4294967295.');
  return problems;
}

/**
 * The settings the Sweep view shows and Start runs: the project's own, or for a project that has
 * none yet, a proposal (proposeSpace's ranges, val_loss, TPE with median pruning, 20 trials, one
 * worker per hardware thread but one, left for the page).
 */
export function sweepSettings(project: Project, hardwareThreads: number): StudyConfig {
  return (
    project.sweep ?? {
      space: proposeSpace(project),
      objective: { metric: 'val_loss', direction: 'minimize' },
      sampler: 'tpe',
      pruner: 'median',
      seed: 42,
      budget: { trials: 20 },
      parallel: Math.max(1, Math.floor(hardwareThreads) - 1),
    }
  );
}

/** configProblems as a Result: the config when the sweep can start, else every problem, one per line. */
export function checkConfig(config: StudyConfig, project: Project): Result<StudyConfig> {
  const problems = configProblems(config, project);
  return problems.length === 0
    ? { ok: true, value: config }
    : { ok: false, error: problems.map((p) => p.message).join('\n') };
}

// ── Serialisation ────────────────────────────────────────────────────────────────────────────

const at = z.number();
const number = z.number().int().min(0);
const event = z.discriminatedUnion('type', [
  z.object({ type: z.literal('created'), at, config: studyConfigSchema }),
  z.object({ type: z.literal('trial-asked'), at, number, params: z.record(z.string(), paramValueSchema) }),
  z.object({ type: z.literal('trial-restarted'), at, number }),
  z.object({ type: z.literal('trial-reported'), at, number, step: z.number().int(), value: z.number() }),
  z.object({ type: z.literal('trial-completed'), at, number, value: z.number() }),
  z.object({ type: z.literal('trial-pruned'), at, number }),
  z.object({ type: z.literal('trial-failed'), at, number, error: z.string() }),
  z.object({
    type: z.literal('trial-attrs'),
    at,
    number,
    attrs: z.record(z.string(), z.union([paramValueSchema, z.array(z.number())])),
  }),
  z.object({
    type: z.literal('trial-imported'),
    at,
    number,
    source: z.object({ study: z.string(), number }),
    params: z.record(z.string(), paramValueSchema),
    state: z.enum(['complete', 'pruned', 'failed']),
    value: z.number().nullable(),
    intermediate: z.array(z.object({ step: z.number().int(), value: z.number() })),
    startedAt: at,
    endedAt: at,
  }),
  z.object({ type: z.literal('trial-follow-up'), at, number, params: z.record(z.string(), paramValueSchema) }),
  z.object({ type: z.literal('paused'), at }),
  z.object({ type: z.literal('resumed'), at }),
  z.object({ type: z.literal('stopped'), at, reason: z.enum(['user', 'trials', 'time', 'exhausted']) }),
]);

/** A journal read back from storage or JSON: checked event by event; never throws. */
export function parseJournal(raw: unknown): Result<StudyEvent[]> {
  const parsed = z.array(event).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data as StudyEvent[] };
  const issue = parsed.error.issues[0];
  const entry = typeof issue?.path[0] === 'number' ? ` at entry ${issue.path[0] + 1}` : '';
  return { ok: false, error: `This sweep’s journal is damaged${entry}: ${issue?.message ?? 'unknown problem'}.` };
}
