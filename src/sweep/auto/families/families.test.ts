import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../model/graph';
import { inferGraph } from '../../../model/infer';
import type { DataContext } from '../../../model/task';
import { definedIn } from '../../../test/definedIn';
import { TEMPLATE_CONTEXTS } from '../../../test/templateContexts';
import { snap } from '../../samplers/sampler';
import type { ModelFamily } from './family';
import { familiesFor, modelFamilies, modelFamily } from './index';

const { tabular: IRIS, image: DIGITS, text: WORDS } = TEMPLATE_CONTEXTS;
const MACRO: DataContext = { inputShape: [7], task: 'regression', labels: [] };
const PHOTOS: DataContext = { inputShape: [32, 32, 3], task: 'binary', labels: ['cat', 'dog'] };
const SENTENCES: DataContext = { inputShape: [64], task: 'binary', labels: ['no', 'yes'], vocabularySize: 5000 };
const DATA = { tabular: [IRIS, MACRO], image: [DIGITS, PHOTOS], text: [WORDS, SENTENCES] } as const;

/** Every knob at its low end, at its high end, and at its default. */
function corners(family: ModelFamily): Record<string, number>[] {
  const knobs = Object.entries(family.knobs);
  return [
    Object.fromEntries(knobs.map(([name, knob]) => [name, knob.domain.low])),
    Object.fromEntries(knobs.map(([name, knob]) => [name, snap(knob.domain, knob.domain.high)])),
    {},
  ];
}

function built(family: ModelFamily, data: DataContext, values: Record<string, number>): Graph {
  const graph = family.build(data, values);
  if (!graph.ok) throw new Error(graph.error);
  return graph.value;
}

function isFamily(value: unknown): value is ModelFamily {
  return typeof value === 'object' && value !== null && 'dataKind' in value && 'knobs' in value && 'build' in value;
}

describe('the model family catalog', () => {
  it('lists every family defined in src/sweep/auto/families/, each id once', async () => {
    const defined = await definedIn(import.meta.dirname, isFamily);
    expect(defined.map((f) => f.id).sort()).toEqual(modelFamilies.map((f) => f.id).sort());
    expect(new Set(modelFamilies.map((f) => f.id)).size).toBe(modelFamilies.length);
    for (const family of modelFamilies) expect(modelFamily(family.id)).toBe(family);
    expect(modelFamily('nope')).toBeUndefined();
  });

  it('offers at least two families for each kind of data', () => {
    expect(familiesFor('tabular').map((f) => f.id)).toEqual(['mlp', 'resnet-mini']);
    expect(familiesFor('image').length).toBeGreaterThanOrEqual(2);
    expect(familiesFor('text').map((f) => f.id)).toEqual(['text-cnn', 'lstm', 'transformer']);
  });
});

