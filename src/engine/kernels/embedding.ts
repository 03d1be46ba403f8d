/**
 * An Embedding's lookup on wasm as one kernel forward and one backward (fused/embedding.ts puts
 * them in Embedding layers). tfjs's layer casts the ids, flattens them, gathers and reshapes, each
 * saving its inputs for the tape, and its gather's gradient reshapes and transposes around an
 * UnsortedSegmentSum: ~17 kernels for a lookup. These take the ids as the model gets them (float32
 * token ids, or int32), truncated to integers as tfjs's cast does.
 */
import * as tf from '@tensorflow/tfjs';
import { addressOf, heapOf, simdKernels, type WasmBackend } from './wasmModule';

/** Inputs {ids [...], table [vocabulary, dim]}; attrs {vocabulary} (for the gradient); output [..., dim]: row ids[i] of the table for each id. */
export const EMBEDDING = 'TensorloomEmbedding';
/** Inputs {dy [..., dim], ids}; attrs {vocabulary}; output dTable [vocabulary, dim]: each id's rows of dy summed. */
export const EMBEDDING_GRAD = 'TensorloomEmbeddingGrad';

/** Checks that every id, truncated to an integer, is a row of the table; returns how many there are. */
function checkIds(backend: WasmBackend, ids: tf.TensorInfo, vocabulary: number): number {
  const count = ids.shape.reduce((a, b) => a * b, 1);
  const at = addressOf(backend, ids);
  const values =
    ids.dtype === 'int32' ? new Int32Array(heapOf(backend), at, count) : new Float32Array(heapOf(backend), at, count);
  for (let i = 0; i < count; i++) {
    const id = Math.trunc(values[i]!);
    // The words of tfjs's gather, which the layer's own call runs.
    if (!(id >= 0 && id <= vocabulary - 1))
      throw new Error(`GatherV2: the index value ${id} is not in [0, ${vocabulary - 1}]`);
  }
  return count;
}

export const embeddingKernel: tf.KernelFunc = ({ inputs, backend: untyped }) => {
  const { ids, table } = inputs as { ids: tf.TensorInfo; table: tf.TensorInfo };
  const backend = untyped as unknown as WasmBackend;
  const [vocabulary, dim] = table.shape as [number, number];
  const out = backend.makeOutput([...ids.shape, dim], 'float32');
  // Read after makeOutput, which may grow (and so detach) the heap.
  const count = checkIds(backend, ids, vocabulary);
  simdKernels().gatherRows(
    addressOf(backend, ids),
    ids.dtype === 'int32',
    count,
    addressOf(backend, table),
    dim,
    addressOf(backend, out),
  );
  return out;
};

export const embeddingGradKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { dy, ids } = inputs as { dy: tf.TensorInfo; ids: tf.TensorInfo };
  const { vocabulary } = attrs as unknown as { vocabulary: number };
  const backend = untyped as unknown as WasmBackend;
  const dim = dy.shape.at(-1)!;
  const dTable = backend.makeOutput([vocabulary, dim], 'float32');
  const count = checkIds(backend, ids, vocabulary);
  // In token order, as tfjs's UnsortedSegmentSum adds them: the same sums to the last bit.
  simdKernels().scatterAddRows(
    addressOf(backend, ids),
    ids.dtype === 'int32',
    count,
    addressOf(backend, dy),
    dim,
    vocabulary,
    addressOf(backend, dTable),
  );
  return dTable;
};
/** EMBEDDING's gradient: the table's; ids, being indices, have none (zeros, as for tfjs's cast). */
export const embeddingGradient: tf.GradConfig = {
  kernelName: EMBEDDING,
  inputsToSave: ['ids'],
  gradFunc: (dy, saved, attrs) => {
    const [ids] = saved as [tf.Tensor];
    return {
      ids: () => tf.zerosLike(ids),
      table: () => tf.engine().runKernel(EMBEDDING_GRAD, { dy: dy as tf.Tensor, ids }, attrs) as tf.Tensor,
    };
  },
};
