/**
 * The project document: the graph plus the person's data and training choices. It is what
 * autosave writes to IndexedDB (and, later, what project files hold). `parseProject` validates
 * and never throws: a damaged document gives a message, and the caller keeps what it had.
 */
import { z } from 'zod';
import { RANKING_SCORES, rankingMismatch, type FeatureRanking } from '../data/featureRanking';
import { COLUMN_USES, ENCODINGS, IMPUTE_STRATEGIES, SCALINGS, type DataConfig } from '../data/schema';
import { MAX_SEQUENCE_LENGTH, MAX_VOCABULARY } from '../data/text';
import { autoSettingsProblem, type AutoSettings } from '../sweep/auto/autoStudy';
import { AIMS, studyConfigSchema } from '../sweep/configSchema';
import type { StudyConfig } from '../sweep/studyConfig';
import type { Graph } from './graph';
import { CLASS_WEIGHTINGS, type ClassWeighting } from './classWeights';
import { getLayerKind } from './layers';
import type { BackendName } from './layers/layerKind';
import { SCHEDULES, type ScheduleConfig } from './schedule';

export const PROJECT_FORMAT = 'tensorloom-project';
export const PROJECT_VERSION = 7;

export const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'momentum', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
/** The optimisers' names as the person reads them. */
export const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = {
  adam: 'Adam',
  adamw: 'AdamW',
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
};
export const REGRESSION_LOSSES = ['mse', 'mae', 'huber'] as const;
/** 'auto' lets the engine choose (a real GPU, else the fastest CPU backend the graph trains on). */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'wasm', 'cpu'] as const satisfies readonly ('auto' | BackendName)[];
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type RegressionLoss = (typeof REGRESSION_LOSSES)[number];

export interface TrainingConfig extends ScheduleConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  /** SGD with momentum. */
  readonly momentum: number;
  readonly nesterov: boolean;
  /** AdamW's decoupled weight decay. */
  readonly weightDecay: number;
  readonly regressionLoss: RegressionLoss;
  /**
   * Gradient clipping: when the gradients' global norm (over every weight) exceeds this, all are
   * scaled down to it (Keras's global_clipnorm). 0 is off.
   */
  readonly clipNorm: number;
  /** Classification: targets become (1 − ε)·onehot + ε/classes. */
  readonly labelSmoothing: number;
  /** Classification: 'balanced' weighs each class's loss by n / (k · its count) over the training rows. */
  readonly classWeights: ClassWeighting;
  readonly earlyStopping: boolean;
  readonly earlyStoppingMetric: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
  /** The backend to train on; one that cannot train the graph, or fails to start, falls back with the reason shown. */
  readonly backend: BackendChoice;
  /** Random transforms of each training batch; applies to image data only (validation never is). */
  readonly augment: boolean;
  /** Off by default: digits and text read differently mirrored. */
  readonly augmentFlip: boolean;
  /** Largest rotation either way, in degrees. */
  readonly augmentRotation: number;
  /** Largest shift along each axis, as a fraction of the image's size. */
  readonly augmentShift: number;
  /** Largest zoom in or out, as a fraction (0.1: between 90% and 110%). */
  readonly augmentZoom: number;
}

/**
 * Each training setting as people read it: the Train view's form and the Sweep view's space table
 * both name settings from here.
 */
export const TRAINING_LABELS: Readonly<Record<keyof TrainingConfig, string>> = {
  epochs: 'Epochs',
  batchSize: 'Batch size',
  learningRate: 'Learning rate',
  optimizer: 'Optimiser',
  momentum: 'Momentum',
  nesterov: 'Nesterov momentum',
  weightDecay: 'Weight decay',
  schedule: 'Learning-rate schedule',
  decayEvery: 'Decay every (epochs)',
  decayRate: 'Decay factor',
  warmupEpochs: 'Warm-up epochs',
  cosineRestartEvery: 'Restart every (epochs)',
  minLearningRate: 'Minimum rate',
  regressionLoss: 'Loss',
  clipNorm: 'Clip gradient norm',
  labelSmoothing: 'Label smoothing',
  classWeights: 'Class weights',
  earlyStopping: 'Early stopping',
  earlyStoppingMetric: 'Watch',
  patience: 'Patience (epochs)',
  minDelta: 'Minimum change',
  restoreBestWeights: "Keep the best epoch's weights",
  backend: 'Backend',
  augment: 'Augment training images',
  augmentFlip: 'Flip left–right',
  augmentRotation: 'Max rotation (degrees)',
  augmentShift: 'Max shift (fraction)',
  augmentZoom: 'Max zoom (fraction)',
};

