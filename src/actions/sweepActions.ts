/**
 * Sweeps: the scheduler (src/sweep) keeps trials in flight on a pool of training workers, each
 * trial a normal training run of the project with the trial's params written in. The journal it
 * writes goes to the sweep store, which the Sweep view draws.
 */
import type { Pruner } from '../sweep/pruners/pruner';
import { createScheduler, type Runner, type Scheduler, type TrialControl } from '../sweep/scheduler';
import { applyParams, paramLabel, type Params } from '../sweep/space';
import {
  bestTrial,
  checkConfig,
  parseJournal,
  replay,
  sweepSettings,
  type StudyEvent,
  type StudyStatus,
  type TrialAttrs,
} from '../sweep/study';
import { formatMetric, formatValue } from '../model/format';
import type { Project } from '../model/project';
import { amendLastStep } from '../state/projectStore';
import type { SweepState } from '../state/sweepStore';
import type { Result } from '../model/result';
import type { FinishedEpoch, TrainEvent, TrainRequest } from '../model/run';
import type { StoreApi } from 'zustand/vanilla';
import { sweepToPython, type PythonFlavour } from '../sweep/codegen/python';
import { parseOptunaTrials } from '../sweep/optunaTrials';
import type { StudyConfig } from '../sweep/studyConfig';
import type { TrialPool } from '../workers/trialPool';
import { holdDataset } from './datasetsInUse';
import { datasetName, saveFile, slug } from './download';
import { stoppedUnexpectedly } from './exportActions';
import { keepJournal, STUDY_NAMES, type StudyHome } from './sweepJournal';
import { train } from './trainActions';
import type { Action, ActionContext } from './types';

/** The study in progress per store (the sweep's, the Auto search's): its scheduler, to pause, resume or stop it. */
const inProgress = new WeakMap<StoreApi<SweepState>, Scheduler>();

/**
 * Whether a study runs: its scheduler is kept until `run()` returns, a moment after the 'stopped'
 * event the view draws from, so a stopped study counts as not running.
 */
export const isStudyRunning = (store: StoreApi<SweepState>): boolean =>
  inProgress.has(store) && store.getState().study?.status !== 'stopped';

const sweepHome = ({ sweep }: Pick<ActionContext, 'sweep'>): StudyHome => ({ store: sweep, slot: 'sweep' });

const runningKeepsItsSettings = ({ sweep }: ActionContext): true | string =>
  isStudyRunning(sweep) ? 'The sweep in progress keeps the settings it started with; stop it to change them.' : true;

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
  predicate: ({ sweep }) => (isStudyRunning(sweep) ? 'A sweep is already running.' : true),
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
  perform: (ctx, stored) => restoreStudy(sweepHome(ctx), stored, (journal) => runSweep(ctx, journal, false)),
};

/** Shows a journal read back from storage in its home's store, and goes on with it (`resume`) unless it had stopped. */
export async function restoreStudy(
  { store, slot }: StudyHome,
  stored: unknown,
  resume: (journal: readonly StudyEvent[]) => Promise<void>,
): Promise<void> {
  if (stored === undefined) return;
  const journal = parseJournal(stored);
  const study = journal.ok ? replay(journal.value, { resume: true }) : journal;
  if (!journal.ok || !study.ok)
    return store
      .getState()
      .fail(`${STUDY_NAMES[slot]} kept in this browser could not be restored: ${study.ok ? '' : study.error}`);
  store.getState().restore(journal.value, study.value);
  if (study.value.status !== 'stopped') await resume(journal.value);
}

function runSweep(ctx: ActionContext, journal: readonly StudyEvent[], isNew: boolean): Promise<void> {
  const base = ctx.project.getState().project;
  return runStudy(ctx, sweepHome(ctx), journal, isNew, {
    runner: (pool, metric) => trialRunner(pool, metric, (params) => applyParams(base, params)),
    datasetId: base.data.datasetId,
    holdReason: 'the sweep in progress trains its trials on it. Delete it once the sweep has stopped.',
  });
}

export interface StudyRun {
  /** The runner of the study's trials on `pool`, reporting `metric`. */
  readonly runner: (pool: TrialPool, metric: string) => Runner;
  /** The data set the trials read, held (not deletable) while the study runs. */
  readonly datasetId: string | null;
  readonly holdReason: string;
  /** The pruner the study's config names when absent. */
  readonly pruner?: Pruner;
}

/**
 * Runs the scheduler over `journal` on a fresh pool of workers, storing it (when new) and each
 * event as it happens, in its home's store and slot.
 */
