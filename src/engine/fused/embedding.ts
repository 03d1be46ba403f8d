/**
 * Embedding through one forward and one backward kernel where the backend has them (wasm:
 * ../kernels/embedding.ts). Elsewhere the layer's own call runs.
 */
import * as tf from '@tensorflow/tfjs';
import { EMBEDDING, EMBEDDING_GRAD } from '../kernels/embedding';
import type { FusedLayer } from './fusedLayer';
import { backendHas, replaceCall } from './fusedCall';

/** The field of tfjs's Embedding the fused call reads. */
interface EmbeddingFields {
  readonly embeddings: { read(): tf.Tensor } | null;
}

export const fusedEmbedding: FusedLayer = {
  className: 'Embedding',
  fuse(layer) {
    replaceCall<EmbeddingFields>(layer, (ids, { embeddings }) => {
      if ((ids.dtype !== 'float32' && ids.dtype !== 'int32') || !embeddings || !backendHas(EMBEDDING, EMBEDDING_GRAD))
        return undefined;
      const table = embeddings.read();
      return tf.engine().runKernel(EMBEDDING, { ids, table }, { vocabulary: table.shape[0]! }) as tf.Tensor;
    });
  },
};
