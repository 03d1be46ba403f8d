import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../../data/schema';
import { inferGraph } from '../../model/infer';
import { proposeStudent } from '../../model/student';
import { newProject, parseProject } from '../../model/project';
import type { DataContext } from '../../model/task';
import { defaultGraph } from '../../model/templates';
import { LEARNING_RATE_SWEEP } from '../../test/sweepConfig';
import { activeSpace } from '../conditions';
import { sampleActive } from '../samplers/conditional';
import { randomSampler } from '../samplers/random';
import { applyParams, paramLabel, type Params } from '../space';
import { checkConfig, parseJournal } from '../study';
import type { SearchSpace, StudyConfig } from '../studyConfig';
import {
  AUTO_EPOCHS,
  autoMismatch,
  autoSpace,
  candidateFamily,
  candidateLabel,
  candidateParamCount,
  candidateProject,
  distilledFrom,
  studentParams,
  centredLearningRate,
  proposedLearningRates,
} from './autoSpace';
import { learningRatePath } from './families/family';
import { familiesFor } from './families';

const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };
const DIGITS: DataContext = { inputShape: [8, 8, 1], task: 'multiclass', labels: '0123456789'.split('') };
const WORDS: DataContext = { inputShape: [16], task: 'binary', labels: ['dutch', 'german'], vocabularySize: 40 };
const BASE = newProject(defaultGraph(), DEFAULT_DATA_CONFIG);

function spaceFor(data: DataContext): SearchSpace {
  const space = autoSpace(data);
  if (!space.ok) throw new Error(space.error);
  return space.value;
}

const configFor = (space: SearchSpace): StudyConfig => ({
  ...LEARNING_RATE_SWEEP,
  space,
  sampler: 'tpe',
  budget: { minutes: 3 },
});

describe('autoSpace', () => {
  it.each([
    ['tabular', IRIS],
    ['image', DIGITS],
    ['text', WORDS],
  ] as const)(
    'for %s data: the families for it, the training knobs, each family’s knobs conditional on it',
    (kind, data) => {
      const space = spaceFor(data);
      const families = familiesFor(kind);
      expect(space[0]).toEqual({
        path: 'auto.family',
        domain: { type: 'categorical', choices: families.map((f) => f.id) },
      });
      expect(space.map((p) => p.path)).toContain('training.learningRate');
      for (const family of families)
        for (const name of Object.keys(family.knobs))
          expect(space.find((p) => p.path === `auto.${family.id}.${name}`)?.when).toEqual({
            path: 'auto.family',
            values: [family.id],
          });
      expect(checkConfig(configFor(space), BASE)).toEqual({ ok: true, value: configFor(space) });
    },
  );

  it('is stored in a journal and read back with its conditions', () => {
    const config = configFor(spaceFor(IRIS));
    const journal = parseJournal(JSON.parse(JSON.stringify([{ type: 'created', at: 0, config }])));
    expect(journal.ok && journal.value[0]).toEqual({ type: 'created', at: 0, config });
  });

  it('searches how many ranked columns to keep — all, half, a quarter — for a table of at least 4 ranked columns', () => {
    const order = ['petal_length', 'petal_width', 'sepal_length', 'sepal_width'];
    const ranked = autoSpace(IRIS, order);
    if (!ranked.ok) throw new Error(ranked.error);
    expect(ranked.value.find((p) => p.path === 'auto.keepFeatures')).toEqual({
      path: 'auto.keepFeatures',
      domain: { type: 'categorical', choices: [4, 2, 1] },
    });
    expect(checkConfig(configFor(ranked.value), BASE).ok).toBe(true);
    expect(paramLabel(BASE, 'auto.keepFeatures')).toBe('Top features kept');
    const config = { ...configFor(ranked.value), featureOrder: order };
    const journal = parseJournal(JSON.parse(JSON.stringify([{ type: 'created', at: 0, config }])));
    expect(journal.ok && journal.value[0]).toEqual({ type: 'created', at: 0, config });
    for (const [data, features] of [
      [IRIS, order.slice(0, 3)],
      [DIGITS, order],
    ] as const) {
      const space = autoSpace(data, features);
      expect(space.ok && space.value.some((p) => p.path === 'auto.keepFeatures')).toBe(false);
    }
  });

  it('says why there is nothing to search without data, or for data of no known kind', () => {
    expect(autoSpace(null)).toEqual({ ok: false, error: 'Choose a dataset and target first.' });
    const sequences: DataContext = { inputShape: [8, 3], task: 'binary', labels: ['no', 'yes'] };
    expect(autoMismatch(sequences)).toMatch(/^Auto has no model family for this data/);
    expect(autoSpace(sequences).ok).toBe(false);
  });

  it('names its params in people’s words', () => {
    expect(paramLabel(BASE, 'auto.family')).toBe('Family');
    expect(paramLabel(BASE, 'auto.mlp.width')).toBe('MLP · Width');
    expect(paramLabel(BASE, 'auto.resnet-mini.blocks')).toBe('ResNet-mini · Blocks');
  });

  it('checkConfig names what is wrong with a hand-edited Auto space', () => {
    const space = spaceFor(IRIS);
    const widened = space.map((p) =>
      p.path === 'auto.mlp.width'
        ? { ...p, domain: { type: 'int' as const, low: 8, high: 4096, log: true, step: 1 } }
        : p,
    );
    expect(checkConfig(configFor(widened), BASE)).toEqual({
      ok: false,
      error: 'MLP · Width: the range must stay within [8, 256].',
    });
    const orphan = space.filter((p) => p.path !== 'auto.family');
    expect(checkConfig(configFor(orphan), BASE)).toMatchObject({
      ok: false,
      error: expect.stringContaining('MLP · Depth depends on Family, which must come before it in the space.'),
    });
    const unknown = [...space, { path: 'auto.svm.c', domain: { type: 'float' as const, low: 1, high: 2, log: false } }];
    expect(checkConfig(configFor(unknown), BASE)).toMatchObject({
      ok: false,
      error: expect.stringContaining('"svm" is not a model family Auto knows.'),
    });
  });
});

