/**
 * A training session: what the training worker exposes (TrainWorkerApi in workers/protocol.ts,
 * where each command is documented). One run at a time, with its stop and pause requests; the
 * model of the last run that ended with usable weights (or an import), kept for predict, export
 * and evaluate. Nothing throws out of it: failures become `train/error` events or `{ ok: false }`
 * results with a sentence for the person. Runs in a worker or, for tests, in Node.
 */
import { imagePixelsFor, type ImageDecoder } from '../../data/import/imageColumn';
import type { ImageFilesSource } from '../../data/import/imageFiles';
import { dataContextFor, featureSpans, imageInputOf } from '../../data/preprocess';
import { getDataset } from '../../data/storage';
import type { ExportCompression, ExportedModel, ExportOptions } from '../../model/modelExport';
import { parseModelJson, type ImportedModelInfo, type ModelImportRequest } from '../../model/modelImport';
import type { PredictInput, TableToPredict } from '../../model/prediction';
import type { Result } from '../../model/result';
import type { BackendChoice } from '../../model/project';
import type { TrainEvent, TrainRequest } from '../../model/run';
import { SWEEP_DATA_FILE, sweepDataArrays, type SweepData } from '../../sweep/codegen/python';
import type { LrRangeProgress, LrRangeRequest, LrRangeResult } from '../../sweep/lrRange';
import type { DataConfig } from '../../data/schema';
import type { FeatureRanking, RankingProgress } from '../../data/featureRanking';
import type { EvaluationSplit, HeadlineMetric } from '../../model/evaluation';
import { initBackend, probeGpu, TFJS_VERSION } from '../backend';
import { checkedBackend } from '../backendCheck';
import { evaluateModel } from '../evaluate';
import { exportModel, exportModelCard, headlineOf, previewExport } from '../export/exportModel';
import { monitorBatch, monitorImageBatch, monitorReportZip } from '../monitor';
import type { ReferenceProfile } from '../../data/monitor/profile';
import type { MonitorReport } from '../../data/monitor/report';
import { npz } from '../export/npz';
import { loadImportedModel } from '../importModel';
import { predictImage, predictRow, predictTable } from '../predict';
import { findLearningRate } from './findLearningRate';
import { rankFeatures } from './rankFeatures';
import { heldModel, importedHeldOut, storedData, type DatasetSource, type HeldModel } from './heldModel';
import { ownBuffers, runTraining } from './run';

/**
 * At most one checkpoint a second: a slow epoch gets its own, while a run of hundreds of epochs a
 * second does not copy its weights hundreds of times (a crash then loses under a second of training).
 */
export const CHECKPOINT_INTERVAL_MS = 1000;

/** Where a run's events go: the MessagePort the worker was handed, or a stand-in with its two methods. */
export interface RunEvents {
  postMessage(event: TrainEvent, transfer: Transferable[]): void;
  /** Called once the run has ended; nothing is posted after. */
  close(): void;
}

export interface SessionDeps {
  /** Decodes an image file's bytes to RGBA (the worker's OffscreenCanvas decoder): predictions from images. */
  readonly decodeImage: ImageDecoder;
  /** Reads a stored data set; IndexedDB by default. */
  readonly getDataset?: DatasetSource;
  /**
   * Hands a result's buffers over instead of copying them (`Comlink.transfer` in the worker);
   * by default the result is returned as it is.
   */
  readonly transfer?: <T>(value: T, buffers: Transferable[]) => T;
  /** Training time between checkpoints; CHECKPOINT_INTERVAL_MS by default. */
  readonly checkpointEveryMs?: number;
}

export type TrainingSession = ReturnType<typeof createTrainingSession>;

