/**
 * The training worker: a thin Comlink adapter over src/engine. One run at a time; it reads the
 * rows from IndexedDB, prepares them with src/data, trains, and streams TrainEvents over the
 * MessagePort the caller passes. The last trained model stays here for `predict` and
 * `exportModel`. Nothing throws across the boundary: failures become `train/error` events or
 * `{ ok: false }` results with a sentence for the person.
 */
import * as Comlink from 'comlink';
import { fromRgba, prepareImage } from '../data/import/imageColumn';
import {
  dataContextFor,
  imageInputOf,
  prepareTrainingData,
  type FittedPipeline,
  type PreparedData,
} from '../data/preprocess';
import type { DataConfig, StoredDataset } from '../data/schema';
import { getDataset } from '../data/storage';
import { DEVICE_LOSS_GRACE_MS, deviceLost, initBackend, lostWithin, probeGpu, TFJS_VERSION } from '../engine/backend';
import { checkedBackend } from '../engine/backendCheck';
import { buildModel } from '../engine/build';
import { buffersOf } from '../engine/checkpoint';
import { evaluateModel, type EvaluationInput } from '../engine/evaluate';
import { exportModel, exportModelCard, previewExport, type TrainedModel } from '../engine/export/exportModel';
import { npz } from '../engine/export/npz';
import {
  copyMatchingWeights,
  evaluationSetup,
  loadImportedModel,
  savedPipelineOf,
  type EvaluationSetup,
} from '../engine/importModel';
import { predictImage, predictRow, predictTable } from '../engine/predict';
import { trainModel, type BatchProgress } from '../engine/train';
import type { Graph } from '../model/graph';
import { parseModelJson } from '../model/modelImport';
import { SWEEP_DATA_FILE, sweepDataArrays } from '../sweep/codegen/python';
import type * as tf from '@tensorflow/tfjs';
import { decodeImage } from './decodeImage';
import {
  PROTOCOL_VERSION,
  type EpochLogs,
  type EvaluationSplit,
  type ExportedModel,
  type FinishedEpoch,
  type ImportedModelInfo,
  type ModelImportRequest,
  type Result,
  type RunRecord,
  type TrainEvent,
  type TrainRequest,
  type TrainSettings,
  type TrainWorkerApi,
} from './protocol';

/** ≤ 10 progress messages per second (ARCHITECTURE.md, "Data flow"); finished epochs ride along, never dropped. */
const PROGRESS_INTERVAL_MS = 100;
/**
 * At most one checkpoint a second: a slow epoch gets its own, while a run of hundreds of epochs a
 * second does not copy its weights hundreds of times (a crash then loses under a second of training).
 */
const CHECKPOINT_INTERVAL_MS = 1000;

/** The model `predict`, `exportModel` and `evaluate` use: the last run that ended with usable weights. */
let trained: (TrainedModel & { readonly evaluation: HeldOut }) | undefined;

/** What evaluation needs besides the model, for each held-out split. */
interface HeldOut extends Omit<EvaluationInput, 'split' | 'examples' | 'rows'> {
  readonly splits: Readonly<Record<EvaluationSplit, Pick<EvaluationInput, 'examples' | 'rows'>>>;
}
let running = false;
let stopRequested = false;
let pauseRequested = false;
/** Ends the wait of a paused run; set while it waits. */
let releasePause: (() => void) | undefined;

