/**
 * Auto: a study over model families (sweep/auto) run as a sweep is, in a store and journal slot of
 * its own so it never replaces the person's sweep. Each candidate trains on a trial pool and records
 * its measures (parameters, size, latency) as its trial's attrs; the view ranks, filters and charts
 * them, and "Use this model" puts one on the canvas, trained. Once a search ends, its finalists are
 * cross-validated on the same pool size, each one's fold scores recorded as its trial's attrs; then,
 * when the best breaks the limits and none within them comes close, it is distilled into a student
 * that meets them, journalled as a follow-up trial the leaderboard lists as any candidate.
 */
import { readModelFiles } from '../data/import/modelFiles';
import * as storage from '../data/storage';
import { analyseCached } from '../state/analysis';
import { CROSS_VALIDATION_MAX_ROWS, DEFAULT_FOLDS } from '../model/crossValidation';
import { DEFAULT_DISTILL_SETTINGS, type TeacherModel } from '../model/distillation';
import { formatCount, formatMetric } from '../model/format';
import type { Project } from '../model/project';
import type { FinishedEpoch, TrainEvent } from '../model/run';
import { MAX_KEPT_WEIGHT_BYTES } from '../state/runArchive';
import type { Result } from '../model/result';
import type { DataContext } from '../model/task';
import type { AutoStore } from '../state/autoStore';
import { isActive } from '../state/runStore';
import type { PythonFramework } from '../sweep/codegen/python';
import type { Params } from '../sweep/space';
import {
  autoFamilies,
  autoMismatch,
  autoSpace,
  candidateLabel,
  candidateParamCount,
  candidateProject,
  candidateStudent,
  distilledFrom,
  studentParams,
} from '../sweep/auto/autoSpace';
import {
  autoSettingsProblem,
  autoStudyConfig,
  defaultAutoSettings,
  distilTimeLimitMs,
  type AutoSettings,
} from '../sweep/auto/autoStudy';
import {
  candidateHistory,
  candidateModelKey,
  curveAttrs,
  KEPT_CANDIDATE_MODELS,
  MODEL_KEY_ATTR,
  modelKeysToDrop,
} from '../sweep/auto/candidateModels';
import { DISTIL_CAPPED_ATTR } from '../sweep/auto/distillStep';
import { FAMILY_PATH, type ModelFamily } from '../sweep/auto/families/family';
import { candidates, finalists, studentParamLimit, teacherToDistil } from '../sweep/auto/leaderboard';
import type { TrialControl } from '../sweep/scheduler';
import { ashaPruner } from '../sweep/pruners/asha';
import type { StudyEvent, Trial, TrialAttrs } from '../sweep/study';
import { crossValidate, CROSS_VALIDATION_STOPPED } from './crossValidation';
import { holdDataset } from './datasetsInUse';
import { currentRanking } from './featureRankingActions';
import { adoptTrainedModel } from './runArchiveActions';
import { exportStudyPython, isStudyRunning, restoreStudy, runStudy, studyControls, trialRunner } from './sweepActions';
import { keepJournal, type StudyHome } from './sweepJournal';
import { train } from './trainActions';
import type { Action, ActionContext } from './types';

const autoHome = ({ auto }: Pick<ActionContext, 'auto'>): StudyHome => ({ store: auto, slot: 'auto' });

/** The settings the Auto view shows and Start runs: the project's, or those proposed. */
export function autoSettings({ project }: Pick<ActionContext, 'project'>): AutoSettings {
  return project.getState().project.auto ?? defaultAutoSettings(globalThis.navigator?.hardwareConcurrency ?? 1);
}

/** The current data's shape and task, or why Auto cannot search for it. */
function currentData({ project, session }: ActionContext): Result<DataContext> {
  const { graph, data } = project.getState().project;
  const meta = data.datasetId ? session.getState().datasets[data.datasetId] : undefined;
  const analysis = analyseCached(graph, meta, data);
  const problem = analysis.dataProblem ?? autoMismatch(analysis.data);
  return problem === undefined ? { ok: true, value: analysis.data! } : { ok: false, error: problem };
}