/** A session with no run and no model. Its state is its own: sessions in one thread share only tfjs's backend. */
export function createTrainingSession({
  decodeImage,
  getDataset: readDataset = getDataset,
  transfer = (value) => value,
  checkpointEveryMs = CHECKPOINT_INTERVAL_MS,
}: SessionDeps) {
  let held: HeldModel | undefined;
  let running = false;
  let stopRequested = false;
  let pauseRequested = false;
  /** Ends the wait of a paused run; set while it waits. */
  let releasePause: (() => void) | undefined;
  /**
   * Why a run or another background task cannot start now: the learning-rate range test or the feature
   * ranking in progress, which share the backend with runs, so they never overlap.
   */
  let busyWith: string | undefined;
  let rateTestStopRequested = false;

  /** Runs `call`, turning anything it throws into "`what` failed unexpectedly: …". */
  const attempt = async <T>(what: string, call: () => Promise<Result<T>>): Promise<Result<T>> => {
    try {
      return await call();
    } catch (error) {
      return { ok: false, error: `${what} failed unexpectedly: ${messageOf(error)}` };
    }
  };
  /** Refused while a run is in progress, which would replace (and dispose) the model in use: `then` says what to do when it has ended. */
  const whenIdle = <T>(then: string, call: () => Promise<Result<T>>): Promise<Result<T>> =>
    running ? Promise.resolve({ ok: false, error: `A run is in progress; ${then} when it has ended.` }) : call();
  /** `use` on the held model; refused when there is none. */
  const withModel = <T>(use: (model: HeldModel) => Promise<Result<T>>): Promise<Result<T>> =>
    held ? use(held) : Promise.resolve({ ok: false, error: 'Train a model first.' });

  /** `check` of a batch on the held model, given its reference profile and its test split's headline metric. */
  const monitorWith = (
    check: (model: HeldModel, reference: ReferenceProfile, test: HeadlineMetric) => Promise<Result<MonitorReport>>,
  ): Promise<Result<MonitorReport>> =>
    withModel((trained) =>
      whenIdle('monitor', () =>
        attempt('Monitoring', async () => {
          const reference = await trained.reference();
          if (!reference.ok) return reference;
          return check(trained, reference.value, headlineOf(await trained.evaluate(trained.model), trained));
        }),
      ),
    );

  const hold = (model: HeldModel): HeldModel => {
    held?.model.dispose();
    held = model;
    return model;
  };

  /** An export's files handed over, not copied again by structured cloning. */
  const transferred = (exported: ExportedModel): Result<ExportedModel> => {
    const files = ownBuffers(exported.files);
    return transfer(
      { ok: true, value: { ...exported, files } },
      files.map((file) => file.bytes.buffer as ArrayBuffer),
    );
  };

  /** Loads an imported model; holds it when it takes the project's data. Its layers' shapes come back either way. */
  const importModel = async ({
    runId,
    modelJson,
    weights,
    metadata,
    graph,
    data: config,
    settings,
  }: ModelImportRequest): Promise<Result<ImportedModelInfo>> => {
    const parsed = parseModelJson(modelJson);
    if (!parsed.ok) return parsed;
    // Before loading: a model's weights live on the backend that is current when it is made.
    const backend = await checkedBackend(
      await initBackend(graph, settings.backend === 'auto' ? {} : { forced: settings.backend }),
    );
    const loaded = await loadImportedModel(parsed.value, weights);
    if (!loaded.ok) return loaded;
    const { model, layerShapes } = loaded.value;
    const usable = await importedHeldOut(readDataset, model, metadata, config);
    if (!usable.ok) {
      model.dispose();
      return { ok: true, value: { layerShapes, notUsable: usable.error } };
    }
    // An imported model was not trained here: its record is this studio's, with the split's seed.
    const record = { seed: config.seed, tfjsVersion: TFJS_VERSION, appVersion: __APP_VERSION__ };
    hold(
      heldModel(model, {
        runId,
        graph,
        backend: backend.backend,
        record,
        settings,
        logs: {},
        epochsRun: 0,
        ...usable.value,
      }),
    );
    return { ok: true, value: { layerShapes } };
  };

  /** Loads and holds the request's teacher; why it cannot teach, as a sentence, when it cannot. */
  const holdTeacher = async ({ teacher, data, settings }: TrainRequest): Promise<string | undefined> => {
    const loaded = await attempt('Loading the teacher', () => importModel({ ...teacher!, data, settings }));
    if (!loaded.ok) return `The teacher could not be loaded: ${loaded.error}`;
    return loaded.value.notUsable === undefined
      ? undefined
      : `The teacher does not fit this data: ${loaded.value.notUsable}.`;
  };

  return {
    async train(request: TrainRequest, events: RunEvents): Promise<void> {
      let ended = false;
      // A run ends once: a device lost while a failure is reported would otherwise end it twice.
      const post = (event: TrainEvent, transfer: Transferable[] = []): void => {
        if (ended) return;
        ended = event.type === 'train/done' || event.type === 'train/error';
        events.postMessage(event, transfer);
      };
      if (running || busyWith !== undefined) {
        const message = running ? 'A run is already in progress; stop it first.' : busyWith!;
        post({ type: 'train/error', runId: request.runId, message });
        events.close();
        return;
      }
      running = true;
      stopRequested = false;
      pauseRequested = request.startPaused === true;
      try {
        if (request.distill && request.teacher) {
          const problem = await holdTeacher(request);
          if (problem !== undefined) return post({ type: 'train/error', runId: request.runId, message: problem });
        }
        await runTraining(request, post, {
          getDataset: readDataset,
          checkpointEveryMs,
          shouldStop: () => stopRequested,
          pauseWait: () =>
            pauseRequested && !stopRequested
              ? new Promise<void>((resolve) => {
                  releasePause = () => {
                    releasePause = undefined;
                    resolve();
                  };
                })
              : undefined,
          imported: (runId) => (held?.evaluation.runId === runId ? held.model : undefined),
          teacher: () => held,
          hold: (model, about) => hold(heldModel(model, about)),
        });
      } catch (error) {
        post({
          type: 'train/error',
          runId: request.runId,
          message: `Training failed unexpectedly: ${messageOf(error)}`,
        });
      } finally {
        running = false;
        events.close();
      }
    },

    stop(): void {
      stopRequested = true;
      releasePause?.();
    },

    pause(): void {
      if (running) pauseRequested = true;
    },

    resume(): void {
      pauseRequested = false;
      releasePause?.();
    },

    predict: (input: PredictInput) =>
      withModel(({ model, pipeline }) =>
        attempt('The prediction', async () => {
          if (input.kind === 'row') return predictRow(model, pipeline, input.raw);
          const pixels = await imagePixelsFor(imageInputOf(pipeline), input.bytes, decodeImage);
          return pixels.ok ? predictImage(model, pipeline, pixels.value) : pixels;
        }),
      ),

    predictTable: (table: TableToPredict) =>
      withModel(({ model, pipeline }) => attempt('The predictions', () => predictTable(model, pipeline, table))),

    monitorBatch: (text: string) =>
      monitorWith(({ model, pipeline }, reference, test) => monitorBatch(model, pipeline, reference, text, test)),

    monitorImages: (source: ImageFilesSource) =>
      monitorWith(({ model, pipeline }, reference, test) =>
        monitorImageBatch(model, pipeline, reference, source, decodeImage, test),
      ),

    monitorReportZip: (report: MonitorReport, batchName: string): Promise<Result<Uint8Array>> =>
      attempt('Writing the report', async () => {
        const zip = await monitorReportZip(report, batchName);
        return transfer({ ok: true, value: zip }, [zip.buffer as ArrayBuffer]);
      }),

    exportModel: (options: ExportOptions) =>
      withModel((trained) =>
        whenIdle('export', () =>
          attempt('The export', async () => {
            const exported = await exportModel(trained, options);
            return exported.ok ? transferred(exported.value) : exported;
          }),
        ),
      ),

    exportModelCard: (options: Omit<ExportOptions, 'packaging'>) =>
      withModel((trained) =>
        whenIdle('export', () =>
          attempt('Writing the model card', async () => {
            const card = await exportModelCard(trained, options);
            return card.ok ? transferred(card.value) : card;
          }),
        ),
      ),

    previewExport: (compression: ExportCompression) =>
      withModel((trained) =>
        whenIdle('export', () =>
          attempt('Measuring the export', async () => ({
            ok: true as const,
            value: await previewExport(trained, compression),
          })),
        ),
      ),

    evaluate: (split: EvaluationSplit) =>
      withModel(({ model, evaluation: { splits, ...common } }) =>
        whenIdle('evaluate', () =>
          attempt('The evaluation', () => evaluateModel(model, { ...common, split, ...splits[split] })),
        ),
      ),

    sweepData: (config: DataConfig): Promise<Result<SweepData>> =>
      attempt("Writing the sweep's data", async () => {
        const stored = await storedData(readDataset, config);
        if (!stored.ok) return stored;
        const { pipeline, train, validation } = stored.value.prepared;
        const file = { name: SWEEP_DATA_FILE, bytes: npz(sweepDataArrays(stored.value.prepared)) };
        const value = {
          file,
          data: dataContextFor(pipeline),
          trainRows: train.count,
          validationRows: validation.count,
          features: featureSpans(pipeline),
        };
        return transfer({ ok: true, value }, [file.bytes.buffer as ArrayBuffer]);
      }),

    findLearningRate: (
      request: LrRangeRequest,
      onProgress: (progress: LrRangeProgress) => void,
    ): Promise<Result<LrRangeResult>> =>
      whenIdle('find the learning rate', async () => {
        if (busyWith !== undefined) return { ok: false, error: busyWith };
        busyWith = 'The learning-rate finder is running; cancel it or wait for it to end.';
        rateTestStopRequested = false;
        try {
          return await attempt('The learning-rate finder', () =>
            findLearningRate(request, {
              getDataset: readDataset,
              onProgress,
              shouldStop: () => rateTestStopRequested,
            }),
          );
        } finally {
          busyWith = undefined;
        }
      }),

    stopFindingLearningRate(): void {
      rateTestStopRequested = true;
    },

    rankFeatures: (
      config: DataConfig,
      backend: BackendChoice,
      onProgress: (progress: RankingProgress) => void,
    ): Promise<Result<FeatureRanking>> =>
      whenIdle('rank the columns', async () => {
        if (busyWith !== undefined) return { ok: false, error: busyWith };
        busyWith = 'The features are being ranked; wait for the ranking to end.';
        try {
          return await attempt('Ranking the columns', () =>
            rankFeatures(config, backend, { getDataset: readDataset, onProgress }),
          );
        } finally {
          busyWith = undefined;
        }
      }),

    probeGpu,

    importModel: (request: ModelImportRequest) =>
      whenIdle('import a model', () => attempt('The import', () => importModel(request))),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