export async function runStudy(
  ctx: ActionContext,
  home: StudyHome,
  journal: readonly StudyEvent[],
  isNew: boolean,
  { runner, datasetId, holdReason, pruner }: StudyRun,
): Promise<void> {
  const { workers, session } = ctx;
  const { store } = home;
  const config = (journal[0] as Extract<StudyEvent, { type: 'created' }>).config;
  const pool = workers.createTrialPool(config.parallel);
  const journalKept = keepJournal(ctx, home, journal, isNew);
  const scheduler = createScheduler({
    journal,
    runner: runner(pool, config.objective.metric),
    append: journalKept.append,
    ...(pruner && { pruner }),
  });
  inProgress.set(store, scheduler);
  // Each trial reads the rows when it starts.
  const release = holdDataset(session, datasetId, holdReason);
  try {
    await scheduler.run();
  } catch (error) {
    store
      .getState()
      .fail(
        `${STUDY_NAMES[home.slot]} stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      );
  } finally {
    // Its last events reach the store before another study may start.
    await journalKept.settled();
    // A new study may have started since this one stopped.
    if (inProgress.get(store) === scheduler) inProgress.delete(store);
    pool.dispose();
    release();
  }
}

/** Pause, Resume and Stop for the study in `store`, with their labels and the words for it ("sweep", "Auto search"). */
export function studyControls(
  store: (ctx: ActionContext) => StoreApi<SweepState>,
  labels: { readonly pause: string; readonly resume: string; readonly stop: string },
  noun: string,
): { readonly pause: Action; readonly resume: Action; readonly stop: Action } {
  const running = (ctx: ActionContext): true | string => (isStudyRunning(store(ctx)) ? true : `No ${noun} is running.`);
  const inStatus = (status: StudyStatus, otherwise: string) => (ctx: ActionContext) => {
    const can = running(ctx);
    return can === true && store(ctx).getState().study?.status !== status ? otherwise : can;
  };
  return {
    pause: {
      label: labels.pause,
      predicate: inStatus('running', `The ${noun} is paused.`),
      perform: (ctx) => inProgress.get(store(ctx))?.pause(),
    },
    resume: {
      label: labels.resume,
      predicate: inStatus('paused', `The ${noun} is not paused.`),
      perform: (ctx) => inProgress.get(store(ctx))?.resume(),
    },
    stop: { label: labels.stop, predicate: running, perform: (ctx) => inProgress.get(store(ctx))?.stop() },
  };
}

const sweepControls = studyControls(
  ({ sweep }) => sweep,
  { pause: 'Pause sweep', resume: 'Resume sweep', stop: 'Stop sweep' },
  'sweep',
);
export const pauseSweep: Action = sweepControls.pause;
export const resumeSweep: Action = sweepControls.resume;
export const stopSweep: Action = sweepControls.stop;

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
 * The sweep as a Python script for a tuner (Optuna, or Ray Tune) and a framework (Keras, or PyTorch)
 * plus the data it reads: the project's data prepared as trials train on it, written as an .npz in the training worker.
 */
export const exportSweepPython: Action<PythonFlavour> = {
  label: 'Export as Python',
  predicate: ({ sweep }) => (sweep.getState().study ? true : 'Start a sweep first.'),
  perform: (ctx, flavour) => exportStudyPython(ctx, sweepHome(ctx), flavour),
};

/**
 * Downloads the study in `home` as a Python script of `flavour` (Optuna or Ray Tune; Keras or PyTorch)
 * beside the data it reads: the project's data prepared as trials train on it, written as an .npz in the training worker.
 */
export async function exportStudyPython(
  ctx: ActionContext,
  home: StudyHome,
  { target, framework }: PythonFlavour,
): Promise<void> {
  const { project, session, workers } = ctx;
  const study = home.store.getState().study;
  const fail = (why: string) =>
    session.getState().notify({ kind: 'error', text: `${STUDY_NAMES[home.slot]} could not be exported: ${why}` });
  if (!study) return fail('it has not started.');
  const current = project.getState().project;
  const prepared = await workers
    .sweepData(current.data)
    .catch((error: unknown) => ({ ok: false as const, error: stoppedUnexpectedly(error) }));
  if (!prepared.ok) return fail(prepared.error);
  const { data, features } = prepared.value;
  const script = sweepToPython(current, study.config, data, target, framework, features);
  if (!script.ok) return fail(script.error);
  const name = `${slug(datasetName(ctx))}-${home.slot}-${target}${framework === 'pytorch' ? '-pytorch' : ''}.py`;
  saveFile({ name, bytes: new TextEncoder().encode(script.value) });
  saveFile(prepared.value.file);
  const { trainRows, validationRows, file } = prepared.value;
  session.getState().notify({
    kind: 'info',
    text: `Downloaded ${name} and ${file.name} (${trainRows} training and ${validationRows} validation rows); keep them in one folder and run the script there.`,
  });
}

/** Trials of a study join a sweep that has stopped: a running one numbers its own trials as they start. */
const canImportTrials = ({ sweep }: ActionContext): true | string => {
  const study = sweep.getState().study;
  if (!study) return 'Start a sweep first: its settings say which trials fit it.';
  return isStudyRunning(sweep) ? 'Stop the sweep first: imported trials join a sweep that has ended.' : true;
};

/**
 * Brings the trials of an Optuna study run from the exported script (the `tensorloom_trials.json`
 * it writes) into the sweep, after its own, each marked with its study and number there: the table,
 * the charts, Apply best and Train best fully then take them as the sweep's own. A file that does
 * not fit the sweep is refused whole, with every reason; trials already imported are not doubled.
 */
export const importOptunaTrials: Action<File> = {
  label: 'Import Optuna trials',
  predicate: canImportTrials,
  perform: async (ctx, file) => {
    const { sweep, session, project } = ctx;
    const notify = (kind: 'info' | 'error', text: string) => session.getState().notify({ kind, text });
    const study = sweep.getState().study;
    if (!study) return;
    const current = project.getState().project;
    const parsed = parseOptunaTrials(await file.text(), study.config, (path) => paramLabel(current, path));
    if (!parsed.ok) return notify('error', `Could not import ${file.name}: ${parsed.error}`);
    const { studyName, trials, unfinished } = parsed.value;
    const known = new Set(
      study.trials.flatMap((trial) => (trial.imported?.study === studyName ? [trial.imported.number] : [])),
    );
    const fresh = trials.filter((trial) => !known.has(trial.number));
    const later =
      unfinished > 0 ? ` ${unfinished} still running there were left out; import the file again once they end.` : '';
    if (fresh.length === 0)
      return notify(
        'info',
        `Every finished trial of the Optuna study "${studyName}" is already in this sweep.${later}`,
      );
    const journal = keepJournal(ctx, sweepHome(ctx), sweep.getState().journal, false);
    const at = Date.now();
    fresh.forEach(({ number, ...trial }, i) =>
      journal.append({
        type: 'trial-imported',
        at,
        number: study.trials.length + i,
        source: { study: studyName, number },
        ...trial,
      }),
    );
    await journal.settled();
    const count = (state: string) => fresh.filter((trial) => trial.state === state).length;
    const imported = sweep.getState().study!;
    const best = bestTrial(imported.trials, imported.config.objective.direction);
    const bestText =
      best?.imported?.study === studyName
        ? ` The best of the sweep is now trial ${best.number} (${imported.config.objective.metric} ${formatMetric(best.value!)}), from the study.`
        : '';
    notify(
      'info',
      `Imported ${fresh.length} trials of the Optuna study "${studyName}": ${count('complete')} complete, ${count('pruned')} pruned, ${count('failed')} failed.${bestText}${later}`,
    );
  },
};

/** What a study adds to each trial's training request and records from its end. */
export interface TrialOptions {
  /** Fields beyond the graph, data and settings (`measure`, say). */
  readonly request?: Partial<TrainRequest>;
  /**
   * What to record about the trial from its `train/done` and the epochs it logged (journalled before it
   * completes, which waits for a promise).
   */
  readonly attrsOf?: (
    done: Extract<TrainEvent, { type: 'train/done' }>,
    history: readonly FinishedEpoch[],
  ) => TrialAttrs | undefined | Promise<TrialAttrs | undefined>;
}

/**
 * Each trial trains the project `projectFor` gives for its params (the sweep's: the project as it
 * was when the sweep started, with the params written in) as a normal training run on the pool.
 */
export function trialRunner(
  pool: TrialPool,
  metric: string,
  projectFor: (params: Params) => Result<Project>,
  options: TrialOptions = {},
): Runner {
  return { runTrial: (params, control) => runTrial(pool, metric, projectFor(params), control, options) };
}

function runTrial(
  pool: TrialPool,
  metric: string,
  project: Result<Project>,
  control: TrialControl,
  { request, attrsOf }: TrialOptions,
): Promise<number> {
  if (!project.ok) return Promise.reject(new Error(project.error));
  const { graph, data, training } = project.value;
  return new Promise((resolve, reject) => {
    let last: number | undefined;
    const history: FinishedEpoch[] = [];
    const runId = `trial-${crypto.randomUUID()}`;
    const run = pool.train({ ...request, runId, graph, data, settings: training }, (event) => {
      if (event.type === 'train/progress') {
        history.push(...event.finishedEpochs);
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
        if (final === undefined) return reject(new Error('The trial ended before its first epoch.'));
        if (!attrsOf) return resolve(final);
        Promise.resolve(attrsOf(event, history)).then((attrs) => {
          if (attrs) control.setAttrs(attrs);
          resolve(final);
        }, reject);
      } else if (event.type === 'train/error') {
        reject(new Error(event.message));
      }
    });
    control.onAbort(() => run.stop());
  });
}
