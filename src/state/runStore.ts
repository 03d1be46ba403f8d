import { createStore } from 'zustand/vanilla';
import type { MonitorReport } from '../data/monitor/report';
import type { CrossValidationEstimate } from '../model/crossValidation';
import type { Distillation } from '../model/distillation';
import type { Evaluation, EvaluationSplit, HeadlineMetric } from '../model/evaluation';
import type { BackendName } from '../model/layers/layerKind';
import type { ExportCompression, ExportPreview } from '../model/modelExport';
import type { PredictedTable, Prediction } from '../model/prediction';
import type { Project } from '../model/project';
import type { Result } from '../model/result';
import type { EpochLogs, RunRecord, TrainEvent } from '../model/run';
import type { LrRangeResult } from '../sweep/lrRange';

export type RunStatus =
  'idle' | 'starting' | 'running' | 'pausing' | 'paused' | 'stopping' | 'completed' | 'stopped' | 'failed';

export interface RunProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly elapsedMs: number;
  readonly samples: number;
}

export interface Run {
  readonly id: string;
  readonly status: RunStatus;
  readonly backend?: { readonly name: BackendName; readonly reason: string };
  /** Seed and library versions, known once the worker has started the run. */
  readonly record?: RunRecord;
  readonly progress?: RunProgress;
  /** One entry per finished epoch, in order. */
  readonly history: readonly { readonly epoch: number; readonly logs: EpochLogs }[];
  readonly error?: string;
  /** The run log: restarts after a crash, and how the run ended when there is more to say (early stopping, restored weights). */
  readonly note?: string;
  /** An imported model rather than a run: the next training starts from its weights. */
  readonly imported?: true;
  /** A distilled student's figures beside its teacher's, as the run reported them when it ended. */
  readonly distillation?: Distillation;
}

/** The evaluation of the current run's model: under way, done, or failed with a sentence for the person. */
export type RunEvaluation =
  | { readonly runId: string; readonly status: 'running' }
  | { readonly runId: string; readonly status: 'done'; readonly result: Evaluation }
  | { readonly runId: string; readonly status: 'failed'; readonly error: string };

/** The export dialog's measurements of the current run's model at one precision and sparsity. */
export type RunExportPreview = { readonly runId: string; readonly compression: ExportCompression } & (
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly result: ExportPreview }
  | { readonly status: 'failed'; readonly error: string }
);

/** The export being written for download, and how it ended. */
export type RunExport = { readonly runId: string } & (
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly test: HeadlineMetric }
  | { readonly status: 'failed'; readonly error: string }
);

/**
 * The Train view's k-fold estimate of the project: `of` is what it estimated (the graph, data and settings as
 * they were), so the view can tell when they have changed since.
 */
export type CrossValidationStatus = { readonly of: Pick<Project, 'graph' | 'data' | 'training'> } & (
  | { readonly status: 'running'; readonly folds: number; readonly ended: number }
  | { readonly status: 'done'; readonly estimate: CrossValidationEstimate }
  | { readonly status: 'failed'; readonly error: string }
);

/** The learning-rate finder's range test: under way (steps done), done with its curve, or failed with a sentence. */
export type LearningRateTest = { readonly id: string } & (
  | { readonly status: 'running'; readonly step: number; readonly steps: number }
  | { readonly status: 'done'; readonly result: LrRangeResult }
  | { readonly status: 'failed'; readonly error: string }
);