/**
 * Changes the Auto settings in the project, undoable like any edit of it; settings that cannot start a search are
 * refused with a sentence, the previous ones kept.
 */
export const setAutoSettings: Action<AutoSettings> = {
  label: 'Change the Auto settings',
  predicate: ({ auto }) =>
    isStudyRunning(auto) ? 'The search in progress keeps the settings it started with; stop it to change them.' : true,
  perform: ({ auto, project }, settings) => {
    const problem = autoSettingsProblem(settings);
    auto.getState().setSettingsProblem(problem ?? null);
    if (problem === undefined) project.getState().replaceProject({ ...project.getState().project, auto: settings });
  },
};

/** Starts a search over Auto's model families for the current data, with the settings the view shows. */
export const startAuto: Action = {
  label: 'Start',
  predicate: (ctx) => {
    if (isStudyRunning(ctx.auto)) return 'An Auto search is already running.';
    if (checking.has(ctx.auto)) return 'The last search’s finalists are being cross-validated; stop it or wait.';
    if (distilling.has(ctx.auto)) return 'The last search’s best candidate is being distilled; stop it or wait.';
    if (finding.has(ctx.auto)) return 'The learning rates for the search about to start are being found.';
    const data = currentData(ctx);
    return data.ok ? true : data.error;
  },
  perform: async (ctx) => {
    const fail = (why: string) => ctx.auto.getState().fail(why);
    const data = currentData(ctx);
    if (!data.ok) return fail(data.error);
    const settings = autoSettings(ctx);
    const problem = autoSettingsProblem(settings);
    if (problem !== undefined) return fail(problem);
    const featureOrder = currentRanking(ctx)?.features.map((feature) => feature.name);
    const families = autoFamilies(data.value);
    if (!families.ok) return fail(families.error);
    const proposals = await findFamilyLearningRates(ctx, data.value, families.value);
    if (!proposals) return fail('Stopped while finding each family’s learning rate: no candidate was searched.');
    const space = autoSpace(data.value, featureOrder, proposals);
    if (!space.ok) return fail(space.error);
    const config = autoStudyConfig(space.value, data.value.task, settings, featureOrder);
    const created = { type: 'created', at: Date.now(), config } as const;
    // The new search replaces the last one in storage, and with it the models its candidates kept.
    const keptModels = ctx.auto.getState().study?.trials.flatMap((t) => candidateModelKey(t) ?? []) ?? [];
    if (keptModels.length > 0) void storage.deleteRuns(keptModels);
    ctx.auto.getState().begin(created);
    await runAuto(ctx, [created], true);
  },
};

/** The learning-rate range tests before a search, per studio: Stop search aborts them. */
const finding = new WeakMap<AutoStore, AbortController>();

/**
 * Each family's learning rate, as a short range test of its model at its default size proposes it
 * (DEFAULT_LR_RANGE: 100 batches, stopping where the loss diverges), by family id; undefined when
 * Stop search stopped it. They run in the training worker, one family after another: it is the
 * worker that has the range test, and a few hundred batches take seconds. A family whose curve
 * proposes no rate keeps the shared range, with the reason; all do when that worker is busy.
 */
async function findFamilyLearningRates(
  ctx: ActionContext,
  data: DataContext,
  families: readonly ModelFamily[],
): Promise<Record<string, number> | undefined> {
  const { auto, project, runs, session, workers } = ctx;
  const busy = isActive(runs.getState().run)
    ? 'a training run is using the training worker'
    : runs.getState().learningRateTest?.status === 'running'
      ? 'the Train view’s learning-rate finder is using the training worker'
      : undefined;
  if (busy) {
    auto.getState().setRateFinding({
      status: 'done',
      notFound: [`No learning rate was looked for, since ${busy}: every family searches the shared range.`],
    });
    return {};
  }
  const base = project.getState().project;
  const cancel = new AbortController();
  finding.set(auto, cancel);
  const release = holdDataset(
    session,
    base.data.datasetId,
    'the Auto search is finding its learning rates on it. Delete it once the search has stopped.',
  );
  const proposals: Record<string, number> = {};
  const notFound: string[] = [];
  try {
    for (const [index, family] of families.entries()) {
      auto.getState().setRateFinding({ status: 'running', family: family.label, index, of: families.length });
      const candidate = candidateProject(base, data, { [FAMILY_PATH]: family.id });
      const found = candidate.ok
        ? await workers
            .findLearningRate(
              { graph: candidate.value.graph, data: base.data, settings: candidate.value.training },
              () => {},
            )
            .catch((error: unknown) => ({
              ok: false as const,
              error: error instanceof Error ? error.message : String(error),
            }))
        : candidate;
      if (cancel.signal.aborted) return undefined;
      const proposal = found.ok ? found.value.proposal : found;
      if (proposal.ok) proposals[family.id] = proposal.value.rate;
      else notFound.push(`${family.label} keeps the shared range: ${lowerFirst(proposal.error)}`);
    }
    auto.getState().setRateFinding({ status: 'done', notFound });
    return proposals;
  } finally {
    finding.delete(auto);
    release();
  }
}