describe('candidates', () => {
  const params = {
    'auto.family': 'mlp',
    'training.learningRate': 0.003,
    'training.batchSize': 32,
    'auto.mlp.depth': 3,
    'auto.mlp.width': 48,
    'auto.mlp.dropout': 0.15,
  };

  it('candidateProject builds the family’s graph from the knobs and writes the training knobs in', () => {
    const result = candidateProject(BASE, IRIS, params);
    if (!result.ok) throw new Error(result.error);
    const project = result.value;
    expect(project.training).toMatchObject({ learningRate: 0.003, batchSize: 32, epochs: AUTO_EPOCHS.tabular });
    expect(project.graph.nodes.filter((n) => n.type === 'Dense').map((n) => n.params['units'])).toEqual([48, 48, 48]);
    expect(inferGraph(project.graph, IRIS).canTrain).toBe(true);
    expect(project.data).toBe(BASE.data);
    // The base is left as it was.
    expect(BASE.graph.nodes.filter((n) => n.type === 'Dense')).toHaveLength(1);
  });

  it('candidateProject leaves out the columns ranked below the kept top k, keeping the person’s other choices', () => {
    const order = ['petal_length', 'petal_width', 'sepal_length', 'sepal_width'];
    const base = {
      ...BASE,
      data: {
        ...BASE.data,
        columns: [
          { name: 'sepal_width', impute: 'median' as const },
          { name: 'petal_length', scale: 'minmax' as const },
        ],
      },
    };
    const result = candidateProject(base, IRIS, { ...params, 'auto.keepFeatures': 2 }, order);
    if (!result.ok) throw new Error(result.error);
    expect([...result.value.data.columns].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'petal_length', scale: 'minmax' },
      { name: 'sepal_length', use: 'ignore' },
      { name: 'sepal_width', impute: 'median', use: 'ignore' },
    ]);
    const all = candidateProject(base, IRIS, { ...params, 'auto.keepFeatures': 4 }, order);
    expect(all.ok && all.value.data.columns).toEqual(base.data.columns);
    expect(candidateProject(base, IRIS, { ...params, 'auto.keepFeatures': 2 })).toEqual({
      ok: false,
      error: 'This candidate keeps the top columns of a feature ranking, and the search has none.',
    });
  });

  it('round-trips through the project file', () => {
    const result = candidateProject(BASE, DIGITS, {
      'auto.family': 'cnn',
      'training.learningRate': 0.01,
      'auto.cnn.blocks': 2,
    });
    if (!result.ok) throw new Error(result.error);
    const parsed = parseProject(JSON.parse(JSON.stringify(result.value)));
    expect(parsed.ok && parsed.project).toEqual(result.value);
  });

  it('labels a candidate by its family and size', () => {
    expect(candidateLabel(params)).toBe('MLP · 3×48');
    expect(candidateLabel({ ...params, 'auto.keepFeatures': 2 })).toBe('MLP · 3×48 · top 2 columns');
    expect(candidateLabel({ 'auto.family': 'lstm' })).toBe('LSTM · 32 units, 32-d');
    expect(candidateFamily(params)?.id).toBe('mlp');
    expect(candidateLabel({ 'auto.family': 'svm' })).toBe('svm');
  });

  it('refuses params that name no family, a knob out of range or a family for other data, with a sentence', () => {
    expect(candidateProject(BASE, IRIS, { 'training.learningRate': 0.01 })).toEqual({
      ok: false,
      error: 'This candidate names no model family.',
    });
    expect(candidateProject(BASE, IRIS, { 'auto.family': 'svm' })).toEqual({
      ok: false,
      error: '"svm" is not a model family Auto knows.',
    });
    expect(candidateProject(BASE, IRIS, { ...params, 'auto.mlp.width': 1000 })).toEqual({
      ok: false,
      error: 'MLP · Width: 1000 is outside [8, 256].',
    });
    expect(candidateProject(BASE, IRIS, { 'auto.family': 'cnn' })).toEqual({
      ok: false,
      error: 'CNN is for image data; this dataset is tabular.',
    });
  });

  it('every candidate a sampler draws from the space builds, for every kind of data', () => {
    for (const data of [IRIS, DIGITS, WORDS]) {
      const space = spaceFor(data);
      const sampler = randomSampler(3);
      for (let number = 0; number < 12; number++) {
        const drawn = sampleActive(sampler, space, [], number)!;
        expect(Object.keys(drawn).sort()).toEqual(
          activeSpace(space, drawn)
            .map((p) => p.path)
            .sort(),
        );
        const project = candidateProject(BASE, data, drawn);
        expect(project.ok && inferGraph(project.value.graph, data).canTrain).toBe(true);
      }
    }
  });

  it('applyParams leaves auto params to candidateProject, with a sentence', () => {
    expect(applyParams(BASE, params)).toEqual({
      ok: false,
      error: 'Family builds a new model from the data: use Auto’s model instead.',
    });
  });
});