/** Runs and their curves: never undoable, never part of the project document. */
export interface RunState {
  readonly run: Run | null;
  readonly prediction: Prediction | null;
  /** Rows pasted or dropped, predicted by the current run's model; a new run clears it. */
  readonly predictedTable: PredictedTable | null;
  /** The last batch checked for drift against the current model; a new run clears it. */
  readonly monitoring: { readonly batchName: string; readonly report: MonitorReport } | null;
  /** Null until the current run is evaluated on `evaluationSplit`; a new run, or another split, clears it. */
  readonly evaluation: RunEvaluation | null;
  /** Which held-out split the Evaluate view shows; the person's choice outlives runs. */
  readonly evaluationSplit: EvaluationSplit;
  /** Null until the export dialog asks; a new run clears it. */
  readonly exportPreview: RunExportPreview | null;
  readonly exporting: RunExport | null;
  /** Null until the person asks for a cross-validation estimate; runs do not clear it, for it is of the project. */
  readonly crossValidation: CrossValidationStatus | null;
  setCrossValidation(status: CrossValidationStatus): void;
  /** Null until the learning-rate finder runs; it outlives runs, being about the settings rather than a model. */
  readonly learningRateTest: LearningRateTest | null;
  chooseEvaluationSplit(split: EvaluationSplit): void;
  startRun(id: string): void;
  /** An imported model the training worker now holds: a run that ended with weights, and no curves. */
  adoptImport(id: string, note: string): void;
  /** A kept run's model the training worker now holds, to evaluate, with its curves and record: unlike an import, the next training starts afresh. */
  adoptKeptRun(kept: Pick<Run, 'id' | 'history' | 'backend' | 'record'>, note: string): void;
  markStopping(): void;
  /** A running run was asked to pause; it is 'paused' once the worker says so (`train/paused`). */
  markPausing(): void;
  /** A paused run was told to go on. */
  markResumed(): void;
  apply(event: TrainEvent): void;
  fail(id: string, message: string): void;
  setPrediction(prediction: Prediction | null): void;
  setPredictedTable(table: PredictedTable | null): void;
  setMonitoring(monitoring: RunState['monitoring']): void;
  startEvaluation(runId: string): void;
  /** Ignored unless `runId` is still the current run: a result must not land on a newer run. */
  finishEvaluation(runId: string, result: Result<Evaluation>): void;
  /** Ignored unless its run is still the current one. */
  setExportPreview(preview: RunExportPreview): void;
  /** Ignored unless its run is still the current one. */
  setExporting(exporting: RunExport): void;
  /** A new test, in place of the last one. */
  startLearningRateTest(id: string, steps: number): void;
  /** Its progress or outcome; ignored unless `test` is still the one shown (a cancelled test may report late). */
  updateLearningRateTest(test: LearningRateTest): void;
  /** Withdraws the test shown. */
  clearLearningRateTest(): void;
}

export type RunStore = ReturnType<typeof createRunStore>;

const ACTIVE: ReadonlySet<RunStatus> = new Set(['starting', 'running', 'pausing', 'paused', 'stopping']);

export function isActive(run: Run | null): boolean {
  return run !== null && ACTIVE.has(run.status);
}

/** True when the run ended with weights to use: predict, download and evaluate need them. */
export function hasTrainedWeights(run: Run | null): run is Run {
  return run !== null && (run.status === 'completed' || run.status === 'stopped');
}

/** A run replacing the current one: nothing of the old one's results stays. */
function newRun(run: Run): Partial<RunState> {
  return {
    run,
    prediction: null,
    predictedTable: null,
    monitoring: null,
    evaluation: null,
    exportPreview: null,
    exporting: null,
  };
}

/** The run log so far with `more` after it. */
function withNote(note: string | undefined, more: string | undefined): string | undefined {
  return [note, more].filter(Boolean).join(' ') || undefined;
}

