import type * as tf from '@tensorflow/tfjs';

/** Registers TensorloomMultiHeadAttention and TensorloomPositionalEmbedding with `tf`'s serialization, so tf.loadLayersModel knows them. */
export function registerTensorloomLayers(tfjs: typeof tf): void;