describe('the learning rates the range tests proposed', () => {
  it('centre each family’s own learning-rate range on its proposal: a decade below, three times above', () => {
    expect(centredLearningRate(0.0032)).toEqual({ type: 'float', low: 0.00032, high: 0.0096, log: true });
  });

  it('give a family with a proposal its own rate, searched only for it; the others keep the shared range', () => {
    const space = spaceFor(IRIS);
    const proposed = autoSpace(IRIS, [], { mlp: 0.0032 });
    if (!proposed.ok) throw new Error(proposed.error);
    const own = proposed.value.find((param) => param.path === learningRatePath('mlp'))!;
    expect(own.domain).toEqual(centredLearningRate(0.0032));
    expect(own.when).toEqual({ path: 'auto.family', values: ['mlp'] });
    const shared = proposed.value.find((param) => param.path === 'training.learningRate')!;
    expect(shared.domain).toEqual(space.find((param) => param.path === 'training.learningRate')!.domain);
    expect(shared.when).toEqual({ path: 'auto.family', values: ['resnet-mini'] });
    expect(checkConfig(configFor(proposed.value), BASE).ok).toBe(true);
    expect(paramLabel(BASE, learningRatePath('mlp'))).toBe('MLP · Learning rate');
    expect(proposedLearningRates(proposed.value)).toEqual({ mlp: 0.0032 });
    expect(proposedLearningRates(space)).toEqual({});
  });

  it('leave out the shared range once every family has its own', () => {
    const proposed = autoSpace(IRIS, [], { mlp: 0.0032, 'resnet-mini': 0.011 });
    if (!proposed.ok) throw new Error(proposed.error);
    expect(proposed.value.some((param) => param.path === 'training.learningRate')).toBe(false);
    expect(proposedLearningRates(proposed.value)).toEqual({ mlp: 0.0032, 'resnet-mini': 0.011 });
  });

  it('train every drawn candidate at a rate from its own family’s range', () => {
    const proposals = { mlp: 0.0032, 'resnet-mini': 0.011 };
    const space = autoSpace(IRIS, [], proposals);
    if (!space.ok) throw new Error(space.error);
    const sampler = randomSampler(5);
    for (let number = 0; number < 12; number++) {
      const drawn = sampleActive(sampler, space.value, [], number)!;
      const family = String(drawn['auto.family']) as keyof typeof proposals;
      const project = candidateProject(BASE, IRIS, drawn);
      if (!project.ok) throw new Error(project.error);
      const { low, high } = centredLearningRate(proposals[family]);
      expect(project.value.training.learningRate).toBe(drawn[learningRatePath(family)]);
      expect(project.value.training.learningRate).toBeGreaterThanOrEqual(low);
      expect(project.value.training.learningRate).toBeLessThanOrEqual(high);
    }
  });
});