/**
 * Brings back the Auto search stored in this browser (after a reload): finished candidates kept, an unfinished
 * search going on, and a search that had ended going on with its finalists' cross-validation where the journal
 * holds no scores for them yet (unless the person stopped that step).
 */
export const restoreAuto: Action<unknown> = {
  label: 'Restore the stored Auto search',
  perform: async (ctx, stored) => {
    let resumed = false;
    await restoreStudy(autoHome(ctx), stored, (journal) => {
      resumed = true;
      return runAuto(ctx, journal, false);
    });
    // A resumed search cross-validates and distils when it ends; an ended one goes on where the page left it.
    if (resumed || ctx.auto.getState().study?.status !== 'stopped') return;
    const base = ctx.project.getState().project;
    const data = currentData(ctx);
    // A student whose distilling the page lost is distilled again from the start.
    const lost = ctx.auto.getState().study?.trials.find((t) => t.followUp && t.state === 'waiting');
    if (lost) return distilForLimits(ctx, base, data, { lost });
    const checked = await crossValidateFinalists(ctx, base, data);
    await distilForLimits(ctx, base, data, checked ? {} : { stopped: true });
  },
};

/** The project a candidate trains: `base` (its data choices, less the columns it leaves out) with the candidate's graph and training. */
function candidateOf(
  base: Project,
  data: Result<DataContext>,
  params: Params,
  featureOrder: readonly string[] | undefined,
): Result<Project> {
  return data.ok ? candidateProject(base, data.value, params, featureOrder) : data;
}

async function runAuto(ctx: ActionContext, journal: readonly StudyEvent[], isNew: boolean): Promise<void> {
  const base = ctx.project.getState().project;
  const data = currentData(ctx);
  const { config } = journal[0] as Extract<StudyEvent, { type: 'created' }>;
  const { featureOrder } = config;
  const dataContext = data.ok ? data.value : undefined;
  await runStudy(ctx, autoHome(ctx), journal, isNew, {
    // The front is of the metric against the parameter count: known before a candidate trains, unlike its latency.
    ...(config.aim === 'trade-off' && dataContext && { pruner: ashaPruner({ cost: paramCounter(dataContext) }) }),
    runner: (pool, metric) =>
      trialRunner(pool, metric, (params) => candidateOf(base, data, params, featureOrder), {
        request: { measure: true, keepModel: true },
        attrsOf: (done, history) => candidateAttrs(ctx, done, history),
      }),
    datasetId: base.data.datasetId,
    holdReason: 'the Auto search in progress trains its candidates on it. Delete it once the search has stopped.',
  });
  // A search that failed rather than ended has no finalists to trust.
  if (ctx.auto.getState().study?.status !== 'stopped') return;
  const checked = await crossValidateFinalists(ctx, base, data);
  await distilForLimits(ctx, base, data, checked ? {} : { stopped: true });
}

/** Auto's last step in progress per studio: Stop search stops it. */
const distilling = new WeakMap<AutoStore, AbortController>();