describe.each(modelFamilies.map((family) => [family.label, family] as const))('the %s family', (_label, family) => {
  it('has a label, help ending with a full stop, and knobs whose defaults lie in their ranges', () => {
    expect(family.label).not.toBe('');
    expect(family.help).toMatch(/\.$/);
    for (const knob of Object.values(family.knobs)) {
      expect(knob.help).toMatch(/\.$/);
      expect(knob.default).toBeGreaterThanOrEqual(knob.domain.low);
      expect(knob.default).toBeLessThanOrEqual(knob.domain.high);
      expect(snap(knob.domain, knob.default)).toBe(knob.default);
      // The Python export writes one model per structural value.
      if (knob.structural) expect(knob.domain.high - knob.domain.low).toBeLessThanOrEqual(4);
    }
  });

  it.each(DATA[family.dataKind].map((data) => [data.inputShape.join('×'), data] as const))(
    'builds a laid-out graph that passes shape inference on %s data, at every corner of its knobs',
    (_shape, data) => {
      for (const values of corners(family)) {
        const graph = built(family, data, values);
        const inference = inferGraph(graph, data);
        expect(inference.canTrain).toBe(true);
        // Small enough to train in the browser in seconds to a minute.
        expect(inference.totalParams).toBeLessThan(400_000);
        const positions = new Set(graph.nodes.map((node) => `${node.position.x},${node.position.y}`));
        expect(positions.size).toBe(graph.nodes.length);
      }
    },
  );

  it('puts each knob bound to a layer param into that param, so the graph and its Python twin agree', () => {
    const data = DATA[family.dataKind][0];
    for (const values of corners(family)) {
      const knobs = family.knobValues(values);
      if (!knobs.ok) throw new Error(knobs.error);
      const graph = built(family, data, values);
      const bindings = family
        .steps(data, knobs.value)
        .flatMap(({ step, bind }) =>
          Object.entries(bind).map(([param, { knob, times }]) => ({ id: step.id, param, knob, times })),
        );
      expect(bindings.length).toBeGreaterThan(0);
      for (const { id, param, knob, times } of bindings) {
        expect(Object.keys(family.knobs)).toContain(knob);
        expect(graph.nodes.find((node) => node.id === id)?.params[param]).toBe(knobs.value[knob]! * times);
      }
    }
  });

  it('grows with its size knobs, and says its size in a few characters', () => {
    const data = DATA[family.dataKind][0];
    const [low, high] = corners(family);
    const params = (values: Record<string, number>) => inferGraph(built(family, data, values), data).totalParams;
    expect(params(high!)).toBeGreaterThan(params(low!));
    const knobs = family.knobValues({});
    if (!knobs.ok) throw new Error(knobs.error);
    expect(family.size(knobs.value).length).toBeLessThan(30);
  });

  it('refuses data of another kind and knob values out of range, with a sentence', () => {
    const other = family.dataKind === 'tabular' ? DIGITS : IRIS;
    expect(family.build(other)).toEqual({
      ok: false,
      error: expect.stringMatching(new RegExp(`^${family.label} is for ${family.dataKind} data; this dataset is`)),
    });
    const [name, knob] = Object.entries(family.knobs)[0]!;
    expect(family.build(DATA[family.dataKind][0], { [name]: knob.domain.high + 1 })).toEqual({
      ok: false,
      error: `${family.label} · ${knob.label}: ${knob.domain.high + 1} is outside [${knob.domain.low}, ${knob.domain.high}].`,
    });
    expect(family.knobValues({ [name]: 'wide' })).toEqual({
      ok: false,
      error: expect.stringContaining('received "wide"'),
    });
  });
});

describe('families in detail', () => {
  it('the MLP has one Dense and one Dropout per unit of depth, all of the width', () => {
    const graph = built(modelFamily('mlp')!, IRIS, { depth: 3, width: 32, dropout: 0.2 });
    const dense = graph.nodes.filter((node) => node.type === 'Dense');
    expect(dense.map((node) => node.params['units'])).toEqual([32, 32, 32]);
    expect(graph.nodes.filter((node) => node.type === 'Dropout').map((node) => node.params['rate'])).toEqual([
      0.2, 0.2, 0.2,
    ]);
  });

  it('ResNet-mini adds each block back to its input', () => {
    const graph = built(modelFamily('resnet-mini')!, IRIS, { blocks: 2 });
    const into = (id: string) => graph.edges.filter((edge) => edge.target === id).map((edge) => edge.source);
    expect(into('add_1')).toEqual(['dense_stem', 'dense_1b']);
    expect(into('add_2')).toEqual(['activation_1', 'dense_2b']);
  });

  it('the CNN doubles its filters each block; the separable CNN needs far fewer weights for the same filters', () => {
    const cnn = built(modelFamily('cnn')!, DIGITS, { blocks: 3, filters: 8 });
    expect(cnn.nodes.filter((node) => node.type === 'Conv2D').map((node) => node.params['filters'])).toEqual([
      8, 16, 32,
    ]);
    const separable = built(modelFamily('separable-cnn')!, DIGITS, { blocks: 3, filters: 32 });
    const conv = built(modelFamily('cnn')!, DIGITS, { blocks: 3, filters: 32 });
    expect(inferGraph(separable, DIGITS).totalParams * 4).toBeLessThan(inferGraph(conv, DIGITS).totalParams);
  });

  it('text families size their Embedding to the vocabulary and the embedding knob', () => {
    for (const family of familiesFor('text')) {
      const graph = built(family, WORDS, { embedding: 24 });
      expect(graph.nodes.find((node) => node.type === 'Embedding')?.params).toMatchObject({
        inputDim: 20,
        outputDim: 24,
      });
    }
  });
});
