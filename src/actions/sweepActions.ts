/**
 * Sweeps: the scheduler (src/sweep) keeps trials in flight on a pool of training workers, each
 * trial a normal training run of the project with the trial's params written in. The journal it
 * writes goes to the sweep store, which the Sweep view draws.
 */
import { createScheduler, type Runner, type Scheduler, type TrialControl } from '../sweep/scheduler';
import { applyParams, paramLabel, type Params } from '../sweep/space';
import { bestTrial, checkConfig, parseJournal, replay, sweepSettings, type StudyEvent } from '../sweep/study';
import { formatMetric, formatValue } from '../model/format';
import type { Project } from '../model/project';
import { amendLastStep } from '../state/projectStore';
import type { SweepStore } from '../state/sweepStore';
import { sweepToPython, type PythonTarget } from '../sweep/codegen/python';
import type { StudyConfig } from '../sweep/studyConfig';
import type { TrialPool } from '../workers/trialPool';
import { holdDataset } from './datasetsInUse';
import { datasetName, saveFile, slug } from './download';
import { stoppedUnexpectedly } from './exportActions';
import { keepJournal } from './sweepJournal';
import { train } from './trainActions';
import type { Action, ActionContext } from './types';

/** The sweep in progress per studio: its scheduler, to pause, resume or stop it. */
const inProgress = new WeakMap<SweepStore, Scheduler>();

/**
 * Whether a sweep runs: its scheduler is kept until `run()` returns, a moment after the 'stopped'
 * event the view draws from, so a stopped study counts as not running.
 */
const isRunning = (sweep: SweepStore): boolean => inProgress.has(sweep) && sweep.getState().study?.status !== 'stopped';

const sweepRunning = ({ sweep }: ActionContext): true | string => (isRunning(sweep) ? true : 'No sweep is running.');

const runningKeepsItsSettings = ({ sweep }: ActionContext): true | string =>
  isRunning(sweep) ? 'The sweep in progress keeps the settings it started with; stop it to change them.' : true;

/** Changes the sweep's settings in the project, undoable like any edit of it. */
export const setSweepSettings: Action<StudyConfig> = {
  label: 'Change the sweep settings',
  predicate: runningKeepsItsSettings,
  perform: ({ project }, settings) =>
    project.getState().replaceProject({ ...project.getState().project, sweep: settings }),
};

/** Starts a sweep with the settings the Sweep view shows (the project's, or those proposed for it). */
export const startSweep: Action = {
  label: 'Start sweep',
  predicate: ({ sweep }) => (isRunning(sweep) ? 'A sweep is already running.' : true),
  perform: async (ctx) => {
    const current = ctx.project.getState().project;
    const settings = sweepSettings(current, globalThis.navigator?.hardwareConcurrency ?? 1);
    const config = checkConfig(settings, current);
    if (!config.ok) return ctx.sweep.getState().fail(config.error);
    // The project keeps proposed settings once they run (a proposal follows the graph, and Apply best changes it),
    // as part of the last edit: starting is no step to undo.
    if (current.sweep !== settings)
      amendLastStep(ctx.project, (state) => state.replaceProject({ ...current, sweep: settings }));
    const created = { type: 'created', at: Date.now(), config: config.value } as const;
    ctx.sweep.getState().begin(created);
    await runSweep(ctx, [created], true);
  },
};

/**
 * Brings back the sweep stored in this browser (after a reload): finished trials are kept, and an
 * unfinished sweep goes on, the trials it was running started again with the same params.
 */
export const restoreSweep: Action<unknown> = {
  label: 'Restore the stored sweep',
  perform: async (ctx, stored) => {
    if (stored === undefined) return;
    const journal = parseJournal(stored);
    const study = journal.ok ? replay(journal.value, { resume: true }) : journal;
    if (!journal.ok || !study.ok)
      return ctx.sweep.getState().fail(`The stored sweep could not be restored: ${study.ok ? '' : study.error}`);
    ctx.sweep.getState().restore(journal.value, study.value);
    if (study.value.status !== 'stopped') await runSweep(ctx, journal.value, false);
  },
};