export const DEFAULT_TRAINING: TrainingConfig = {
  epochs: 30,
  batchSize: 16,
  learningRate: 0.01,
  optimizer: 'adam',
  momentum: 0.9,
  nesterov: false,
  weightDecay: 0.01,
  schedule: 'constant',
  decayEvery: 10,
  decayRate: 0.5,
  warmupEpochs: 0,
  cosineRestartEvery: 0,
  minLearningRate: 0,
  regressionLoss: 'mse',
  clipNorm: 0,
  labelSmoothing: 0,
  classWeights: 'none',
  earlyStopping: false,
  earlyStoppingMetric: 'val_loss',
  patience: 5,
  minDelta: 0,
  restoreBestWeights: true,
  backend: 'auto',
  augment: false,
  augmentFlip: false,
  augmentRotation: 10,
  augmentShift: 0.1,
  augmentZoom: 0,
};

/**
 * The largest learning rate accepted. Far beyond any useful rate, so that a person can watch the
 * divergence guard at work (1e6), yet it refuses values that are typos (1e9).
 */
export const MAX_LEARNING_RATE = 1e6;
/** The largest gradient norm accepted for clipping; larger is the same as off. */
export const MAX_CLIP_NORM = 1e6;

/** Beyond these an augmented example stops looking like its class (a 6 turns into a 9). */
export const MAX_AUGMENT_ROTATION = 30;
export const MAX_AUGMENT_SHIFT = 0.2;
export const MAX_AUGMENT_ZOOM = 0.2;

export interface Project {
  readonly format: typeof PROJECT_FORMAT;
  readonly version: typeof PROJECT_VERSION;
  readonly graph: Graph;
  readonly data: DataConfig;
  readonly training: TrainingConfig;
  /**
   * The Sweep view's settings (space, objective, sampler, pruner, budget, workers, seed), kept as
   * the person left them; null until they change one, when the view proposes them from the graph.
   */
  readonly sweep: StudyConfig | null;
  /** The Auto view's settings (budget, limits, workers, aim, seed); null until they change one, when the view proposes them. */
  readonly auto: AutoSettings | null;
  /**
   * The last feature ranking, with what it was made on: "keep the top k" and Auto use it while the data set,
   * target and split are still those (`rankingMismatch`). A step in the undo history, as the ranking it replaced.
   */
  readonly featureRanking: FeatureRanking | null;
}

/** Layer ids become object keys and Python names: letters, digits, _ and -, never a prototype key. */
const RESERVED_IDS = new Set(['__proto__', 'constructor', 'prototype']);
const id = z
  .string()
  .regex(/^[A-Za-z_][\w-]{0,99}$/, 'expected letters, digits, _ or -')
  .refine((value) => !RESERVED_IDS.has(value), 'this name is reserved');

/** Beyond this the canvas stops being usable; refuse rather than freeze the tab. */
export const MAX_LAYERS = 2_000;
/** A project file is small JSON; anything far larger is not one (or is a graph nobody can edit). */
export const MAX_PROJECT_FILE_BYTES = 5 * 1024 * 1024;

const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/** Checked as the Auto view checks a change: settings that could not start a search are refused in its words. */
const autoSettingsSchema = z
  .object({
    minutes: z.number(),
    parallel: z.number(),
    seed: z.number(),
    limits: z.object({
      maxParams: z.number().optional(),
      maxKb: z.number().optional(),
      maxLatencyMs: z.number().optional(),
    }),
    aim: z.enum(AIMS),
  })
  .superRefine((settings, ctx) => {
    const problem = autoSettingsProblem(settings);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: lowerFirst(problem) });
  });