const api: TrainWorkerApi = {
  protocolVersion: PROTOCOL_VERSION,

  async train(request, events) {
    let ended = false;
    // A run ends once: a device lost while a failure is reported would otherwise end it twice.
    const post = (event: TrainEvent, transfer: Transferable[] = []): void => {
      if (ended) return;
      ended = event.type === 'train/done' || event.type === 'train/error';
      events.postMessage(event, transfer);
    };
    if (running) {
      post({ type: 'train/error', runId: request.runId, message: 'A run is already in progress; stop it first.' });
      events.close();
      return;
    }
    running = true;
    stopRequested = false;
    pauseRequested = request.startPaused === true;
    try {
      await run(request, post);
    } catch (error) {
      post({ type: 'train/error', runId: request.runId, message: `Training failed unexpectedly: ${messageOf(error)}` });
    } finally {
      running = false;
      events.close();
    }
  },

  stop() {
    stopRequested = true;
    releasePause?.();
  },

  pause() {
    if (running) pauseRequested = true;
  },

  resume() {
    pauseRequested = false;
    releasePause?.();
  },

  async predict(input) {
    if (!trained) return { ok: false, error: 'Train a model first.' };
    try {
      if (input.kind === 'row') return await predictRow(trained.model, trained.pipeline, input.raw);
      const pixels = await decodeForModel(trained.pipeline, input.bytes);
      return pixels.ok ? await predictImage(trained.model, trained.pipeline, pixels.value) : pixels;
    } catch (error) {
      return { ok: false, error: `The prediction failed unexpectedly: ${messageOf(error)}` };
    }
  },

  async predictTable(table) {
    if (!trained) return { ok: false, error: 'Train a model first.' };
    try {
      return await predictTable(trained.model, trained.pipeline, table);
    } catch (error) {
      return { ok: false, error: `The predictions failed unexpectedly: ${messageOf(error)}` };
    }
  },

  async exportModel(options) {
    if (!trained) return { ok: false, error: 'Train a model first.' };
    if (running) return { ok: false, error: 'A run is in progress; export when it has ended.' };
    try {
      const exported = await exportModel(trained, options);
      return exported.ok ? transferred(exported.value) : exported;
    } catch (error) {
      return { ok: false, error: `The export failed unexpectedly: ${messageOf(error)}` };
    }
  },

  async exportModelCard(options) {
    if (!trained) return { ok: false, error: 'Train a model first.' };
    if (running) return { ok: false, error: 'A run is in progress; export when it has ended.' };
    try {
      const card = await exportModelCard(trained, options);
      return card.ok ? transferred(card.value) : card;
    } catch (error) {
      return { ok: false, error: `Writing the model card failed unexpectedly: ${messageOf(error)}` };
    }
  },

  async previewExport(compression) {
    if (!trained) return { ok: false, error: 'Train a model first.' };
    if (running) return { ok: false, error: 'A run is in progress; export when it has ended.' };
    try {
      return { ok: true, value: await previewExport(trained, compression) };
    } catch (error) {
      return { ok: false, error: `Measuring the export failed unexpectedly: ${messageOf(error)}` };
    }
  },

  async evaluate(split) {
    if (!trained) return { ok: false, error: 'Train a model first.' };
    // A run that ends replaces (and disposes) the model mid-evaluation.
    if (running) return { ok: false, error: 'A run is in progress; evaluate when it has ended.' };
    try {
      const { splits, ...common } = trained.evaluation;
      return await evaluateModel(trained.model, { ...common, split, ...splits[split] });
    } catch (error) {
      return { ok: false, error: `The evaluation failed unexpectedly: ${messageOf(error)}` };
    }
  },

  async sweepData(config) {
    try {
      const stored = await prepareStored(config);
      if (!stored.ok) return stored;
      const { pipeline, train, validation } = stored.value.prepared;
      const file = { name: SWEEP_DATA_FILE, bytes: npz(sweepDataArrays(stored.value.prepared)) };
      const value = { file, data: dataContextFor(pipeline), trainRows: train.count, validationRows: validation.count };
      return Comlink.transfer({ ok: true, value }, [file.bytes.buffer as ArrayBuffer]);
    } catch (error) {
      return { ok: false, error: `Writing the sweep's data failed unexpectedly: ${messageOf(error)}` };
    }
  },

  probeGpu,

  async importModel(request) {
    // A run that ends replaces (and disposes) the model being imported over.
    if (running) return { ok: false, error: 'A run is in progress; import a model when it has ended.' };
    try {
      return await importModel(request);
    } catch (error) {
      return { ok: false, error: `The import failed unexpectedly: ${messageOf(error)}` };
    }
  },
};

Comlink.expose(api);

/** The stored data set `config` names, split and encoded as a run with `config` trains on it. */
async function prepareStored(config: DataConfig): Promise<Result<{ dataset: StoredDataset; prepared: PreparedData }>> {
  if (config.datasetId === null || config.target === null)
    return { ok: false, error: 'Choose a dataset and a target column first.' };
  const dataset = await getDataset(config.datasetId);
  if (!dataset) return { ok: false, error: 'The dataset is no longer stored in this browser; import it again.' };
  const prepared = prepareTrainingData(dataset, { ...config, target: config.target });
  return prepared.ok ? { ok: true, value: { dataset, prepared: prepared.value } } : prepared;
}