/**
 * Auto's last step: when the best candidate breaks the limits and none within them scores within 1 %
 * of it, its kept model teaches a student narrowed (or made shallower) to meet them (candidateStudent, within
 * studentParamLimit), trained on a trial worker as candidates are, with their measures and kept
 * model. The student is journalled as a follow-up trial, so the leaderboard, the chart and "Use this
 * model" take it as any candidate; `lost`, a follow-up a reload interrupted, is distilled again from
 * the start. It trains for at most distilTimeLimitMs beyond the budget, then keeps what it learnt.
 * `stopped`: Stop search came before it, so it only says what it would have done.
 */
async function distilForLimits(
  ctx: ActionContext,
  base: Project,
  data: Result<DataContext>,
  { lost, stopped = false }: { readonly lost?: Trial; readonly stopped?: boolean },
): Promise<void> {
  const { auto, session, workers } = ctx;
  const study = auto.getState().study!;
  const { objective, featureOrder, budget } = study.config;
  const skip = (why: string) => auto.getState().setDistilSkipped(`Nothing was distilled: ${why}`);
  let params = lost?.params;
  if (!params) {
    if (study.trials.some((t) => t.followUp)) return;
    const { limits } = autoSettings(ctx);
    const teacher = teacherToDistil(candidates(study.trials, objective.direction, candidateLabel), limits);
    if (!teacher) return;
    if (stopped) return skip('Stop search came before the last step.');
    if (!data.ok) return skip(lowerFirst(data.error));
    const maxParams = studentParamLimit(limits);
    const taught = candidateOf(base, data, teacher.trial.params, featureOrder);
    if (!taught.ok) return skip(lowerFirst(taught.error));
    const proposal = candidateStudent(data.value, teacher.trial.params, maxParams);
    if (!proposal?.withinShare)
      return skip(
        `the best candidate’s narrowest student has ${formatCount(proposal?.params ?? teacher.measures.params ?? 0)} parameters, more than the ${formatCount(maxParams ?? 0)} the limits allow.`,
      );
    if (candidateModelKey(teacher.trial) === undefined)
      return skip('the best candidate’s trained model was not kept, so it cannot teach a student.');
    params = studentParams(teacher.trial.params, teacher.trial.number, maxParams);
  }
  const teacherTrial = study.trials[distilledFrom(params)!];
  const number = lost?.number ?? study.trials.length;
  const journal = keepJournal(ctx, autoHome(ctx), auto.getState().journal, false);
  const at = Date.now();
  journal.append(lost ? { type: 'trial-restarted', at, number } : { type: 'trial-follow-up', at, number, params });
  const cancel = new AbortController();
  distilling.set(auto, cancel);
  const release = holdDataset(
    session,
    base.data.datasetId,
    'the Auto search’s best candidate is being distilled on it. Delete it once that has finished or been stopped.',
  );
  const pool = workers.createTrialPool(1);
  const stops: (() => void)[] = [];
  const stop = () => stops.splice(0).forEach((listener) => listener());
  cancel.signal.addEventListener('abort', stop);
  let capped = false;
  const cap = setTimeout(
    () => {
      capped = true;
      stop();
    },
    distilTimeLimitMs(budget.minutes ?? 0),
  );
  const control: TrialControl = {
    report: (step, value) => journal.append({ type: 'trial-reported', at: Date.now(), number, step, value }),
    setAttrs: (attrs) => journal.append({ type: 'trial-attrs', at: Date.now(), number, attrs }),
    // Stopped at the time limit, the student keeps what it learnt; Stop search fails it below.
    aborted: false,
    onAbort: (listener) => void stops.push(listener),
  };
  const fail = (error: string) => journal.append({ type: 'trial-failed', at: Date.now(), number, error });
  try {
    const teacher = teacherTrial && (await teacherModel(base, data, teacherTrial, featureOrder));
    if (!teacher?.ok) return fail(teacher?.error ?? 'Its teacher is not among the candidates.');
    const runner = trialRunner(pool, objective.metric, (student) => candidateOf(base, data, student, featureOrder), {
      request: { measure: true, keepModel: true, distill: DEFAULT_DISTILL_SETTINGS, teacher: teacher.value },
      attrsOf: (done, history) => candidateAttrs(ctx, done, history),
    });
    const value = await runner.runTrial(params, control);
    if (cancel.signal.aborted) return fail('Stopped by you before the student finished.');
    if (capped) control.setAttrs({ [DISTIL_CAPPED_ATTR]: true });
    journal.append({ type: 'trial-completed', at: Date.now(), number, value });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(cap);
    distilling.delete(auto);
    pool.dispose();
    release();
    await journal.settled();
  }
}

