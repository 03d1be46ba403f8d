/** The data report's feature ranking on the project's stored data, as a training session starts it. */
import { rankingSplit, type FeatureRanking, type RankingProgress } from '../../data/featureRanking';
import type { DataConfig } from '../../data/schema';
import type { BackendChoice } from '../../model/project';
import type { Result } from '../../model/result';
import { initBackend } from '../backend';
import { checkedBackend } from '../backendCheck';
import { permutationImportance, quickModelGraph } from '../featureImportance';
import { storedData, type DatasetSource } from './heldModel';
import { PROGRESS_INTERVAL_MS } from './progress';

export interface RankingControl {
  readonly getDataset: DatasetSource;
  /** At most one call per PROGRESS_INTERVAL_MS, and one after the last step. */
  readonly onProgress: (progress: RankingProgress) => void;
}

/**
 * Reads and prepares the data as a run with `config` would (same split, pipeline fitted on the training
 * rows), starts the backend a run of the quick model would (the `backend` the person forced, as training
 * honours it, falling back with the reason when it cannot), and ranks the columns with a model of its own:
 * a model the session holds is left alone.
 */
export async function rankFeatures(
  config: DataConfig,
  backend: BackendChoice,
  control: RankingControl,
): Promise<Result<FeatureRanking>> {
  const stored = await storedData(control.getDataset, config);
  if (!stored.ok) return stored;
  const { pipeline, train, validation } = stored.value.prepared;
  const graph = quickModelGraph(pipeline);
  if (!graph.ok) return graph;
  // Before building: a model's weights live on the backend that is current when it is built.
  await checkedBackend(await initBackend(graph.value, backend === 'auto' ? {} : { forced: backend }));
  let reportedAt = -Infinity;
  const ranked = await permutationImportance({
    pipeline,
    train,
    validation,
    seed: config.seed,
    onStep: (done, steps) => {
      const now = performance.now();
      if (now - reportedAt < PROGRESS_INTERVAL_MS && done < steps) return;
      reportedAt = now;
      control.onProgress({ done, steps });
    },
  });
  return ranked.ok
    ? {
        ok: true,
        value: {
          datasetId: stored.value.dataset.meta.id,
          target: pipeline.target.name,
          rows: stored.value.dataset.meta.rowCount,
          split: rankingSplit(config),
          ...ranked.value,
        },
      }
    : ranked;
}