/** One run, from stored rows to a trained model; person-facing failures are posted, not thrown. */
async function run(
  { runId, graph, data: config, settings, gpuReserved, threadBudget, startFrom, resume }: TrainRequest,
  post: (event: TrainEvent, transfer?: Transferable[]) => void,
): Promise<void> {
  const fail = (message: string): void => post({ type: 'train/error', runId, message });
  const stored = await prepareStored(config);
  if (!stored.ok) return fail(stored.error);
  const { dataset, prepared } = stored.value;
  const { pipeline, train, validation, validationRows, test, testRows, droppedRows } = prepared;
  const data = dataContextFor(pipeline);

  // Before building: a model's weights live on the backend that is current when it is built.
  const backend = await checkedBackend(
    await initBackend(graph, {
      ...(settings.backend === 'auto' ? {} : { forced: settings.backend }),
      gpuReserved: gpuReserved === true,
      ...(threadBudget ? { threadBudget } : {}),
    }),
  );
  const record = { seed: config.seed, tfjsVersion: TFJS_VERSION, appVersion: __APP_VERSION__ };
  post({ type: 'train/backend', runId, backend: backend.backend, reason: backend.reason, record });
  const lost = deviceLost();
  const postLoss = (detail: string): void =>
    post({ type: 'train/error', runId, message: `The GPU device was lost (${detail}).`, crash: 'device-lost' });
  // A read that never settles on the lost device leaves this the only word of it. Once this run
  // has ended its port is closed, and a later loss posts nowhere.
  void lost?.then(postLoss);

  const built = buildModel(graph, data, { seed: config.seed });
  if (!built.ok) return fail(built.error);
  const model = built.value;
  // A run resumed after a crash starts from its checkpoint, which already holds what it fine-tuned.
  if (startFrom !== undefined && resume === undefined) {
    if (trained?.evaluation.runId !== startFrom) {
      model.dispose();
      return fail('The imported model is no longer loaded, so there are no weights to start from: import it again.');
    }
    copyMatchingWeights(trained.model, model);
  }
  const progress = throttledProgress(runId, settings.epochs, post);
  let checkpointAt = performance.now();
  try {
    const outcome = await trainModel(model, {
      data,
      settings,
      seed: config.seed,
      train,
      validation,
      targetStd: pipeline.target.scale?.std,
      onProgress: progress.batch,
      onEpoch: progress.epoch,
      resume,
      checkpoints: {
        due: () => performance.now() - checkpointAt >= CHECKPOINT_INTERVAL_MS,
        save: (checkpoint) => {
          checkpointAt = performance.now();
          // The epochs up to the checkpoint's arrive first.
          progress.flush();
          post({ type: 'train/checkpoint', runId, checkpoint }, buffersOf(checkpoint.weights, checkpoint.bestWeights));
        },
      },
      shouldStop: () => stopRequested,
      pauseGate: () => {
        if (!pauseRequested || stopRequested) return undefined;
        // The counters shown while paused are where the run stopped, not where it was 100 ms earlier.
        progress.flush();
        post({ type: 'train/paused', runId });
        return new Promise<void>((resolve) => {
          releasePause = () => {
            releasePause = undefined;
            resolve();
          };
        });
      },
    });
    progress.flush();
    if (!outcome.ok) {
      model.dispose();
      return fail(outcome.error);
    }
    hold(model, {
      runId,
      graph,
      backend: backend.backend,
      record,
      settings,
      logs: outcome.value.logs,
      epochsRun: outcome.value.epochsRun,
      dataset,
      droppedRows,
      trainRows: train.count,
      setup: {
        pipeline,
        splits: {
          validation: { examples: validation, rows: validationRows },
          test: { examples: test, rows: testRows },
        },
      },
    });
    post({ type: 'train/done', runId, ...outcome.value });
  } catch (error) {
    model.dispose();
    // A lost device fails the read in flight before `device.lost` settles: the loss, which the
    // studio recovers from, is what ended the run, not the failed read.
    const detail = lost && (await lostWithin(lost, DEVICE_LOSS_GRACE_MS));
    if (detail !== undefined) return postLoss(detail);
    throw error;
  }
}

interface Held {
  readonly runId: string;
  readonly graph: Graph;
  readonly backend: TrainedModel['backend'];
  readonly record: RunRecord;
  readonly settings: TrainSettings;
  readonly logs: EpochLogs;
  readonly epochsRun: number;
  readonly dataset: StoredDataset;
  /** Rows left out before splitting, and the training split's size: for the model card. */
  readonly droppedRows: number;
  readonly trainRows: number;
  readonly setup: EvaluationSetup;
}

/** Makes `model` the one `predict`, `exportModel` and `evaluate` use (disposing the one before), with what evaluating it needs. */
function hold(
  model: tf.LayersModel,
  {
    runId,
    graph,
    backend,
    record,
    settings,
    logs,
    epochsRun,
    dataset,
    droppedRows,
    trainRows,
    setup: { pipeline, splits },
  }: Held,
): void {
  trained?.model.dispose();
  // The dataset stays in memory with the model: evaluation lists rows with their raw cells.
  const heldOut: HeldOut = { runId, pipeline, dataset, splits };
  trained = {
    model,
    graph,
    pipeline,
    backend,
    record,
    trainSettings: settings,
    finalMetrics: logs,
    epochsRun,
    data: {
      name: dataset.meta.name,
      rows: dataset.meta.rowCount,
      droppedRows,
      split: { train: trainRows, validation: splits.validation.examples.count, test: splits.test.examples.count },
    },
    evaluation: heldOut,
    evaluate: (candidate) => evaluateModel(candidate, { runId, pipeline, dataset, split: 'test', ...splits.test }),
  };
}