/** A finished candidate's kept model as a teacher for a trial worker, or why it cannot teach. */
async function teacherModel(
  base: Project,
  data: Result<DataContext>,
  trial: Trial,
  featureOrder: readonly string[] | undefined,
): Promise<Result<TeacherModel>> {
  const key = candidateModelKey(trial);
  const files = key === undefined ? undefined : await storage.loadRunWeights(key).catch(() => undefined);
  if (!files)
    return { ok: false, error: `The trained model of candidate ${trial.number}, its teacher, is no longer kept.` };
  const read = await readModelFiles(files.map((file) => new File([file.bytes as Uint8Array<ArrayBuffer>], file.name)));
  if (!read.ok) return { ok: false, error: `The teacher’s kept model is damaged: ${read.error}` };
  const project = candidateOf(base, data, trial.params, featureOrder);
  if (!project.ok) return project;
  const { modelJson, weights, metadata } = read.value;
  return {
    ok: true,
    value: { runId: key!, modelJson, weights, ...(metadata !== undefined && { metadata }), graph: project.value.graph },
  };
}

/**
 * What a finished candidate's trial records: its measures, its curves, and where its trained model is kept
 * (when it was written and stored; the best few candidates' are kept, the others' dropped as better ones come).
 */
async function candidateAttrs(
  ctx: ActionContext,
  { runId, measures, model }: Extract<TrainEvent, { type: 'train/done' }>,
  history: readonly FinishedEpoch[],
): Promise<TrialAttrs> {
  const attrs = { ...measures, ...curveAttrs(history) };
  const bytes = model?.reduce((total, file) => total + file.bytes.byteLength, 0) ?? Infinity;
  if (!model || bytes > MAX_KEPT_WEIGHT_BYTES) return attrs;
  const key = `auto-${runId}`;
  if (!(await storage.saveRunWeights(key, model)).ok) return attrs;
  const study = ctx.auto.getState().study;
  if (study) {
    const list = candidates(study.trials, study.config.objective.direction, candidateLabel);
    const beyond = modelKeysToDrop(list, autoSettings(ctx).limits);
    if (beyond.length > 0) await storage.deleteRuns(beyond);
  }
  return { ...attrs, [MODEL_KEY_ATTR]: key };
}

/** Each trial's candidate parameter count, worked out once per trial: the pruner asks for every rival at every rung. */
function paramCounter(data: DataContext): (trial: Trial) => number {
  const counts = new Map<number, number>();
  return ({ number, params }) => {
    if (!counts.has(number)) counts.set(number, candidateParamCount(data, params));
    return counts.get(number)!;
  };
}

/** The finalists' cross-validation in progress per studio: Stop search aborts it. */
const checking = new WeakMap<AutoStore, AbortController>();

/** The attr, on each finalist, saying the person stopped their cross-validation: a reload does not start it again. */
const CV_STOPPED_ATTR = 'cvStopped';

/**
 * The honest estimate: the finalists (the best two finished candidates, within the limits when some meet
 * them) each trained once per fold of the non-test rows (the test split untouched), each one's fold scores
 * recorded as `cvFolds` attrs (and `cvNote` when k was reduced) as soon as its folds have ended, so the
 * leaderboard's mean ± sd and the comparison survive a reload, and a reload during this step trains only the
 * finalists with no scores yet. Skipped, with the reason, for one finisher or data too large to train k times;
 * a Stop is journalled too (`cvStopped`), so a reload does not start it again.
 */
