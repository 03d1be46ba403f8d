/**
 * A trained model's size and speed (model/measures.ts): its parameters, its TF.js export's size as
 * trained and quantised to uint8 (written as the export writes it), and how long one prediction
 * takes on the backend it is on.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../model/layers/layerKind';
import type { ModelMeasures } from '../model/measures';
import { median } from '../model/statistics';
import { tfjsFileBytes, tfjsLayersFiles } from './export/tfjs';

export interface LatencyOptions {
  /** Predictions timed, at most; 30 by default. */
  readonly predictions?: number;
  /** Predictions run first and not timed: the first ones compile kernels and allocate; 3 by default. */
  readonly warmUp?: number;
  /** Timing stops after this long even if fewer predictions were timed (one always is); 2,000 ms by default. */
  readonly budgetMs?: number;
}

/**
 * Measures `model` on one example (`example` holds exactly one input of `inputShape`). Runs on the
 * current backend, in this thread; the model is left untouched.
 */
export async function measureModel(
  model: tf.LayersModel,
  example: Float32Array,
  inputShape: readonly number[],
  options: LatencyOptions = {},
): Promise<ModelMeasures> {
  const exportBytes = async (precision: 'float32' | 'uint8') =>
    tfjsFileBytes(await tfjsLayersFiles(model, precision)).totalBytes;
  const input = tf.tensor(example, [1, ...inputShape]);
  try {
    return {
      params: model.countParams(),
      float32Bytes: await exportBytes('float32'),
      uint8Bytes: await exportBytes('uint8'),
      latencyMs: await latencyMs(model, input, options),
      // The engine initialises no other backend (engine/backend.ts).
      backend: tf.getBackend() as BackendName,
    };
  } finally {
    input.dispose();
  }
}

/** The median wall time of `model.predict(input)` until its output is read back, as a page waits for it. */
async function latencyMs(
  model: tf.LayersModel,
  input: tf.Tensor,
  { predictions = 30, warmUp = 3, budgetMs = 2000 }: LatencyOptions,
): Promise<number> {
  const predictOnce = async () => {
    const output = model.predict(input);
    const outputs = Array.isArray(output) ? output : [output];
    await Promise.all(outputs.map((tensor) => tensor.data()));
    tf.dispose(outputs);
  };
  for (let i = 0; i < warmUp; i++) await predictOnce();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < predictions && (times.length === 0 || performance.now() - started < budgetMs)) {
    const before = performance.now();
    await predictOnce();
    times.push(performance.now() - before);
  }
  return median(times);
}