/**
 * Loads an imported model; holds it when it takes the project's data (see `importModel` in the
 * protocol). Its layers' shapes come back either way, for the canvas's opaque nodes.
 */
async function importModel({
  runId,
  modelJson,
  weights,
  metadata,
  graph,
  data: config,
  settings,
}: ModelImportRequest): Promise<Result<ImportedModelInfo>> {
  const parsed = parseModelJson(modelJson);
  if (!parsed.ok) return parsed;
  // Before loading: a model's weights live on the backend that is current when it is made.
  const backend = await checkedBackend(
    await initBackend(graph, settings.backend === 'auto' ? {} : { forced: settings.backend }),
  );
  const loaded = await loadImportedModel(parsed.value, weights);
  if (!loaded.ok) return loaded;
  const { model, layerShapes } = loaded.value;
  const usable = await heldOutFor(model, metadata, config);
  if (!usable.ok) {
    model.dispose();
    return { ok: true, value: { layerShapes, notUsable: usable.error } };
  }
  // An imported model was not trained here: its record is this studio's, with the split's seed.
  const record = { seed: config.seed, tfjsVersion: TFJS_VERSION, appVersion: __APP_VERSION__ };
  hold(model, { runId, graph, backend: backend.backend, record, settings, logs: {}, epochsRun: 0, ...usable.value });
  return { ok: true, value: { layerShapes } };
}

/** The project's data set and its held-out splits encoded for the imported model, or why it cannot take them. */
async function heldOutFor(
  model: tf.LayersModel,
  metadata: string | undefined,
  config: DataConfig,
): Promise<Result<{ dataset: StoredDataset; droppedRows: number; trainRows: number; setup: EvaluationSetup }>> {
  if (config.datasetId === null || config.target === null)
    return { ok: false, error: 'choose the data set and target it was trained on' };
  const dataset = await getDataset(config.datasetId);
  if (!dataset) return { ok: false, error: 'the project’s data set is no longer stored in this browser' };
  const saved = metadata === undefined ? undefined : savedPipelineOf(metadata);
  if (saved && !saved.ok) return saved;
  const prepared = prepareTrainingData(dataset, { ...config, target: config.target });
  if (!prepared.ok) return prepared;
  const setup = evaluationSetup(model, saved?.value, dataset, prepared.value);
  if (!setup.ok) return setup;
  return {
    ok: true,
    value: {
      dataset,
      droppedRows: prepared.value.droppedRows,
      trainRows: prepared.value.train.count,
      setup: setup.value,
    },
  };
}

/**
 * Groups a run's batch and epoch callbacks into at most one `train/progress` event per
 * PROGRESS_INTERVAL_MS: a fast run (hundreds of epochs a second) must not flood the UI thread.
 * `flush` sends what is pending, so the last epochs arrive before `train/done`.
 */
function throttledProgress(runId: string, epochs: number, post: (event: TrainEvent) => void) {
  let finishedEpochs: FinishedEpoch[] = [];
  let position: BatchProgress | undefined;
  let lastPostAt = -Infinity;
  const flush = (): void => {
    if (!position) return;
    post({ type: 'train/progress', runId, epochs, ...position, finishedEpochs });
    finishedEpochs = [];
    lastPostAt = position.elapsedMs;
  };
  return {
    batch: (at: BatchProgress): void => {
      position = at;
      if (at.elapsedMs - lastPostAt >= PROGRESS_INTERVAL_MS) flush();
    },
    epoch: (epoch: number, logs: EpochLogs): void => void finishedEpochs.push({ epoch, logs }),
    flush,
  };
}

/** An export's files handed over, not copied again by structured cloning. */
function transferred(exported: ExportedModel): Result<ExportedModel> {
  // Each file's bytes may be a view into a shared buffer (the weight shards): transfer copies.
  const files = exported.files.map(({ name, bytes }) => ({ name, bytes: bytes.slice() }));
  return Comlink.transfer(
    { ok: true, value: { ...exported, files } },
    files.map((file) => file.bytes.buffer as ArrayBuffer),
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An image file's bytes as the model's input pixels: decoded, resized and made grayscale or RGB as the import did. */
async function decodeForModel(pipeline: FittedPipeline, bytes: Uint8Array): Promise<Result<Uint8Array>> {
  const input = imageInputOf(pipeline);
  if (!input) return { ok: false, error: 'This model does not predict from images.' };
  const prepared = await prepareImage(
    { path: 'image', read: async () => ({ ok: true, value: bytes }) },
    decodeImage,
    input.height,
  );
  if (!prepared.ok) return { ok: false, error: `That file cannot be used: ${prepared.reason}.` };
  const pixels = new Uint8Array(input.height * input.width * input.channels);
  fromRgba(prepared.rgba, input.channels === 3 ? 3 : 1, pixels, 0);
  return { ok: true, value: pixels };
}