async function crossValidateFinalists(ctx: ActionContext, base: Project, data: Result<DataContext>): Promise<boolean> {
  const { auto, session, workers } = ctx;
  const study = auto.getState().study!;
  const { objective, parallel } = study.config;
  const chosen = finalists(candidates(study.trials, objective.direction, candidateLabel), autoSettings(ctx).limits);
  if (chosen.length === 0) return true;
  const notChecked = (status: 'skipped' | 'failed', why: string) => {
    auto.getState().setFinalists({ status, reason: `The finalists were not cross-validated: ${why}` });
    return true;
  };
  if (chosen.length < 2) return notChecked('skipped', 'only one candidate finished, so there is no runner-up.');
  const rows = base.data.datasetId ? session.getState().datasets[base.data.datasetId]?.rowCount : undefined;
  if (rows !== undefined && rows > CROSS_VALIDATION_MAX_ROWS)
    return notChecked(
      'skipped',
      `the data has ${formatCount(rows)} rows, and ${DEFAULT_FOLDS}-fold cross-validation is offered for up to ${formatCount(CROSS_VALIDATION_MAX_ROWS)}; the validation split is estimate enough.`,
    );
  if (chosen.some(({ trial }) => trial.attrs?.[CV_STOPPED_ATTR] !== undefined)) {
    notChecked('skipped', 'cross-validation was stopped.');
    // Stopped before a reload, so the last step is not taken either.
    return false;
  }
  const pending = chosen.filter(({ trial }) => trial.attrs?.cvFolds === undefined);
  if (pending.length === 0) {
    auto.getState().setFinalists({ status: 'done' });
    return true;
  }
  const projects: Project[] = [];
  for (const finalist of pending) {
    const project = candidateOf(base, data, finalist.trial.params, study.config.featureOrder);
    if (!project.ok) return notChecked('failed', project.error);
    projects.push(project.value);
  }
  const cancel = new AbortController();
  checking.set(auto, cancel);
  const folds = pending.length * DEFAULT_FOLDS;
  const ended = pending.map(() => 0);
  auto.getState().setFinalists({ status: 'running', ended: 0, folds });
  const pool = workers.createTrialPool(parallel);
  const journalKept = keepJournal(ctx, autoHome(ctx), auto.getState().journal, false);
  const release = holdDataset(
    session,
    base.data.datasetId,
    'the Auto search’s finalists are being cross-validated on it. Delete it once that has finished or been stopped.',
  );
  try {
    const journalled = (number: number, attrs: TrialAttrs) =>
      journalKept.append({ type: 'trial-attrs', at: Date.now(), number, attrs });
    const estimates = await Promise.all(
      projects.map(async (project, i) => {
        const estimate = await crossValidate(pool, project, {
          folds: DEFAULT_FOLDS,
          metric: objective.metric,
          signal: cancel.signal,
          onFoldEnded: (count) => {
            ended[i] = count;
            auto.getState().setFinalists({ status: 'running', ended: ended.reduce((a, b) => a + b, 0), folds });
          },
        });
        if (estimate.ok) {
          const { values, reduced } = estimate.value;
          journalled(pending[i]!.trial.number, { cvFolds: values, ...(reduced !== undefined && { cvNote: reduced }) });
        }
        return estimate;
      }),
    );
    const failed = estimates.find((estimate) => !estimate.ok);
    const stopped = failed && !failed.ok && failed.error === CROSS_VALIDATION_STOPPED;
    if (stopped) for (const { trial } of chosen) journalled(trial.number, { [CV_STOPPED_ATTR]: true });
    await journalKept.settled();
    if (failed && !failed.ok) notChecked(stopped ? 'skipped' : 'failed', lowerFirst(failed.error));
    else auto.getState().setFinalists({ status: 'done' });
    return !cancel.signal.aborted;
  } finally {
    checking.delete(auto);
    pool.dispose();
    release();
  }
}

const lowerFirst = (sentence: string) => sentence.charAt(0).toLowerCase() + sentence.slice(1);

