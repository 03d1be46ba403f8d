import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { dropout } from '../model/layers/dropout';
import { defaultParams } from '../model/layers/layerKind';
import { newProject, parseProject, type Project } from '../model/project';
import { defaultGraph } from '../model/templates';
import { applyParams, paramLabel, proposeRange, proposeSpace, searchableParams, spaceProblems } from './space';
import type { SearchSpace } from './studyConfig';

/** Input → Dense → Dropout → Output. */
function project(): Project {
  const base = newProject(defaultGraph(), DEFAULT_DATA_CONFIG);
  const nodes = [
    ...base.graph.nodes,
    { id: 'drop', type: dropout.type, params: defaultParams(dropout), position: { x: 0, y: 200 } },
  ];
  return { ...base, graph: { ...base.graph, nodes } };
}

const messages = (space: SearchSpace, p = project()) => spaceProblems(space, p).map((problem) => problem.message);

describe('proposing a space', () => {
  it('offers the training settings and every param of the hidden layers, not the input or output', () => {
    const paths = searchableParams(project()).map((param) => param.path);
    expect(paths).toContain('training.learningRate');
    expect(paths).toContain('training.optimizer');
    expect(paths).toContain('nodes.dense_1.params.units');
    expect(paths).toContain('nodes.drop.params.rate');
    expect(paths.some((path) => path.startsWith('nodes.input.') || path.startsWith('nodes.output.'))).toBe(false);
  });

  it('names params as the Train view and the Inspector do: the setting, or the layer and its param', () => {
    const p = project();
    const labels = new Map(searchableParams(p).map((param) => [param.path, param.label]));
    expect(labels.get('training.learningRate')).toBe('Learning rate');
    expect(labels.get('training.optimizer')).toBe('Optimiser');
    expect(labels.get('nodes.dense_1.params.units')).toBe('dense_1 · Units');
    expect(labels.get('nodes.dense_1.params.useBias')).toBe('dense_1 · Use bias');
    expect(labels.get('nodes.dense_1.params.l2')).toBe('dense_1 · L2 penalty');
    expect(paramLabel(p, 'training.batchSize')).toBe('Batch size');
    // A layer removed since the sweep started is still named, from its path.
    expect(paramLabel(p, 'nodes.gone.params.units')).toBe('gone · units');
  });

  it('proposes learning rate, batch size and the tunable numeric layer params, each a valid range', () => {
    const p = project();
    const space = proposeSpace(p);
    expect(space.map((param) => param.path)).toEqual([
      'training.learningRate',
      'training.batchSize',
      'nodes.dense_1.params.units',
      'nodes.drop.params.rate',
    ]);
    expect(spaceProblems(space, p)).toEqual([]);
    expect(space[0]!.domain).toMatchObject({ type: 'float', log: true });
  });

  it('ranges a log int around its current value and keeps it within the schema', () => {
    const p = project();
    const units = proposeRange(p, 'nodes.dense_1.params.units');
    expect(units).toEqual({ ok: true, value: { type: 'int', low: 4, high: 64, log: true, step: 1 } });
    const optimizer = proposeRange(p, 'training.optimizer');
    expect(optimizer.ok && optimizer.value.type === 'categorical' && optimizer.value.choices).toContain('adamw');
    const rate = proposeRange(p, 'nodes.drop.params.rate');
    expect(rate).toEqual({ ok: true, value: { type: 'float', low: 0, high: 0.99, log: false, step: 0.01 } });
  });
});

