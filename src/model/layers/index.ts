import { activation } from './activation';
import { add } from './add';
import { averagePooling1d } from './averagePooling1d';
import { averagePooling2d } from './averagePooling2d';
import { batchNormalization } from './batchNormalization';
import { bidirectional } from './bidirectional';
import { concatenate } from './concatenate';
import { conv1d } from './conv1d';
import { conv2d } from './conv2d';
import { conv2dTranspose } from './conv2dTranspose';
import { dense } from './dense';
import { depthwiseConv2d } from './depthwiseConv2d';
import { dropout } from './dropout';
import { embedding } from './embedding';
import { flatten } from './flatten';
import { globalAveragePooling1d } from './globalAveragePooling1d';
import { globalAveragePooling2d } from './globalAveragePooling2d';
import { globalMaxPooling1d } from './globalMaxPooling1d';
import { globalMaxPooling2d } from './globalMaxPooling2d';
import { gru } from './gru';
import { input } from './input';
import type { LayerKind } from './layerKind';
import { layerNormalization } from './layerNormalization';
import { lstm } from './lstm';
import { maxPooling1d } from './maxPooling1d';
import { maxPooling2d } from './maxPooling2d';
import { multiHeadAttention } from './multiHeadAttention';
import { multiply } from './multiply';
import { opaque } from './opaque';
import { output } from './output';
import { positionalEmbedding } from './positionalEmbedding';
import { reshape } from './reshape';
import { separableConv2d } from './separableConv2d';
import { simpleRnn } from './simpleRnn';

/**
 * Every layer kind the studio offers, in palette order. Adding a kind means adding it here;
 * nothing registers itself on import (see README.md).
 */
export const layerKinds = [
  input,
  dense,
  dropout,
  activation,
  output,
  batchNormalization,
  layerNormalization,
  flatten,
  reshape,
  conv1d,
  conv2d,
  depthwiseConv2d,
  separableConv2d,
  conv2dTranspose,
  maxPooling1d,
  maxPooling2d,
  averagePooling1d,
  averagePooling2d,
  globalMaxPooling1d,
  globalMaxPooling2d,
  globalAveragePooling1d,
  globalAveragePooling2d,
  embedding,
  positionalEmbedding,
  simpleRnn,
  lstm,
  gru,
  bidirectional,
  multiHeadAttention,
  add,
  multiply,
  concatenate,
  opaque,
] as const;

export type LayerType = (typeof layerKinds)[number]['type'];

const byType: ReadonlyMap<string, LayerKind> = new Map(layerKinds.map((kind) => [kind.type, kind]));

/** The kind saved under `type` in a graph; undefined for a type this version does not know. */
export function getLayerKind(type: string): LayerKind | undefined {
  return byType.get(type);
}
