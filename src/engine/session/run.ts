/** One training run, from stored rows to a trained model, as a training session starts it. */
import type * as tf from '@tensorflow/tfjs';
import { dataContextFor } from '../../data/preprocess';
import { KEPT_MODEL_EXPORT, type ExportFile } from '../../model/modelExport';
import type { TrainEvent, TrainRequest } from '../../model/run';
import { DEVICE_LOSS_GRACE_MS, deviceLost, initBackend, lostWithin, TFJS_VERSION } from '../backend';
import { checkedBackend } from '../backendCheck';
import { buildModel } from '../build';
import { buffersOf } from '../checkpoint';
import { copyMatchingWeights } from '../importModel';
import { exportModel } from '../export/exportModel';
import { measureModel } from '../measure';
import { trainModel } from '../train';
import { metricsOf, teach } from './distilling';
import { storedData, type DatasetSource, type Held, type HeldModel } from './heldModel';
import { throttledProgress } from './progress';

/** Posts one of the run's events, its buffers transferred. */
export type PostEvent = (event: TrainEvent, transfer?: Transferable[]) => void;

/** Files whose bytes each own their buffer, to transfer: an export's may be views into one shared buffer (the weight shards). */
export const ownBuffers = (files: readonly ExportFile[]): ExportFile[] =>
  files.map(({ name, bytes }) => ({ name, bytes: bytes.slice() }));

/** What a run asks of the session that holds it. */
export interface RunControl {
  readonly getDataset: DatasetSource;
  /** Training time between checkpoints: a slow epoch gets its own; fast ones share one. */
  readonly checkpointEveryMs: number;
  /** True once the run should stop (after the batch in progress). */
  shouldStop(): boolean;
  /** While the run should pause (and not stop): a promise that settles when it may go on; else undefined. */
  pauseWait(): Promise<void> | undefined;
  /** The model imported as `runId`, while the session still holds it: where a fine-tuning run starts from. */
  imported(runId: string): tf.LayersModel | undefined;
  /** The model the session holds: a distilling run's teacher. */
  teacher(): HeldModel | undefined;
  /** Keeps the trained model (for predict, export, evaluate), replacing the one held before; returns it as held. */
  hold(model: tf.LayersModel, held: Held): HeldModel;
}

/**
 * Runs `request`: reads and prepares the data, starts the backend, builds, trains and holds the
 * model, posting the run's events and ending with `train/done` or `train/error`. Person-facing
 * failures are posted, not thrown; it throws only what nothing expected.
 */
export async function runTraining(
  {
    runId,
    graph,
    data: config,
    settings,
    gpuReserved,
    threadBudget,
    startFrom,
    resume,
    measure,
    keepModel,
    distill,
    fold,
  }: TrainRequest,
  post: PostEvent,
  control: RunControl,
): Promise<void> {
  const fail = (message: string): void => post({ type: 'train/error', runId, message });
  const stored = await storedData(control.getDataset, config, fold);
  if (!stored.ok) return fail(stored.error);
  const { dataset, prepared } = stored.value;
  const { pipeline, train, validation, validationRows, test, testRows, droppedRows, folds } = prepared;
  const data = dataContextFor(pipeline);
  // Before the student's backend starts: the teacher's weights live on the backend it was made on.
  const teaching = distill
    ? await teach(control.teacher(), distill, { datasetId: dataset.meta.id, pipeline, train })
    : undefined;
  if (teaching && !teaching.ok) return fail(teaching.error);

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
  // has ended, a later loss posts nothing (the session's post ends a run once).
  void lost?.then(postLoss);

  const built = buildModel(graph, data, { seed: config.seed });
  if (!built.ok) return fail(built.error);
  const model = built.value;
  // A run resumed after a crash starts from its checkpoint, which already holds what it fine-tuned.
  if (startFrom !== undefined && resume === undefined) {
    const imported = control.imported(startFrom);
    if (!imported) {
      model.dispose();
      return fail('The imported model is no longer loaded, so there are no weights to start from: import it again.');
    }
    copyMatchingWeights(imported, model);
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
      ...(teaching
        ? { distill: { settings: teaching.value.settings, teacherOutputs: teaching.value.teacherOutputs } }
        : {}),
      checkpoints: {
        due: () => performance.now() - checkpointAt >= control.checkpointEveryMs,
        save: (checkpoint) => {
          checkpointAt = performance.now();
          // The epochs up to the checkpoint's arrive first.
          progress.flush();
          post({ type: 'train/checkpoint', runId, checkpoint }, buffersOf(checkpoint.weights, checkpoint.bestWeights));
        },
      },
      shouldStop: control.shouldStop,
      pauseGate: () => {
        const wait = control.pauseWait();
        if (!wait) return undefined;
        // The counters shown while paused are where the run stopped, not where it was 100 ms earlier.
        progress.flush();
        post({ type: 'train/paused', runId });
        return wait;
      },
    });
    progress.flush();
    if (!outcome.ok) {
      model.dispose();
      return fail(outcome.error);
    }
    // Measured before the session holds it: a run that fails here leaves the previous model held.
    const measures =
      measure || teaching
        ? await measureModel(
            model,
            // A validation example if there is one; training has at least one.
            (validation.count > 0 ? validation : train).x.subarray(0, pipeline.inputSize),
            pipeline.inputShape,
          )
        : undefined;
    const splits = {
      validation: { examples: validation, rows: validationRows },
      test: { examples: test, rows: testRows },
    };
    const distillation = teaching &&
      measures && {
        settings: teaching.value.settings,
        teacherRunId: teaching.value.teacherRunId,
        teacher: teaching.value.teacher,
        student: { metrics: await metricsOf(model, { runId, pipeline, dataset, splits }), measures },
      };
    const held = control.hold(model, {
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
      setup: { pipeline, splits },
      reference: { trainRows: prepared.trainRows },
      withoutMetadata: false,
    });
    // A model that cannot be written still ends the run; its user trains it again.
    const kept = keepModel ? await exportModel(held, KEPT_MODEL_EXPORT).catch(() => undefined) : undefined;
    const files = kept?.ok ? ownBuffers(kept.value.files) : undefined;
    post(
      {
        type: 'train/done',
        runId,
        ...outcome.value,
        ...(measures && { measures }),
        ...(distillation && { distillation }),
        ...(folds && { folds }),
        ...(files && { model: files }),
      },
      files?.map((file) => file.bytes.buffer as ArrayBuffer),
    );
  } catch (error) {
    model.dispose();
    // A lost device fails the read in flight before `device.lost` settles: the loss, which the
    // studio recovers from, is what ended the run, not the failed read.
    const detail = lost && (await lostWithin(lost, DEVICE_LOSS_GRACE_MS));
    if (detail !== undefined) return postLoss(detail);
    throw error;
  }
}
