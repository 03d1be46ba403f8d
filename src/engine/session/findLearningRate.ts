/** A learning-rate range test on the project's stored data, as a training session starts it. */
import { dataContextFor } from '../../data/preprocess';
import type { Result } from '../../model/result';
import type { LrRangeProgress, LrRangeRequest, LrRangeResult } from '../../sweep/lrRange';
import { initBackend } from '../backend';
import { checkedBackend } from '../backendCheck';
import { lrRangeTest } from '../lrRangeTest';
import { storedData, type DatasetSource } from './heldModel';
import { PROGRESS_INTERVAL_MS } from './progress';

export interface RangeTestControl {
  readonly getDataset: DatasetSource;
  /** At most one call per PROGRESS_INTERVAL_MS, and one after the last step. */
  readonly onProgress: (progress: LrRangeProgress) => void;
  /** True once the test should stop (after the step in progress). */
  shouldStop(): boolean;
}

/**
 * Reads and prepares the data as a run with `request.data` would (same split, pipeline fitted on the training
 * rows), starts the backend a run would choose, and runs the range test on a model of its own: a model the
 * session holds is left alone.
 */
export async function findLearningRate(
  { graph, data: config, settings, range }: LrRangeRequest,
  control: RangeTestControl,
): Promise<Result<LrRangeResult>> {
  const stored = await storedData(control.getDataset, config);
  if (!stored.ok) return stored;
  const { pipeline, train } = stored.value.prepared;
  // Before building: a model's weights live on the backend that is current when it is built.
  await checkedBackend(await initBackend(graph, settings.backend === 'auto' ? {} : { forced: settings.backend }));
  let reportedAt = -Infinity;
  return lrRangeTest({
    graph,
    data: dataContextFor(pipeline),
    settings,
    seed: config.seed,
    train,
    ...(range ? { range } : {}),
    onStep: (step, steps) => {
      const now = performance.now();
      if (now - reportedAt < PROGRESS_INTERVAL_MS && step < steps) return;
      reportedAt = now;
      control.onProgress({ step, steps });
    },
    shouldStop: control.shouldStop,
  });
}
