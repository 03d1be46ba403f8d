import { readdirSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { getLayerKind, layerKinds, type LayerType } from './index';
import type { LayerKind } from './layerKind';

function isLayerKind(value: unknown): value is LayerKind {
  return typeof value === 'object' && value !== null && 'type' in value && 'inferShape' in value && 'build' in value;
}

describe('the layer catalog', () => {
  it('lists every kind defined in src/model/layers/', async () => {
    const files = readdirSync(import.meta.dirname).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
    );
    const defined: LayerKind[] = [];
    for (const file of files) {
      const module: Record<string, unknown> = await import(`./${file}`);
      defined.push(...Object.values(module).filter(isLayerKind));
    }
    expect(defined.map((k) => k.type).sort()).toEqual(layerKinds.map((k) => k.type).sort());
    for (const kind of defined) expect(layerKinds).toContain(kind);
  });

  it('gives each kind a distinct type and finds it by that type', () => {
    expect(new Set(layerKinds.map((k) => k.type)).size).toBe(layerKinds.length);
    for (const kind of layerKinds) expect(getLayerKind(kind.type)).toBe(kind);
    expect(getLayerKind('NoSuchLayer')).toBeUndefined();
    expect(getLayerKind('toString')).toBeUndefined();
  });

  it('derives the LayerType union from the catalog', () => {
    expectTypeOf<LayerType>().toEqualTypeOf<
      | 'InputLayer'
      | 'Dense'
      | 'Dropout'
      | 'Activation'
      | 'Output'
      | 'BatchNormalization'
      | 'LayerNormalization'
      | 'Flatten'
      | 'Reshape'
      | 'Conv1D'
      | 'Conv2D'
      | 'DepthwiseConv2D'
      | 'SeparableConv2D'
      | 'Conv2DTranspose'
      | 'MaxPooling1D'
      | 'MaxPooling2D'
      | 'AveragePooling1D'
      | 'AveragePooling2D'
      | 'GlobalMaxPooling1D'
      | 'GlobalMaxPooling2D'
      | 'GlobalAveragePooling1D'
      | 'GlobalAveragePooling2D'
      | 'Embedding'
      | 'PositionalEmbedding'
      | 'SimpleRNN'
      | 'LSTM'
      | 'GRU'
      | 'Bidirectional'
      | 'MultiHeadAttention'
      | 'Add'
      | 'Multiply'
      | 'Concatenate'
      | 'Opaque'
    >();
  });
});