describe('checking a space', () => {
  const units = 'nodes.dense_1.params.units';

  it('refuses an empty space', () => {
    expect(messages([])).toEqual(['The search space is empty: add at least one parameter to vary.']);
  });

  it('refuses a low end above the high end', () => {
    expect(messages([{ path: units, domain: { type: 'int', low: 64, high: 8, log: false, step: 1 } }])).toEqual([
      'dense_1 · Units: the low end (64) is above the high end (8).',
    ]);
  });

  it('refuses a log range that includes 0 or negatives', () => {
    expect(
      messages([{ path: 'training.learningRate', domain: { type: 'float', low: 0, high: 0.1, log: true } }]),
    ).toEqual(['Learning rate: a log range must stay above 0; it starts at 0.']);
    expect(
      messages([{ path: 'nodes.drop.params.rate', domain: { type: 'float', low: -0.5, high: 0.5, log: true } }])[0],
    ).toMatch(/log range must stay above 0/);
  });

  it('refuses a categorical with no choices, or with a choice the setting cannot take', () => {
    expect(messages([{ path: 'training.optimizer', domain: { type: 'categorical', choices: [] } }])).toEqual([
      'Optimiser: give at least one choice.',
    ]);
    expect(
      messages([{ path: 'training.optimizer', domain: { type: 'categorical', choices: ['adam', 'lion'] } }])[0],
    ).toMatch(/"lion" is not one of adam/);
  });

  it('refuses a layer that is no longer in the graph, and a param its kind lacks', () => {
    const p = project();
    const space: SearchSpace = [
      { path: 'nodes.drop.params.rate', domain: { type: 'float', low: 0, high: 0.5, log: false } },
    ];
    expect(spaceProblems(space, p)).toEqual([]);
    const without = { ...p, graph: { ...p.graph, nodes: p.graph.nodes.filter((n) => n.id !== 'drop') } };
    expect(messages(space, without)).toEqual([
      'The layer "drop" is no longer in the model; remove rate of drop from the sweep.',
    ]);
    expect(
      messages([
        { path: 'nodes.dense_1.params.filters', domain: { type: 'int', low: 1, high: 8, log: false, step: 1 } },
      ]),
    ).toEqual(['The layer "dense_1" (Dense) has no parameter "filters".']);
    expect(
      messages([{ path: 'training.seed', domain: { type: 'int', low: 1, high: 8, log: false, step: 1 } }])[0],
    ).toMatch(/not a training setting/);
  });

  it('refuses ranges beyond the schema, fractional int ends, floats for ints and steps on log ranges', () => {
    expect(messages([{ path: units, domain: { type: 'int', low: 0, high: 8, log: false, step: 1 } }])).toEqual([
      'dense_1 · Units: the range must stay within [1, 65536].',
    ]);
    expect(messages([{ path: units, domain: { type: 'int', low: 1.5, high: 8, log: false, step: 1 } }])[0]).toMatch(
      /whole-number ends/,
    );
    expect(messages([{ path: units, domain: { type: 'float', low: 1, high: 8, log: false } }])[0]).toMatch(
      /whole number: search it as an int/,
    );
    expect(messages([{ path: units, domain: { type: 'int', low: 2, high: 64, log: true, step: 2 } }])[0]).toMatch(
      /log range cannot have a step/,
    );
    expect(
      messages([
        { path: units, domain: { type: 'int', low: 2, high: 8, log: true, step: 1 } },
        { path: units, domain: { type: 'int', low: 2, high: 8, log: true, step: 1 } },
      ]),
    ).toEqual(['dense_1 · Units is in the space twice.']);
  });
});

describe('applyParams', () => {
  it('writes training settings and layer params into a new project that still parses', () => {
    const p = project();
    const result = applyParams(p, {
      'training.learningRate': 0.003,
      'training.optimizer': 'sgd',
      'nodes.dense_1.params.units': 48,
      'nodes.drop.params.rate': 0.25,
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.value.training.learningRate).toBe(0.003);
    expect(result.value.training.optimizer).toBe('sgd');
    expect(result.value.graph.nodes.find((n) => n.id === 'dense_1')!.params.units).toBe(48);
    expect(result.value.graph.nodes.find((n) => n.id === 'drop')!.params.rate).toBe(0.25);
    expect(p.training.learningRate).toBe(0.01);
    expect(p.graph.nodes.find((n) => n.id === 'dense_1')!.params.units).toBe(16);
    expect(parseProject(JSON.parse(JSON.stringify(result.value))).ok).toBe(true);
  });

  it('refuses a path that leads nowhere or a value the schema rejects, leaving the project as it was', () => {
    const p = project();
    expect(applyParams(p, { 'nodes.gone.params.units': 8 })).toEqual({
      ok: false,
      error: 'The layer "gone" is no longer in the model; remove units of gone from the sweep.',
    });
    expect(applyParams(p, { 'nodes.dense_1.params.units': 0 })).toEqual({
      ok: false,
      error: 'dense_1 · Units: 0 is outside [1, 65536].',
    });
  });
});