const controls = studyControls(
  ({ auto }) => auto,
  { pause: 'Pause search', resume: 'Resume search', stop: 'Stop search' },
  'Auto search',
);
export const pauseAuto: Action = controls.pause;
export const resumeAuto: Action = controls.resume;
/** Stops the search, or once it has ended, the finalists' cross-validation or the distilling of the best (what finished is kept). */
export const stopAuto: Action = {
  label: controls.stop.label,
  predicate: (ctx) =>
    checking.has(ctx.auto) || finding.has(ctx.auto) || distilling.has(ctx.auto) ? true : controls.stop.predicate!(ctx),
  perform: (ctx) => {
    checking.get(ctx.auto)?.abort();
    distilling.get(ctx.auto)?.abort();
    if (finding.has(ctx.auto)) {
      finding.get(ctx.auto)!.abort();
      ctx.workers.stopFindingLearningRate();
    }
    return controls.stop.perform(ctx);
  },
};

/**
 * Puts a finished candidate on the canvas, its graph and training settings as one undoable step (the
 * data choices stay), with the weights its trial trained: loaded as the current run and kept in the runs
 * list, ready for Evaluate and Export without training. A candidate whose model was not kept (not among
 * the best few, a search from before models were kept, data that changed since) is trained again as a
 * normal run with the same settings and seed, and the notice says why.
 */
export const useAutoCandidate: Action<number> = {
  label: 'Use this model',
  predicate: ({ runs, auto }) => {
    if (isActive(runs.getState().run)) return 'A training run is in progress; use a model once it has ended.';
    return auto.getState().study?.trials.some((t) => t.state === 'complete') ? true : 'No candidate has finished yet.';
  },
  perform: async (ctx, number) => {
    const { auto, project, session } = ctx;
    const study = auto.getState().study;
    const trial = study?.trials[number];
    if (trial?.state !== 'complete') return;
    const label = candidateLabel(trial.params);
    const { featureOrder } = auto.getState().study!.config;
    const candidate = candidateOf(project.getState().project, currentData(ctx), trial.params, featureOrder);
    if (!candidate.ok)
      return session.getState().notify({ kind: 'error', text: `Could not use ${label}: ${candidate.error}` });
    const { graph, training, data } = candidate.value;
    const { metric } = study!.config.objective;
    const named = `candidate ${number} (${label}, ${metric} ${formatMetric(trial.value!)})`;
    const key = candidateModelKey(trial);
    const files = key === undefined ? undefined : await storage.loadRunWeights(key).catch(() => undefined);
    project.getState().replaceProject({ ...project.getState().project, graph, training, data });
    const undo = 'Undo (Ctrl+Z) brings back your model.';
    let notKept = files
      ? ''
      : key === undefined
        ? 'Its trained weights were not kept'
        : `Its trained weights are no longer kept (only the ${KEPT_CANDIDATE_MODELS} best candidates’ are)`;
    if (files) {
      const adopted = await adoptTrainedModel(ctx, {
        project: project.getState().project,
        title: `Auto candidate ${number} (${label})`,
        history: candidateHistory(trial, metric),
        files,
        note: `Auto ${named}, with the weights it trained.`,
      });
      if (adopted.ok) {
        session.getState().setView('train');
        return session.getState().notify({
          kind: 'change',
          text: `Put ${named} on the canvas with the weights it trained, kept as ${adopted.value.name}: Evaluate and Export use it now. ${undo}`,
        });
      }
      notKept = `Its kept weights cannot be used: ${lowerFirst(adopted.error).replace(/\.$/, '')}`;
    }
    session.getState().notify({
      kind: 'change',
      text: `Put ${named} on the canvas. ${notKept}, so it trains again with the same settings and seed. ${undo}`,
    });
    const blocker = train.predicate?.(ctx) ?? true;
    if (blocker !== true)
      return session
        .getState()
        .notify({ kind: 'error', text: `${label} is on the canvas, but cannot train: ${blocker}` });
    await train.perform(ctx);
  },
};

/**
 * The search as an Optuna script (the same conditional space, TPE, ASHA and time budget) training
 * with `framework`, beside its data as an .npz.
 */
export const exportAutoPython: Action<PythonFramework> = {
  label: 'Export as Python (Optuna)',
  predicate: ({ auto }) => (auto.getState().study ? true : 'Start an Auto search first.'),
  perform: (ctx, framework) => exportStudyPython(ctx, autoHome(ctx), { target: 'optuna', framework }),
};