export function createRunStore() {
  return createStore<RunState>()((set) => {
    /** Events of an older run (arriving late) are ignored. */
    const update = (id: string, patch: (run: Run) => Partial<Run>) =>
      set(({ run }) => (run && run.id === id ? { run: { ...run, ...patch(run) } } : {}));

    return {
      run: null,
      prediction: null,
      predictedTable: null,
      monitoring: null,
      evaluation: null,
      evaluationSplit: 'validation',
      exportPreview: null,
      exporting: null,
      crossValidation: null,
      setCrossValidation: (crossValidation) => set({ crossValidation }),
      learningRateTest: null,
      chooseEvaluationSplit: (split) =>
        set(({ evaluationSplit }) => (split === evaluationSplit ? {} : { evaluationSplit: split, evaluation: null })),
      startRun: (id) => set(newRun({ id, status: 'starting', history: [] })),
      adoptImport: (id, note) => set(newRun({ id, status: 'completed', history: [], note, imported: true })),
      adoptKeptRun: ({ id, history, backend, record }, note) =>
        set(
          newRun({
            id,
            status: 'completed',
            history,
            note,
            ...(backend ? { backend } : {}),
            ...(record ? { record } : {}),
          }),
        ),
      markStopping: () => set(({ run }) => (run && isActive(run) ? { run: { ...run, status: 'stopping' } } : {})),
      markPausing: () => set(({ run }) => (run?.status === 'running' ? { run: { ...run, status: 'pausing' } } : {})),
      markResumed: () => set(({ run }) => (run?.status === 'paused' ? { run: { ...run, status: 'running' } } : {})),
      apply: (event) => {
        switch (event.type) {
          case 'train/backend':
            // A run paused, pausing or stopping before its (fresh) worker reported stays so.
            return update(event.runId, (run) => ({
              status: run.status === 'starting' ? 'running' : run.status,
              backend: { name: event.backend, reason: event.reason },
              record: event.record,
            }));
          case 'train/progress':
            return update(event.runId, (run) => ({
              progress: {
                epoch: event.epoch,
                epochs: event.epochs,
                batch: event.batch,
                batchesPerEpoch: event.batchesPerEpoch,
                elapsedMs: event.elapsedMs,
                samples: event.samples,
              },
              history: event.finishedEpochs.length > 0 ? [...run.history, ...event.finishedEpochs] : run.history,
            }));
          case 'train/resumed':
            // The epochs from the checkpoint on are trained again: their first logs go, so each epoch is plotted once.
            // The status stays: the fresh worker starts paused when the run was paused or pausing.
            return update(event.runId, (run) => ({
              history: run.history.filter(({ epoch }) => epoch < event.fromEpoch),
              note: withNote(run.note, event.note),
            }));
          case 'train/checkpoint':
            return;
          case 'train/paused':
            // Not over a Stop pressed while the pause was on its way.
            return update(event.runId, (run) => (run.status === 'pausing' ? { status: 'paused' } : {}));
          case 'train/done':
            return update(event.runId, (run) => ({
              status: event.reason,
              note: withNote(run.note, event.note),
              ...(event.distillation ? { distillation: event.distillation } : {}),
            }));
          case 'train/error':
            return update(event.runId, () => ({ status: 'failed', error: event.message }));
        }
      },
      fail: (id, message) => update(id, () => ({ status: 'failed', error: message })),
      setPrediction: (prediction) => set({ prediction }),
      setPredictedTable: (predictedTable) => set({ predictedTable }),
      setMonitoring: (monitoring) => set({ monitoring }),
      startEvaluation: (runId) => set({ evaluation: { runId, status: 'running' } }),
      finishEvaluation: (runId, result) =>
        set(({ run }) => {
          if (run?.id !== runId) return {};
          return {
            evaluation: result.ok
              ? { runId, status: 'done', result: result.value }
              : { runId, status: 'failed', error: result.error },
          };
        }),
      setExportPreview: (exportPreview) => set(({ run }) => (run?.id === exportPreview.runId ? { exportPreview } : {})),
      setExporting: (exporting) => set(({ run }) => (run?.id === exporting.runId ? { exporting } : {})),
      startLearningRateTest: (id, steps) => set({ learningRateTest: { id, status: 'running', step: 0, steps } }),
      // A step's report comes on its own message port and can land after the result: it never reopens an ended test.
      updateLearningRateTest: (test) =>
        set(({ learningRateTest }) =>
          learningRateTest?.id === test.id && !(test.status === 'running' && learningRateTest.status !== 'running')
            ? { learningRateTest: test }
            : {},
        ),
      clearLearningRateTest: () => set({ learningRateTest: null }),
    };
  });
}
