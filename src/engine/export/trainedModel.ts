/**
 * A trained model with everything an export writes beside its weights: the graph, the fitted
 * pipeline, the run's record and settings, the data it was trained on and a way to measure it on
 * the test split. The training session holds one after each run (session/heldModel.ts); export/*.ts
 * only read it.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ReferenceProfile } from '../../data/monitor/profile';
import type { ModelCardInput } from '../../model/card/modelCard';
import type { Evaluation } from '../../model/evaluation';
import type { Graph } from '../../model/graph';
import type { Result } from '../../model/result';
import type { MetadataInput } from './metadata';

export interface TrainedModel extends MetadataInput {
  readonly model: tf.LayersModel;
  /** The graph the model was built from (the Keras script is written from it). */
  readonly graph: Graph;
  /**
   * An imported model that came without its metadata.json: `pipeline` was fitted on the current
   * data for it, so nothing says how its inputs were prepared in training (formats that say
   * `needsSavedPipeline` refuse it).
   */
  readonly withoutMetadata: boolean;
  /** Epochs the run trained (early stopping or stop may end it before `trainSettings.epochs`). */
  readonly epochsRun: number;
  /** The data set and its split, for the model card. */
  readonly data: ModelCardInput['data'];
  /** The model, or a pruned or quantised copy of it, evaluated on the held-out test split. */
  readonly evaluate: (model: tf.LayersModel) => Promise<Result<Evaluation>>;
  /** The training data's reference profile for monitoring (computed once, when first asked), or why there is none. */
  readonly reference: () => Promise<Result<ReferenceProfile>>;
}
