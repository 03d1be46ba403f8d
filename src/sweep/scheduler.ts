/**
 * The coordinator of a sweep: keeps `parallel` trials in flight on a Runner, asks the sampler
 * for each new trial, asks the pruner after each reported epoch, and writes everything that
 * happens to the study's journal. It is the only place that samples and prunes; runners only
 * train and report.
 */
import { prunerKind } from './pruners';
import type { Pruner } from './pruners/pruner';
import { samplerKind } from './samplers';
import { sampleActive } from './samplers/conditional';
import type { Sampler } from './samplers/sampler';
import type { Params } from './space';
import { applyEvent, elapsedMs, replay, type StopReason, type StudyEvent, type StudyState } from './study';

/** What a runner is given for one trial. */
export interface TrialControl {
  /** The objective's value after an epoch (step = epochs trained, from 1). */
  report(step: number, value: number): void;
  /** True once the scheduler has given up on this run (pruned, paused or stopped). */
  readonly aborted: boolean;
  /** `listener` runs once when the run is given up (at once if it already was): stop training there. */
  onAbort(listener: () => void): void;
}

export interface Runner {
  /**
   * Trains the project with `params` written in, reporting the objective after each epoch;
   * resolves with the objective's final value, or rejects with why the trial failed. Once
   * aborted, whatever it resolves or rejects with is ignored.
   */
  runTrial(params: Params, control: TrialControl): Promise<number>;
}

export interface SchedulerOptions {
  /** The study so far: at least its 'created' event (a journal read back after a reload resumes). */
  readonly journal: readonly StudyEvent[];
  readonly runner: Runner;
  /** Receives each new event before the scheduler acts on it: persist it here. */
  readonly append?: (event: StudyEvent) => void;
  readonly now?: () => number;
  /** Defaults: those the study's config names. */
  readonly sampler?: Sampler;
  readonly pruner?: Pruner;
}

export interface Scheduler {
  /** Runs until the budget is spent, the space is used up or stop() is called; resolves with the final state. */
  run(): Promise<StudyState>;
  /** Interrupts the running trials (they restart, with the same params, on resume) and asks for no more. */
  pause(): void;
  resume(): void;
  /** Ends the sweep: the running trials are abandoned and marked failed. */
  stop(): void;
  state(): StudyState;
}

interface Flight {
  aborted: boolean;
  readonly listeners: (() => void)[];
}

const describe = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)) || 'The trial failed without saying why.';

/** Throws when the journal is damaged: read it back with parseJournal and replay first to tell the person. */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { runner, append = () => {}, now = () => Date.now() } = options;
  // A journal with more than its settings was cut off (a reload) or paused: pick it up from there.
  const resuming = options.journal.length > 1;
  const replayed = replay(options.journal, { resume: resuming });
  if (!replayed.ok) throw new Error(replayed.error);
  let state = replayed.value;
  const sampler = options.sampler ?? samplerKind(state.config.sampler).create(state.config);
  const pruner = options.pruner ?? prunerKind(state.config.pruner).create(state.config);
  const { direction, metric } = state.config.objective;
  const flights = new Map<number, Flight>();
  let finish: ((state: StudyState) => void) | undefined;
  const finished = new Promise<StudyState>((resolve) => (finish = resolve));

  const emit = (event: StudyEvent) => {
    const next = applyEvent(state, event);
    // The scheduler only emits what its state allows; anything else is a bug here.
    if (!next.ok) throw new Error(`Sweep scheduler: ${next.error}`);
    state = next.value;
    append(event);
    if (state.status === 'stopped') finish!(state);
  };

  /** Gives up on a run in flight: its result will be ignored, and its runner is told to stop. */
  const abort = (number: number) => {
    const flight = flights.get(number);
    if (!flight) return;
    flights.delete(number);
    flight.aborted = true;
    for (const listener of flight.listeners.splice(0)) listener();
  };

  /** Why no further trial may start; undefined while the budget allows one. */
  const spent = (): StopReason | undefined => {
    const { trials, minutes } = state.config.budget;
    if (trials !== undefined && state.trials.length >= trials) return 'trials';
    if (minutes !== undefined && elapsedMs(state, now()) >= minutes * 60_000) return 'time';
    return undefined;
  };

  const fill = () => {
    if (state.status !== 'running') return;
    let exhausted = false;
    while (flights.size < state.config.parallel) {
      const waiting = state.trials.find((trial) => trial.state === 'waiting');
      if (waiting) {
        emit({ type: 'trial-restarted', at: now(), number: waiting.number });
        launch(waiting.number, waiting.params);
        continue;
      }
      if (spent()) break;
      const number = state.trials.length;
      const params = sampleActive(sampler, state.config.space, state.trials, number);
      if (!params) {
        exhausted = true;
        break;
      }
      emit({ type: 'trial-asked', at: now(), number, params });
      launch(number, params);
    }
    if (flights.size === 0)
      emit({ type: 'stopped', at: now(), reason: exhausted ? 'exhausted' : (spent() ?? 'trials') });
  };

  /** Records how a trial ended and starts the next; a pruned or diverged run is also told to stop. */
  const settle = (number: number, event: StudyEvent, stopRun: boolean) => {
    if (stopRun) abort(number);
    else flights.delete(number);
    emit(event);
    fill();
  };

  const launch = (number: number, params: Params) => {
    const flight: Flight = { aborted: false, listeners: [] };
    flights.set(number, flight);
    const control: TrialControl = {
      report(step, value) {
        if (flight.aborted) return;
        if (!Number.isFinite(value)) {
          settle(
            number,
            {
              type: 'trial-failed',
              at: now(),
              number,
              error: `${metric} was ${value} after epoch ${step}: the training diverged.`,
            },
            true,
          );
          return;
        }
        emit({ type: 'trial-reported', at: now(), number, step, value });
        if (pruner.shouldPrune(state.trials[number]!, state.trials, direction))
          settle(number, { type: 'trial-pruned', at: now(), number }, true);
      },
      get aborted() {
        return flight.aborted;
      },
      onAbort(listener) {
        if (flight.aborted) listener();
        else flight.listeners.push(listener);
      },
    };
    // A runner that throws at once fails its trial the same way as one that rejects.
    Promise.resolve()
      .then(() => runner.runTrial(params, control))
      .then(
        (value) => {
          if (flight.aborted) return;
          if (Number.isFinite(value)) settle(number, { type: 'trial-completed', at: now(), number, value }, false);
          else
            settle(
              number,
              {
                type: 'trial-failed',
                at: now(),
                number,
                error: `${metric} was ${value} at the end: the training diverged.`,
              },
              false,
            );
        },
        (error: unknown) => {
          if (!flight.aborted)
            settle(number, { type: 'trial-failed', at: now(), number, error: describe(error) }, false);
        },
      );
  };

  return {
    run() {
      if (state.status === 'stopped') return Promise.resolve(state);
      if (state.status === 'running') {
        if (resuming) emit({ type: 'resumed', at: now() });
        fill();
      }
      return finished;
    },
    pause() {
      if (state.status !== 'running') return;
      emit({ type: 'paused', at: now() });
      for (const number of [...flights.keys()]) abort(number);
    },
    resume() {
      if (state.status !== 'paused') return;
      emit({ type: 'resumed', at: now() });
      fill();
    },
    stop() {
      if (state.status === 'stopped') return;
      emit({ type: 'stopped', at: now(), reason: 'user' });
      for (const number of [...flights.keys()]) abort(number);
    },
    state: () => state,
  };
}
