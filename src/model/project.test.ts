import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import {
  DEFAULT_TRAINING,
  MAX_LAYERS,
  PROJECT_VERSION,
  newProject,
  parseProject,
  parseProjectFile,
  serializeProject,
  withoutStaleRanking,
  type Project,
} from './project';
import { irisRanking } from '../test/irisRanking';
import { defaultGraph } from './templates';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const fixture = (): Record<string, unknown> => JSON.parse(readFileSync(new URL('project-v1.json', FIXTURES), 'utf8'));
const errorOf = (text: string) => {
  const result = parseProjectFile(text);
  return result.ok ? undefined : result.error;
};

describe('project files', () => {
  it('loads the fixture of every released version', () => {
    for (const file of readdirSync(FIXTURES).filter((f) => f.startsWith('project-v'))) {
      const result = parseProjectFile(readFileSync(new URL(file, FIXTURES), 'utf8'));
      expect(result.ok, file).toBe(true);
    }
  });

  it('migrates a version 1 project: its settings kept, new ones at their defaults', () => {
    const result = parseProject(fixture());
    expect(result.ok && result.project.version).toBe(PROJECT_VERSION);
    expect(result.ok && result.project.training).toEqual({
      ...DEFAULT_TRAINING,
      epochs: 30,
      batchSize: 16,
      learningRate: 0.01,
      optimizer: 'adam',
    });
  });

  it('migrates a version 2 project: its split kept with no test rows, every column at its default', () => {
    const doc = JSON.parse(readFileSync(new URL('project-v2.json', FIXTURES), 'utf8'));
    const result = parseProject(doc);
    expect(result.ok && result.project.data).toEqual({
      ...doc.data,
      testFraction: 0,
      splitOrder: 'random',
      columns: [],
    });
  });

  it('migrates a version 3 project: its training settings kept, augmentation off, no class weights', () => {
    const doc = JSON.parse(readFileSync(new URL('project-v3.json', FIXTURES), 'utf8'));
    const result = parseProject(doc);
    expect(result.ok && result.project.training).toEqual({
      ...doc.training,
      augment: false,
      augmentFlip: false,
      augmentRotation: DEFAULT_TRAINING.augmentRotation,
      augmentShift: DEFAULT_TRAINING.augmentShift,
      augmentZoom: DEFAULT_TRAINING.augmentZoom,
      classWeights: 'none',
      clipNorm: 0,
      backend: 'auto',
    });
  });

  it('migrates a version 4 project: its settings and layers kept, no clipping, no penalties, the backend automatic', () => {
    const doc = JSON.parse(readFileSync(new URL('project-v4.json', FIXTURES), 'utf8'));
    const result = parseProject(doc);
    expect(result.ok && result.project.training).toEqual({ ...doc.training, clipNorm: 0, backend: 'auto' });
    const dense = result.ok ? result.project.graph.nodes.find((n) => n.type === 'Dense') : undefined;
    expect(dense?.params).toEqual({
      ...doc.graph.nodes.find((n: { type: string }) => n.type === 'Dense').params,
      l1: 0,
      l2: 0,
    });
  });

  it('migrates a version 5 project: everything kept, no sweep settings (the Sweep view proposes them)', () => {
    const doc = JSON.parse(readFileSync(new URL('project-v5.json', FIXTURES), 'utf8'));
    const result = parseProject(doc);
    expect(result.ok && result.project.training).toEqual(doc.training);
    expect(result.ok && result.project.sweep).toBeNull();
  });

  it("keeps a version 6 project's sweep settings, and says so when they are damaged", () => {
    const doc = JSON.parse(readFileSync(new URL('project-v6.json', FIXTURES), 'utf8'));
    const result = parseProject(doc);
    expect(result.ok && result.project.sweep).toEqual(doc.sweep);
    expect(errorOf(JSON.stringify({ ...doc, sweep: { ...doc.sweep, sampler: 'genetic' } }))).toMatch(
      /^This project file is damaged: the sweep settings: /,
    );
  });

  it('migrates a version 6 project: everything kept, no Auto settings (Auto proposes them) and no feature ranking', () => {
    const doc = JSON.parse(readFileSync(new URL('project-v6.json', FIXTURES), 'utf8'));
    const result = parseProject(doc);
    if (!result.ok) throw new Error(result.error);
    expect(result.project).toMatchObject({ training: doc.training, data: doc.data, sweep: doc.sweep });
    expect(result.project.auto).toBeNull();
    expect(result.project.featureRanking).toBeNull();
  });

  it("keeps a version 7 project's Auto settings and feature ranking, and names either when it is damaged", () => {
    const doc = JSON.parse(readFileSync(new URL('project-v7.json', FIXTURES), 'utf8'));
    const result = parseProject(doc);
    expect(result.ok && result.project.auto).toEqual(doc.auto);
    expect(result.ok && result.project.featureRanking).toEqual(doc.featureRanking);
    expect(errorOf(JSON.stringify({ ...doc, auto: { ...doc.auto, minutes: -3 } }))).toBe(
      'This project file is damaged: the Auto settings: the time budget must be above 0 minutes; it is -3.',
    );
    expect(errorOf(JSON.stringify({ ...doc, auto: { ...doc.auto, limits: { maxKb: 0 } } }))).toMatch(
      /^This project file is damaged: the Auto settings: the size limit must be above 0/,
    );
    expect(errorOf(JSON.stringify({ ...doc, auto: { ...doc.auto, aim: 'fastest' } }))).toMatch(
      /^This project file is damaged: the Auto settings: /,
    );
    expect(errorOf(JSON.stringify({ ...doc, featureRanking: { ...doc.featureRanking, repeats: 'five' } }))).toMatch(
      /^This project file is damaged: the feature ranking: /,
    );
  });

  it('drops a feature ranking made on other data when opened, saying why', () => {
    const doc = JSON.parse(readFileSync(new URL('project-v7.json', FIXTURES), 'utf8'));
    const result = parseProject({ ...doc, data: { ...doc.data, target: 'sepal_width' } });
    if (!result.ok) throw new Error(result.error);
    const opened = withoutStaleRanking(result.project, 150);
    expect(opened.project.featureRanking).toBeNull();
    expect(opened.project.data).toEqual(result.project.data);
    expect(opened.dropped).toBe(
      'The feature ranking was made for the target "species", not "sepal_width". It was dropped; rank the features again to keep the top columns.',
    );
    const same = parseProject(doc);
    expect(same.ok && withoutStaleRanking(same.project, 150)).toEqual({ project: same.ok && same.project });
    expect(same.ok && withoutStaleRanking(same.project, 151).project.featureRanking).toBeNull();
  });

  it('accepts a learning rate up to 1e6 and refuses 1e9, and refuses a negative clipping norm', () => {
    const doc = JSON.parse(readFileSync(new URL('project-v5.json', FIXTURES), 'utf8'));
    const withTraining = (patch: object) => JSON.stringify({ ...doc, training: { ...doc.training, ...patch } });
    expect(errorOf(withTraining({ learningRate: 1e6 }))).toBeUndefined();
    expect(errorOf(withTraining({ learningRate: 1e9 }))).toMatch(
      /^This project file is damaged: the training setting "learningRate": /,
    );
    expect(errorOf(withTraining({ clipNorm: -1 }))).toMatch(
      /^This project file is damaged: the training setting "clipNorm": /,
    );
    // The schema's own account stays behind Details.
    const refused = parseProjectFile(withTraining({ learningRate: 1e9 }));
    expect(!refused.ok && refused.details).toMatch(/^at training\.learningRate: /);
  });

  it('refuses augmentation beyond its bounds', () => {
    const doc = JSON.parse(readFileSync(new URL('project-v4.json', FIXTURES), 'utf8'));
    expect(errorOf(JSON.stringify({ ...doc, training: { ...doc.training, augmentRotation: 90 } }))).toMatch(
      /the training setting "augmentRotation"/,
    );
    expect(errorOf(JSON.stringify({ ...doc, training: { ...doc.training, augmentShift: -0.1 } }))).toMatch(
      /the training setting "augmentShift"/,
    );
  });

  it('refuses validation and test shares that leave too little for training', () => {
    const project = newProject(defaultGraph(), { ...DEFAULT_DATA_CONFIG, validationFraction: 0.5, testFraction: 0.5 });
    expect(errorOf(serializeProject(project))).toMatch(/leave at least 20% for training/);
  });

  it('round-trips: save then open gives the same project', () => {
    const project: Project = newProject(defaultGraph(), {
      ...DEFAULT_DATA_CONFIG,
      datasetId: 'sample:iris',
      target: 'species',
    });
    expect(parseProjectFile(serializeProject(project))).toEqual({ ok: true, project });
  });

  it('round-trips the Auto settings and the feature ranking', () => {
    const data = { ...DEFAULT_DATA_CONFIG, datasetId: 'sample:iris', target: 'species' };
    const project: Project = {
      ...newProject(defaultGraph(), data),
      auto: { minutes: 1.5, parallel: 3, seed: 9, limits: { maxLatencyMs: 0.5 }, aim: 'metric' },
      featureRanking: irisRanking(
        [
          { name: 'petal_width', mean: 0.3, sd: 0.02 },
          { name: 'sepal_width', mean: -0.004, sd: 0.01 },
        ],
        data,
      ),
    };
    expect(parseProjectFile(serializeProject(project))).toEqual({ ok: true, project });
  });

  it('fills missing params from defaults and drops unknown ones', () => {
    const doc = fixture();
    const nodes = (doc.graph as { nodes: { params: Record<string, unknown> }[] }).nodes;
    nodes[1]!.params = { units: 8, colour: 'blue' };
    const result = parseProject(doc);
    expect(result.ok && result.project.graph.nodes[1]!.params).toEqual({
      units: 8,
      activation: 'relu',
      useBias: true,
      l1: 0,
      l2: 0,
    });
  });

  it.each([
    ['text that is not JSON', 'hello {', /not JSON/],
    ['JSON that is not a project', '[1, 2, 3]', /expected a JSON object/],
    [
      'another format',
      '{"format": "keras", "version": 1}',
      /^This is not a Tensorloom project: its "format" says "keras"\.$/,
    ],
    [
      'a TF.js model',
      '{"format": "layers-model", "modelTopology": {}}',
      /^This is a TensorFlow\.js model \(model\.json\), not a project: bring it in with "Import model…"\.$/,
    ],
    [
      'JSON with no format',
      '{"nodes": []}',
      /^This JSON file is not a Tensorloom project: a project file begins with "format": "tensorloom-project"\.$/,
    ],
    ['a missing version', JSON.stringify({ ...fixture(), version: undefined }), /"version"/],
    [
      'a missing setting',
      JSON.stringify({ ...fixture(), data: { ...(fixture().data as object), datasetId: undefined } }),
      /^This project file is damaged: the data setting "datasetId" is missing\.$/,
    ],
    ['a future version', JSON.stringify({ ...fixture(), version: 99 }), /newer Tensorloom \(format version 99\)/],
  ])('refuses %s with a clear message', (_what, text, message) => {
    expect(errorOf(text)).toMatch(message);
  });

  it('refuses unknown layer kinds, naming them', () => {
    const doc = fixture();
    (doc.graph as { nodes: { type: string }[] }).nodes[1]!.type = 'QuantumDense';
    expect(errorOf(JSON.stringify(doc))).toBe('The project uses layer kinds this version does not know: QuantumDense.');
  });

  it('keeps "__proto__" keys from reaching any prototype', () => {
    const text = readFileSync(new URL('project-v1.json', FIXTURES), 'utf8').replace(
      '"params": { "rate": 0.2 }',
      '"params": { "rate": 0.2, "__proto__": { "polluted": true } }',
    );
    const result = parseProjectFile(text);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.ok && Object.keys(result.project.graph.nodes[2]!.params)).toEqual(['rate']);
    const node = JSON.stringify({
      ...fixture(),
      graph: { nodes: [{ id: '__proto__', type: 'Dense', params: {}, position: { x: 0, y: 0 } }], edges: [] },
    });
    expect(errorOf(node)).toBe('This project file is damaged: layer "__proto__"\'s id: this name is reserved.');
  });

  it('refuses names that are markup, so nothing from a file is ever rendered as HTML', () => {
    const doc = fixture();
    (doc.graph as { nodes: { id: string }[] }).nodes[1]!.id = '<img src=x onerror=alert(1)>';
    expect(errorOf(JSON.stringify(doc))).toMatch(/expected letters, digits, _ or -/);
  });

  it('refuses a graph too large to edit, duplicate names and dangling connections', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      id: `d_${i}`,
      type: 'Dense',
      params: {},
      position: { x: 0, y: 0 },
    }));
    expect(errorOf(JSON.stringify({ ...fixture(), graph: { nodes: many, edges: [] } }))).toBe(
      `This project has 10,000 layers; Tensorloom edits at most ${MAX_LAYERS.toLocaleString('en-US')}.`,
    );
    const doc = fixture();
    const graph = doc.graph as { nodes: { id: string }[]; edges: { source: string }[] };
    graph.nodes[2]!.id = 'dense_1';
    expect(errorOf(JSON.stringify(doc))).toBe('Two layers share the name "dense_1".');
    const doc2 = fixture();
    (doc2.graph as { edges: { source: string }[] }).edges[0]!.source = 'ghost';
    expect(errorOf(JSON.stringify(doc2))).toMatch(/ghost → dense_1 refers to a layer that is not in the project/);
  });
});