/** Runs the scheduler over `journal` on a fresh pool of workers, storing it (when new) and each event as it happens. */
async function runSweep(ctx: ActionContext, journal: readonly StudyEvent[], isNew: boolean): Promise<void> {
  const { project, sweep, workers, session } = ctx;
  const config = (journal[0] as Extract<StudyEvent, { type: 'created' }>).config;
  const base = project.getState().project;
  const pool = workers.createTrialPool(config.parallel);
  const journalKept = keepJournal(ctx, journal, isNew);
  const scheduler = createScheduler({
    journal,
    runner: trialRunner(pool, base, config.objective.metric),
    append: journalKept.append,
  });
  inProgress.set(sweep, scheduler);
  // Each trial reads the rows when it starts.
  const release = holdDataset(
    session,
    base.data.datasetId,
    'the sweep in progress trains its trials on it. Delete it once the sweep has stopped.',
  );
  try {
    await scheduler.run();
  } catch (error) {
    sweep.getState().fail(`The sweep stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    // Its last events reach the store before another sweep may start.
    await journalKept.settled();
    // A new sweep may have started since this one stopped.
    if (inProgress.get(sweep) === scheduler) inProgress.delete(sweep);
    pool.dispose();
    release();
  }
}

export const pauseSweep: Action = {
  label: 'Pause sweep',
  predicate: (ctx) => {
    const running = sweepRunning(ctx);
    return running === true && ctx.sweep.getState().study?.status !== 'running' ? 'The sweep is paused.' : running;
  },
  perform: ({ sweep }) => inProgress.get(sweep)?.pause(),
};

export const resumeSweep: Action = {
  label: 'Resume sweep',
  predicate: (ctx) => {
    const running = sweepRunning(ctx);
    return running === true && ctx.sweep.getState().study?.status !== 'paused' ? 'The sweep is not paused.' : running;
  },
  perform: ({ sweep }) => inProgress.get(sweep)?.resume(),
};

export const stopSweep: Action = {
  label: 'Stop sweep',
  predicate: sweepRunning,
  perform: ({ sweep }) => inProgress.get(sweep)?.stop(),
};

const hasBestTrial = ({ sweep }: ActionContext): true | string => {
  const study = sweep.getState().study;
  return study && bestTrial(study.trials, study.config.objective.direction) ? true : 'No trial has finished yet.';
};

/**
 * Writes the best trial's params into the project (one undoable step); false, with a notice, when
 * they no longer fit it. The notice rounds the values; the project gets them exactly.
 */
function applyBest({ sweep, project, session }: ActionContext): boolean {
  const study = sweep.getState().study!;
  const best = bestTrial(study.trials, study.config.objective.direction)!;
  const current = project.getState().project;
  const applied = applyParams(current, best.params);
  if (!applied.ok) {
    session.getState().notify({ kind: 'error', text: `Could not apply trial ${best.number}: ${applied.error}` });
    return false;
  }
  project.getState().replaceProject(applied.value);
  const values = Object.entries(best.params).map(
    ([path, value]) => `${paramLabel(current, path)} ${formatValue(value)}`,
  );
  const { metric } = study.config.objective;
  session.getState().notify({
    kind: 'info',
    text: `Applied trial ${best.number}'s settings: ${values.join(', ')} (${metric} ${formatMetric(best.value!)}).`,
  });
  return true;
}

export const applyBestTrial: Action = {
  label: 'Apply best',
  predicate: hasBestTrial,
  perform: (ctx) => void applyBest(ctx),
};

/** Apply best, then a normal training run with those settings (the Train button's action, which opens the Train view). */
export const trainBestFully: Action = {
  label: 'Train best fully',
  predicate: (ctx) => {
    const best = hasBestTrial(ctx);
    return best === true ? (train.predicate?.(ctx) ?? true) : best;
  },
  perform: async (ctx) => {
    if (!applyBest(ctx)) return;
    // The applied settings could make the graph untrainable (a layer param out of what the data allows).
    const blocker = train.predicate?.(ctx) ?? true;
    if (blocker !== true)
      return ctx.session
        .getState()
        .notify({ kind: 'error', text: `Applied the best trial, but cannot train: ${blocker}` });
    await train.perform(ctx);
  },
};

/**
 * The sweep as a Python script for `target` (Optuna, or Ray Tune) plus the data it reads: the
 * project's data prepared as trials train on it, written as an .npz in the training worker.
 */
export const exportSweepPython: Action<PythonTarget> = {
  label: 'Export as Python',
  predicate: ({ sweep }) => (sweep.getState().study ? true : 'Start a sweep first.'),
  perform: async (ctx, target) => {
    const { sweep, project, session, workers } = ctx;
    const fail = (why: string) =>
      session.getState().notify({ kind: 'error', text: `Could not export the sweep: ${why}` });
    const current = project.getState().project;
    const prepared = await workers
      .sweepData(current.data)
      .catch((error: unknown) => ({ ok: false as const, error: stoppedUnexpectedly(error) }));
    if (!prepared.ok) return fail(prepared.error);
    const script = sweepToPython(current, sweep.getState().study!.config, prepared.value.data, target);
    if (!script.ok) return fail(script.error);
    const name = `${slug(datasetName(ctx))}-sweep-${target}.py`;
    saveFile({ name, bytes: new TextEncoder().encode(script.value) });
    saveFile(prepared.value.file);
    const { trainRows, validationRows, file } = prepared.value;
    session.getState().notify({
      kind: 'info',
      text: `Downloaded ${name} and ${file.name} (${trainRows} training and ${validationRows} validation rows); keep them in one folder and run the script there.`,
    });
  },
};

/** Each trial trains the project as it was when the sweep started, with the trial's params written in. */
function trialRunner(pool: TrialPool, base: Project, metric: string): Runner {
  return { runTrial: (params, control) => runTrial(pool, base, metric, params, control) };
}

function runTrial(
  pool: TrialPool,
  base: Project,
  metric: string,
  params: Params,
  control: TrialControl,
): Promise<number> {
  const applied = applyParams(base, params);
  if (!applied.ok) return Promise.reject(new Error(applied.error));
  const { graph, data, training } = applied.value;
  return new Promise((resolve, reject) => {
    let last: number | undefined;
    const run = pool.train({ runId: `trial-${crypto.randomUUID()}`, graph, data, settings: training }, (event) => {
      if (event.type === 'train/progress') {
        for (const { epoch, logs } of event.finishedEpochs) {
          last = logs[metric];
          if (last === undefined) {
            reject(new Error(`The runs log no ${metric}; choose another objective.`));
            return run.stop();
          }
          control.report(epoch + 1, last);
        }
      } else if (event.type === 'train/done') {
        const final = event.logs[metric] ?? last;
        if (final === undefined) reject(new Error('The trial ended before its first epoch.'));
        else resolve(final);
      } else if (event.type === 'train/error') {
        reject(new Error(event.message));
      }
    });
    control.onAbort(() => run.stop());
  });
}