const lowerFirst = (sentence: string) => sentence.charAt(0).toLowerCase() + sentence.slice(1);

const featureRankingSchema = z.object({
  datasetId: z.string().max(200),
  target: z.string().max(1000),
  rows: z.number().int().min(0),
  split: z.object({
    seed: seedSchema,
    validationFraction: z.number(),
    testFraction: z.number(),
    splitOrder: z.enum(['random', 'sequential']),
  }),
  score: z.enum(RANKING_SCORES),
  baseline: z.number(),
  repeats: z.number().int().min(1),
  features: z.array(z.object({ name: z.string().max(1000), mean: z.number(), sd: z.number() })).max(100_000),
});

const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  graph: z.object({
    nodes: z.array(
      z.object({
        id,
        type: z.string().min(1).max(100),
        params: z.record(z.string(), z.unknown()),
        position: z.object({ x: z.number().finite(), y: z.number().finite() }),
        trainable: z.boolean().optional(),
        opaque: z
          .object({
            className: z.string().min(1).max(200),
            reason: z.string().max(1000),
            config: z.record(z.string(), z.unknown()),
            outputShape: z.array(z.number().int().min(0).nullable()).max(16).optional(),
          })
          .optional(),
      }),
    ),
    edges: z.array(z.object({ id: z.string().min(1).max(300), source: id, target: id })),
  }),
  data: z
    .object({
      datasetId: z.string().max(200).nullable(),
      target: z.string().max(1000).nullable(),
      seed: seedSchema,
      validationFraction: z.number().min(0.05).max(0.5),
      testFraction: z.number().min(0).max(0.5),
      splitOrder: z.enum(['random', 'sequential']),
      columns: z
        .array(
          z.object({
            name: z.string().max(1000),
            use: z.enum(COLUMN_USES).optional(),
            impute: z.enum(IMPUTE_STRATEGIES).optional(),
            fillValue: z.string().max(1000).optional(),
            scale: z.enum(SCALINGS).optional(),
            encode: z.enum(ENCODINGS).optional(),
            tokenizer: z
              .object({
                level: z.enum(['word', 'char']),
                lowercase: z.boolean(),
                stripPunctuation: z.boolean(),
                maxVocabulary: z.number().int().min(3).max(MAX_VOCABULARY),
                sequenceLength: z.number().int().min(1).max(MAX_SEQUENCE_LENGTH),
              })
              .partial()
              .optional(),
          }),
        )
        .max(100_000),
    })
    .refine(
      (data) => data.validationFraction + data.testFraction <= 0.8,
      'the validation and test shares must leave at least 20% for training',
    ),
  training: z.object({
    epochs: z.number().int().min(1).max(10_000),
    batchSize: z.number().int().min(1).max(65_536),
    learningRate: z.number().positive().max(MAX_LEARNING_RATE),
    optimizer: z.enum(OPTIMIZERS),
    momentum: z.number().min(0).max(0.999),
    nesterov: z.boolean(),
    weightDecay: z.number().min(0).max(1),
    schedule: z.enum(SCHEDULES),
    decayEvery: z.number().int().min(1).max(10_000),
    decayRate: z.number().positive().max(1),
    warmupEpochs: z.number().int().min(0).max(10_000),
    cosineRestartEvery: z.number().int().min(0).max(10_000),
    minLearningRate: z.number().min(0).max(10),
    regressionLoss: z.enum(REGRESSION_LOSSES),
    clipNorm: z.number().min(0).max(MAX_CLIP_NORM),
    labelSmoothing: z.number().min(0).max(0.5),
    classWeights: z.enum(CLASS_WEIGHTINGS),
    earlyStopping: z.boolean(),
    earlyStoppingMetric: z.string().regex(/^(val_)?[a-z0-9_]+$/),
    patience: z.number().int().min(1).max(10_000),
    minDelta: z.number().min(0),
    restoreBestWeights: z.boolean(),
    backend: z.enum(BACKEND_CHOICES),
    augment: z.boolean(),
    augmentFlip: z.boolean(),
    augmentRotation: z.number().min(0).max(MAX_AUGMENT_ROTATION),
    augmentShift: z.number().min(0).max(MAX_AUGMENT_SHIFT),
    augmentZoom: z.number().min(0).max(MAX_AUGMENT_ZOOM),
  }),
  sweep: studyConfigSchema.nullable(),
  auto: autoSettingsSchema.nullable(),
  featureRanking: featureRankingSchema.nullable(),
});

