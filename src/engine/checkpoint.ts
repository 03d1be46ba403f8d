/**
 * A model's weights as plain buffers and back: what a checkpoint carries from the training worker
 * to the studio, and into a fresh worker when the first one crashed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Result } from '../model/result';
import type { SavedTensor } from '../model/run';

/**
 * `tensors` (the model's weights by default; or values for them, in `model.weights` order) as
 * buffers of their own, ready to transfer. cpu's `data()` hands out the tensor's own storage, and
 * webgpu's its CPU-side cache: transferring those would empty live tensors, so each is copied once.
 */
export async function saveWeights(
  model: tf.LayersModel,
  tensors: readonly tf.Tensor[] = model.weights.map((w) => w.read()),
): Promise<SavedTensor[]> {
  const names = model.weights.map((w) => w.name);
  return Promise.all(
    tensors.map(async (tensor, i) => {
      if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32')
        throw new Error(`Weight ${names[i]} is ${tensor.dtype}; checkpoints hold float32 and int32 weights.`);
      const values = (await tensor.data<'float32' | 'int32'>()).slice();
      return { name: names[i]!, shape: tensor.shape, dtype: tensor.dtype, buffer: values.buffer as ArrayBuffer };
    }),
  );
}

/** Saved weights as tensors for `model` (in `model.weights` order), or why they do not fit it. */
export function loadWeights(model: tf.LayersModel, saved: readonly SavedTensor[]): Result<tf.Tensor[]> {
  const weights = model.weights;
  const misfit = (why: string): Result<tf.Tensor[]> => ({
    ok: false,
    error: `The checkpoint does not fit this model: ${why}.`,
  });
  if (saved.length !== weights.length)
    return misfit(`it holds ${saved.length} weights, the model has ${weights.length}`);
  for (const [i, weight] of weights.entries()) {
    const { name, shape, dtype } = saved[i]!;
    if (
      dtype !== weight.dtype ||
      shape.length !== weight.shape.length ||
      shape.some((size, axis) => size !== weight.shape[axis])
    ) {
      return misfit(
        `${name} is ${dtype} [${shape.join(', ')}], where ${weight.name} is ${weight.dtype} [${weight.shape.join(', ')}]`,
      );
    }
  }
  return {
    ok: true,
    value: saved.map(({ buffer, shape, dtype }) =>
      tf.tensor(dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer), [...shape], dtype),
    ),
  };
}

/** The buffers to transfer with a message that carries `saved`. */
export function buffersOf(...saved: readonly (readonly SavedTensor[] | undefined)[]): ArrayBuffer[] {
  return saved.flatMap((tensors) => (tensors ?? []).map((t) => t.buffer));
}