describe('a distilled student’s params', () => {
  const teacher = { 'auto.family': 'mlp', 'training.learningRate': 0.003, 'auto.mlp.depth': 2, 'auto.mlp.width': 64 };

  it('build its teacher’s graph narrowed to the parameter limit, trained on a cosine, labelled as distilled', () => {
    const limit = candidateParamCount(IRIS, teacher) / 10;
    const params = studentParams(teacher, 4, limit);
    expect(distilledFrom(params)).toBe(4);
    expect(distilledFrom(teacher)).toBeUndefined();
    const project = candidateProject(BASE, IRIS, params);
    const taught = candidateProject(BASE, IRIS, teacher);
    if (!project.ok || !taught.ok) throw new Error('both projects were expected to build');
    const count = inferGraph(project.value.graph, IRIS).totalParams;
    expect(count).toBeLessThanOrEqual(limit);
    expect(candidateParamCount(IRIS, params)).toBe(count);
    // Of the teacher's layers, narrower or fewer: the student opens on the canvas as its teacher would.
    const teacherIds = taught.value.graph.nodes.map((n) => n.id);
    expect(teacherIds).toEqual(expect.arrayContaining(project.value.graph.nodes.map((n) => n.id)));
    expect(project.value.training).toMatchObject({ schedule: 'cosine', learningRate: 0.003 });
    expect(candidateLabel(params)).toBe('MLP (distilled from candidate 4)');
  });

  it('drop layers rather than squeeze every layer to a couple of units under a tight limit', () => {
    const deep = { 'auto.family': 'mlp', 'auto.mlp.depth': 3, 'auto.mlp.width': 10 };
    const hiddenWidths = (params: Params) => {
      const project = candidateProject(BASE, IRIS, params);
      if (!project.ok) throw new Error(project.error);
      return project.value.graph.nodes.filter((n) => n.type === 'Dense').map((n) => n.params.units as number);
    };
    const teacher = candidateProject(BASE, IRIS, deep);
    if (!teacher.ok) throw new Error(teacher.error);
    const squeezed = proposeStudent(teacher.value.graph, IRIS, 40)!;
    const squeezedWidths = squeezed.graph.nodes.filter((n) => n.type === 'Dense').map((n) => n.params.units as number);
    const student = studentParams(deep, 0, 40);
    expect(candidateParamCount(IRIS, student)).toBeLessThanOrEqual(40);
    expect(hiddenWidths(student).length).toBeLessThan(3);
    expect(Math.min(...hiddenWidths(student))).toBeGreaterThan(Math.min(...squeezedWidths));
  });

  it('keep the teacher’s layers when narrowing them is no deeper a cut than dropping some', () => {
    const wide = { 'auto.family': 'mlp', 'auto.mlp.depth': 2, 'auto.mlp.width': 64 };
    const limit = Math.floor(candidateParamCount(IRIS, wide) * 0.9);
    const project = candidateProject(BASE, IRIS, studentParams(wide, 0, limit));
    if (!project.ok) throw new Error(project.error);
    expect(project.value.graph.nodes.filter((n) => n.type === 'Dense')).toHaveLength(2);
  });

  it('keep the usual share of the teacher’s parameters without a limit (latency alone)', () => {
    const params = studentParams(teacher, 0, undefined);
    expect(candidateParamCount(IRIS, params) * 4).toBeLessThanOrEqual(candidateParamCount(IRIS, teacher));
  });
});

describe('candidateParamCount', () => {
  it('counts the parameters of the graph a candidate trains, and none can be counted for a family that is unknown', () => {
    const params = { 'auto.family': 'mlp', 'auto.mlp.depth': 2, 'auto.mlp.width': 16 };
    const project = candidateProject(BASE, IRIS, params);
    if (!project.ok) throw new Error(project.error);
    expect(candidateParamCount(IRIS, params)).toBe(inferGraph(project.value.graph, IRIS).totalParams);
    expect(candidateParamCount(IRIS, { ...params, 'auto.mlp.width': 64 })).toBeGreaterThan(
      candidateParamCount(IRIS, params),
    );
    expect(candidateParamCount(IRIS, { 'auto.family': 'svm' })).toBe(Number.POSITIVE_INFINITY);
  });
});