export type ParseResult =
  | { readonly ok: true; readonly project: Project }
  | { readonly ok: false; readonly error: string; readonly details?: string };

/**
 * Project-level migrations: MIGRATIONS[v] turns a version-v document into version v + 1. Each
 * released version keeps a fixture in ./fixtures that the tests load.
 */
const MIGRATIONS: Readonly<Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>> = {
  // v2 added optimisers, schedules, losses and early stopping: a v1 project keeps its settings, new ones get defaults.
  1: (doc) => ({ ...doc, version: 2, training: { ...DEFAULT_TRAINING, ...(doc.training as object) } }),
  // v3 added the test split and per-column choices: a v2 project keeps its split (no test rows) and the defaults.
  2: (doc) => ({
    ...doc,
    version: 3,
    data: { testFraction: 0, splitOrder: 'random', columns: [], ...(doc.data as object) },
  }),
  // v4 added image augmentation and class weights: a v3 project trains as before, both off.
  3: (doc) => ({ ...doc, version: 4, training: { ...DEFAULT_TRAINING, ...(doc.training as object) } }),
  // v5 added gradient clipping and the backend override: a v4 project trains as before, clipping off, backend automatic.
  4: (doc) => ({ ...doc, version: 5, training: { ...DEFAULT_TRAINING, ...(doc.training as object) } }),
  // v6 keeps the sweep's settings: a v5 project has none, and the Sweep view proposes them as before.
  5: (doc) => ({ ...doc, version: 6, sweep: null }),
  // v7 keeps the Auto settings and the last feature ranking: a v6 project has neither (Auto proposes its settings).
  6: (doc) => ({ ...doc, version: 7, auto: null, featureRanking: null }),
};

const failure = (error: string, details?: string): ParseResult => ({
  ok: false,
  error,
  ...(details !== undefined && { details }),
});

/** Why a JSON document is not a project, in the person's terms: what it looks like instead. */
function notAProject(doc: Record<string, unknown>): string {
  if ('modelTopology' in doc)
    return 'This is a TensorFlow.js model (model.json), not a project: bring it in with "Import model…".';
  if (typeof doc['format'] === 'string')
    return `This is not a Tensorloom project: its "format" says "${doc['format']}".`;
  return 'This JSON file is not a Tensorloom project: a project file begins with "format": "tensorloom-project".';
}

/** The part of a project a schema path points at, in the person's terms: a layer by its name, a setting by its key. */
function partOfProject(path: readonly PropertyKey[], doc: Record<string, unknown>): string {
  const [section, key, index, ...rest] = path.map(String);
  if ((section === 'training' || section === 'data') && key) return `the ${section} setting "${key}"`;
  if (section === 'graph' && key === 'nodes' && index !== undefined) {
    const node = ((doc['graph'] as { nodes?: unknown[] } | undefined)?.nodes?.[Number(index)] ?? {}) as {
      id?: unknown;
    };
    const layer = typeof node.id === 'string' && node.id !== '' ? `layer "${node.id}"` : `layer ${Number(index) + 1}`;
    return rest.length > 0 ? `${layer}'s ${rest.join(' ')}` : layer;
  }
  if (section === 'graph' && key === 'edges' && index !== undefined) return `connection ${Number(index) + 1}`;
  if (section === 'sweep') return 'the sweep settings';
  if (section === 'auto') return 'the Auto settings';
  if (section === 'featureRanking') return 'the feature ranking';
  return path.length > 0 ? `"${path.join('.')}"` : 'the file';
}

/**
 * Reads a project document (autosave, a file, a share link): checks the format, migrates older
 * versions, validates with the schema and each layer kind's params, and keeps only known params
 * (missing ones get defaults; invalid values stay, for the canvas to flag). Never throws.
 */
export function parseProject(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return failure('Not a Tensorloom project: expected a JSON object.');
  let doc = raw as Record<string, unknown>;
  if (doc.format !== PROJECT_FORMAT)
    return failure(notAProject(doc), `"format" is ${JSON.stringify(doc.format) ?? 'missing'}, not "${PROJECT_FORMAT}"`);
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return failure('Not a valid Tensorloom project: its "version" is missing or not a positive integer.');
  if (version > PROJECT_VERSION)
    return failure(
      `This project was saved by a newer Tensorloom (format version ${version}); this one reads versions up to ${PROJECT_VERSION}.`,
    );
  for (let v = version; v < PROJECT_VERSION; v++) doc = MIGRATIONS[v]!(doc);

  const layerCount = (doc.graph as { nodes?: unknown } | undefined)?.nodes;
  if (Array.isArray(layerCount) && layerCount.length > MAX_LAYERS)
    return failure(
      `This project has ${layerCount.length.toLocaleString('en-US')} layers; Tensorloom edits at most ${MAX_LAYERS.toLocaleString('en-US')}.`,
    );

  const parsed = projectSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = (issue?.message ?? 'unknown problem').replace(/\.$/, '');
    const missing = /received undefined$/.test(message);
    return failure(
      `This project file is damaged: ${partOfProject(issue?.path ?? [], doc)}${missing ? ' is missing' : `: ${message}`}.`,
      `at ${issue?.path.join('.') || 'the top'}: ${message}`,
    );
  }
  return checkGraph(parsed.data as Project);
}

/** Layer kinds known, ids unique, edges between existing layers; params reduced to each kind's schema. */
function checkGraph(project: Project): ParseResult {
  const { nodes, edges } = project.graph;
  const unknown = [...new Set(nodes.map((n) => n.type).filter((type) => !getLayerKind(type)))];
  if (unknown.length > 0)
    return failure(`The project uses layer kinds this version does not know: ${unknown.join(', ')}.`);
  const ids = new Set<string>();
  for (const node of nodes) {
    if (ids.has(node.id)) return failure(`Two layers share the name "${node.id}".`);
    ids.add(node.id);
  }
  const dangling = edges.find((e) => !ids.has(e.source) || !ids.has(e.target));
  if (dangling)
    return failure(
      `The connection ${dangling.source} → ${dangling.target} refers to a layer that is not in the project.`,
    );
  const cleanNodes = nodes.map((node) => {
    const kind = getLayerKind(node.type)!;
    const params = Object.fromEntries(
      Object.entries(kind.params).map(([key, spec]) => [
        key,
        Object.hasOwn(node.params, key) ? node.params[key] : spec.default,
      ]),
    );
    return { ...node, params };
  });
  return { ok: true, project: { ...project, graph: { nodes: cleanNodes, edges } } };
}

/** A project file's text → a project, or why not; never evaluates anything from the file. */
export function parseProjectFile(text: string): ParseResult {
  if (text.length > MAX_PROJECT_FILE_BYTES)
    return failure(
      `This file is ${(text.length / 1024 / 1024).toFixed(0)} MB; a Tensorloom project file is at most ${MAX_PROJECT_FILE_BYTES / 1024 / 1024} MB.`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return failure('This file is not a Tensorloom project: it is not JSON.');
  }
  return parseProject(raw);
}

/**
 * `project` as opening it keeps it: less a feature ranking made on other data than its own (a data set of `rows`
 * rows, when known), with the sentence saying so (`dropped`).
 */
export function withoutStaleRanking(
  project: Project,
  rows: number | undefined,
): { readonly project: Project; readonly dropped?: string } {
  const reason = project.featureRanking && rankingMismatch(project.featureRanking, project.data, rows);
  return reason
    ? {
        project: { ...project, featureRanking: null },
        dropped: `${reason} It was dropped; rank the features again to keep the top columns.`,
      }
    : { project };
}

export function serializeProject(project: Project): string {
  return JSON.stringify(project, null, 2);
}

export function newProject(graph: Graph, data: DataConfig): Project {
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    graph,
    data,
    training: DEFAULT_TRAINING,
    sweep: null,
    auto: null,
    featureRanking: null,
  };
}
