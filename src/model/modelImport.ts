/**
 * A TensorFlow.js layers model (model.json + weight files) → the studio's graph, checked before
 * anything is loaded. Pure: the files' sizes and model.json's text come in, a Graph or a sentence
 * for the person goes out. Nothing from a file is ever evaluated; keys are read as own properties
 * only, and a file naming `__proto__` is refused.
 *
 * model.json's `modelTopology` is Keras's model config (tfjs writes it itself; the converter puts
 * it under `model_config`): class Sequential (layers in a chain) or Model/Functional (layers with
 * `inbound_nodes`, Keras 2's `[[name, node, tensor, kwargs], …]`). Each layer becomes a node of
 * the kind whose Keras class it is (`LayerKind.kerasClass ?? type`), its params read by the
 * kind (`fromKeras`, else `kerasParams`); a model's last Dense becomes the Output node when it is a
 * head. A layer no kind can hold becomes an Opaque node carrying its class, config and reason.
 */
import { z } from 'zod';
import type { DataConfig } from '../data/schema';
import { nextNodeId, type Edge, type Graph, type LayerNode } from './graph';
import { layerKinds } from './layers';
import { kerasParams, own } from './layers/kerasConfig';
import type { KerasConfig, LayerKind } from './layers/layerKind';
import { opaque } from './layers/opaque';
import { layoutGraph } from './layout';
import { MAX_LAYERS } from './project';
import type { Result } from './result';
import type { TrainSettings } from './run';
import { checkParams } from './schema';
import type { Shape } from './shapes';

/** The most a model's files may weigh together: a browser tab holding more would fail later, and worse. */
export const MAX_MODEL_BYTES = 2 ** 30;

/** A file as the picker or the zip's directory describes it, before anything is read. */
export interface FileSize {
  readonly name: string;
  readonly size: number;
}

const GiB = 2 ** 30;
const MiB = 2 ** 20;

function formatBytes(bytes: number): string {
  return bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GB` : `${Math.max(0.1, bytes / MiB).toFixed(1)} MB`;
}

/** Refuses files too large to import, from their sizes alone: nothing is read first. */
export function checkImportSize(files: readonly FileSize[]): Result<void> {
  const largest = files.reduce<FileSize | undefined>(
    (max, file) => (max && max.size >= file.size ? max : file),
    undefined,
  );
  if (largest && largest.size > MAX_MODEL_BYTES)
    return {
      ok: false,
      error: `${largest.name} is ${formatBytes(largest.size)}; the studio imports models of up to ${formatBytes(MAX_MODEL_BYTES)}.`,
    };
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_MODEL_BYTES)
    return {
      ok: false,
      error: `These files hold ${formatBytes(total)}; the studio imports models of up to ${formatBytes(MAX_MODEL_BYTES)}.`,
    };
  return { ok: true, value: undefined };
}

const quantizationSchema = z.object({
  dtype: z.enum(['uint8', 'uint16', 'float16']),
  scale: z.number().optional(),
  min: z.number().optional(),
  original_dtype: z.string().optional(),
});

const weightSpecSchema = z.object({
  name: z.string().min(1).max(1000),
  shape: z.array(z.number().int().min(0)).max(16),
  dtype: z.enum(['float32', 'int32', 'bool']),
  quantization: quantizationSchema.optional(),
});

/** Weight file names stay plain: a path that climbs out of the model's folder is never followed. */
const weightPath = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (path) => !path.split('/').includes('..') && !path.startsWith('/') && !/^[a-z]+:/i.test(path),
    'a weight file path must stay beside model.json',
  );

const manifestSchema = z
  .array(z.object({ paths: z.array(weightPath).max(10_000), weights: z.array(weightSpecSchema).max(100_000) }))
  .max(1000);

export type WeightSpec = z.infer<typeof weightSpecSchema>;
export type WeightsManifest = z.infer<typeof manifestSchema>;

/** model.json, checked: a layers model's topology (still unread) and its weights manifest. */
export interface ModelJson {
  readonly modelTopology: KerasConfig;
  readonly weightsManifest: WeightsManifest;
}

const NOT_LAYERS = 'model.json is not a TensorFlow.js layers model';

/**
 * A JSON file's text → its value, or a sentence naming the file. A key `__proto__` is refused:
 * no model file needs one, and a later copy with Object.assign would make it a prototype.
 */
export function parseJsonFile(text: string, fileName: string): Result<unknown> {
  let prototypeKey = false;
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') prototypeKey = true;
      return value;
    });
  } catch {
    return { ok: false, error: `${fileName} is not JSON (is it damaged, or another file renamed?).` };
  }
  if (prototypeKey)
    return { ok: false, error: `${fileName} has a key named "__proto__", which no model needs; it was not read.` };
  return { ok: true, value: raw };
}

/** model.json's text → its topology and weights manifest, or why it is not a layers model. */
export function parseModelJson(text: string): Result<ModelJson> {
  const json = parseJsonFile(text, 'model.json');
  if (!json.ok) return json;
  const raw = json.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: `${NOT_LAYERS}: expected a JSON object.` };
  const doc = raw as KerasConfig;
  const topology = own(doc, 'modelTopology');
  if (own(doc, 'format') === 'graph-model' || (isObject(topology) && Array.isArray(own(topology, 'node'))))
    return {
      ok: false,
      error:
        'This model.json is a TensorFlow.js graph model (converted from a SavedModel): it holds operations, not layers, so it cannot be shown or trained here. Convert the Keras model as a layers model instead.',
    };
  if (!isObject(topology)) return { ok: false, error: `${NOT_LAYERS}: it has no "modelTopology".` };
  const rawManifest = own(doc, 'weightsManifest') ?? [];
  const manifest = manifestSchema.safeParse(rawManifest);
  if (!manifest.success) {
    const issue = manifest.error.issues[0];
    return {
      ok: false,
      error: manifestProblem(issue, rawManifest),
      details: `weightsManifest at ${issue?.path.join('.') || 'the top'}: ${issue?.message ?? 'unknown problem'}`,
    };
  }
  return { ok: true, value: { modelTopology: topology, weightsManifest: manifest.data } };
}

/** What is wrong with model.json's list of weights, in the person's terms: which weight, what it has, what was expected. */
function manifestProblem(
  issue: { readonly path: readonly PropertyKey[]; readonly message: string } | undefined,
  manifest: unknown,
): string {
  const [group, section, index, field] = issue?.path ?? [];
  if (section === 'paths')
    return `model.json names a weight file that cannot be read: ${issue?.message ?? 'its path is not valid'}.`;
  if (section === 'weights' && typeof group === 'number' && typeof index === 'number') {
    const spec = (
      Array.isArray(manifest) ? (manifest[group] as { weights?: unknown[] } | undefined)?.weights?.[index] : undefined
    ) as Record<string, unknown> | undefined;
    const weight =
      typeof spec?.['name'] === 'string' && spec['name'] !== ''
        ? `The weight "${spec['name']}"`
        : `Weight ${index + 1} of file group ${group + 1}`;
    if (field === 'dtype')
      return `${weight} is stored as ${JSON.stringify(spec?.['dtype'])}; the studio reads weights stored as float32, int32 or bool.`;
    if (field === 'shape') return `${weight} has no valid shape: expected a list of whole numbers, such as [784, 128].`;
    if (field === 'name') return `${weight} has no name; every weight needs one to find its layer.`;
    return `${weight} is described in a way TensorFlow.js does not write${typeof field === 'string' ? ` (its "${field}")` : ''}.`;
  }
  return "model.json's list of weights (weightsManifest) is not in the form TensorFlow.js writes.";
}

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Bytes one weight takes in the files: its elements at its (quantised) dtype's width. */
function weightBytes(spec: WeightSpec): number {
  return spec.shape.reduce((n, d) => n * d, 1) * BYTES_PER_ELEMENT[spec.quantization?.dtype ?? spec.dtype]!;
}

/**
 * The weight files model.json names, in the order their bytes are joined, checked against what
 * was given (name → size): none missing, and together exactly the bytes the manifest describes.
 */
export function checkWeightFiles(
  manifest: WeightsManifest,
  sizes: ReadonlyMap<string, number>,
): Result<readonly string[]> {
  const paths = manifest.flatMap((group) => group.paths);
  const missing = paths.filter((path) => !sizes.has(path));
  if (missing.length > 0) {
    const listed =
      missing.length > 3 ? `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more` : missing.join(', ');
    return {
      ok: false,
      error: `The weight file${missing.length > 1 ? 's' : ''} ${listed} ${missing.length > 1 ? 'are' : 'is'} missing: choose ${missing.length > 1 ? 'them' : 'it'} together with model.json, or import the export's zip.`,
    };
  }
  const expected = manifest.reduce(
    (sum, group) => sum + group.weights.reduce((n, spec) => n + weightBytes(spec), 0),
    0,
  );
  const found = paths.reduce((sum, path) => sum + sizes.get(path)!, 0);
  if (found < expected)
    return {
      ok: false,
      error: `The weight files are cut short: they hold ${found.toLocaleString('en-US')} bytes, model.json describes ${expected.toLocaleString('en-US')} (a download or copy that did not finish?).`,
    };
  if (found > expected)
    return {
      ok: false,
      error: `The weight files hold ${found.toLocaleString('en-US')} bytes, but model.json describes ${expected.toLocaleString('en-US')}: the sizes do not match, so these files do not belong to this model.json.`,
    };
  return { ok: true, value: paths };
}

/** The graph of an imported model, and which layer of the file each node is. */
export interface ImportedGraph {
  readonly graph: Graph;
  /** Node id → the layer's name in model.json (ids are names made safe and unique). */
  readonly layerOf: ReadonlyMap<string, string>;
}

const layerSchema = z.object({
  class_name: z.string().min(1).max(200),
  config: z.record(z.string(), z.unknown()),
  name: z.string().max(500).optional(),
  inbound_nodes: z.array(z.unknown()).optional(),
});
type KerasLayer = z.infer<typeof layerSchema>;

const modelConfigSchema = z.object({
  class_name: z.string(),
  config: z.union([
    z.array(layerSchema),
    z.object({ layers: z.array(layerSchema), output_layers: z.array(z.unknown()).optional() }),
  ]),
});

/** A layers model's topology → a graph laid out for the canvas, or why it cannot be shown. */
export function graphFromTopology(topology: KerasConfig): Result<ImportedGraph> {
  const parsed = modelConfigSchema.safeParse(own(topology, 'model_config') ?? topology);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `${NOT_LAYERS}: its topology is not a Keras model config (at ${issue?.path.join('.') || 'the top'}: ${issue?.message ?? 'unknown problem'}).`,
    };
  }
  const { class_name: className, config } = parsed.data;
  const layers = Array.isArray(config) ? config : config.layers;
  if (layers.length > MAX_LAYERS)
    return {
      ok: false,
      error: `This model has ${layers.length.toLocaleString('en-US')} layers; the studio edits at most ${MAX_LAYERS.toLocaleString('en-US')}.`,
    };
  if (className === 'Sequential') return { ok: true, value: laidOut(sequentialGraph(layers)) };
  if (className !== 'Model' && className !== 'Functional')
    return { ok: false, error: `${NOT_LAYERS}: its topology is a ${className}, not a Sequential or functional Model.` };
  const outputs = Array.isArray(config) ? [] : (config.output_layers ?? []);
  const graph = functionalGraph(
    layers,
    new Set(outputs.flatMap((output) => (Array.isArray(output) && typeof output[0] === 'string' ? [output[0]] : []))),
  );
  return graph.ok ? { ok: true, value: laidOut(graph.value) } : graph;
}

/** The model's output shape of each opaque node, from the loaded model (layer name → shape). */
export function withOpaqueShapes({ graph, layerOf }: ImportedGraph, shapes: Readonly<Record<string, Shape>>): Graph {
  const nodes = graph.nodes.map((node) => {
    const shape =
      node.opaque && Object.hasOwn(shapes, layerOf.get(node.id) ?? '') ? shapes[layerOf.get(node.id)!] : undefined;
    return shape && node.opaque ? { ...node, opaque: { ...node.opaque, outputShape: shape } } : node;
  });
  return { ...graph, nodes };
}

interface Draft {
  readonly nodes: LayerNode[];
  readonly edges: Edge[];
  readonly layerOf: Map<string, string>;
}

function laidOut({ nodes, edges, layerOf }: Draft): ImportedGraph {
  const positions = layoutGraph({ nodes, edges });
  return { graph: { nodes: nodes.map((node) => ({ ...node, position: positions.get(node.id)! })), edges }, layerOf };
}

function emptyDraft(): Draft {
  return { nodes: [], edges: [], layerOf: new Map() };
}

/** Layers in a chain; the first one's batch_input_shape stands for an InputLayer when there is none. */
function sequentialGraph(layers: readonly KerasLayer[]): Draft {
  const draft = emptyDraft();
  let previous: string | undefined;
  const chain =
    layers[0]?.class_name === 'InputLayer'
      ? layers
      : [{ class_name: 'InputLayer', config: {}, name: 'input' }, ...layers];
  chain.forEach((layer, i) => {
    const id = addNode(draft, layer, i === chain.length - 1);
    if (previous !== undefined) connect(draft, previous, id);
    previous = id;
  });
  return draft;
}

/** Layers joined by their `inbound_nodes`, in the order the file lists them (each after its inputs, as Keras writes them). */
function functionalGraph(layers: readonly KerasLayer[], outputs: ReadonlySet<string>): Result<Draft> {
  const draft = emptyDraft();
  const idOf = new Map<string, string>();
  for (const layer of layers) idOf.set(layerName(layer), addNode(draft, layer, outputs.has(layerName(layer))));
  for (const layer of layers) {
    const name = layerName(layer);
    const inbound = layer.inbound_nodes ?? [];
    if (inbound.length > 1)
      return {
        ok: false,
        error: `Layer "${name}" is applied ${inbound.length} times (shared weights); the canvas draws each layer once, so this model cannot be shown.`,
      };
    if (inbound.length === 0) continue;
    const sources = inboundSources(inbound[0]);
    if (!sources.ok) return { ok: false, error: `Layer "${name}": ${sources.error}` };
    for (const source of sources.value) {
      const sourceId = idOf.get(source);
      if (sourceId === undefined)
        return { ok: false, error: `Layer "${name}" takes its input from "${source}", which the model does not have.` };
      connect(draft, sourceId, idOf.get(name)!);
    }
  }
  return { ok: true, value: draft };
}

function layerName(layer: Pick<KerasLayer, 'class_name' | 'config' | 'name'>): string {
  const name = layer.name ?? own(layer.config, 'name');
  return typeof name === 'string' && name !== '' ? name : layer.class_name.toLowerCase();
}

/** The layer names feeding one application of a layer, in order (a merge's inputs). */
function inboundSources(node: unknown): Result<string[]> {
  if (!Array.isArray(node))
    return {
      ok: false,
      error:
        'its connections are written in a format tfjs 4 cannot read (Keras 3 saves them so); save the model with Keras 2 or tf.keras, or convert it with tensorflowjs_converter.',
    };
  const sources: string[] = [];
  for (const input of node as unknown[]) {
    if (!Array.isArray(input) || typeof input[0] !== 'string')
      return { ok: false, error: 'one of its inputs is not a [layer, node, tensor] entry.' };
    if (input[1] !== 0 || input[2] !== 0)
      return {
        ok: false,
        error: `it takes a second output or application of "${input[0]}", which the canvas cannot draw.`,
      };
    sources.push(input[0]);
  }
  return { ok: true, value: sources };
}

function connect(draft: Draft, source: string, target: string): void {
  const base = `${source}->${target}`;
  // The same tensor twice into a merge (Add(x, x)) is two edges; each needs its own id.
  const taken = new Set(draft.edges.map((edge) => edge.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}#${n}`;
  draft.edges.push({ id, source, target });
}

/** Adds the layer as a node (or an opaque one) with an id made from its name; returns the id. */
function addNode(draft: Draft, layer: KerasLayer, isOutput: boolean): string {
  const name = layerName(layer);
  const base = safeId(name);
  const id = draft.layerOf.has(base) ? nextNodeId({ nodes: draft.nodes, edges: [] }, base) : base;
  draft.layerOf.set(id, name);
  const placed = layerFromKeras(layer, isOutput);
  const position = { x: 0, y: 0 };
  draft.nodes.push(
    placed.ok
      ? {
          id,
          type: placed.value.kind.type,
          params: placed.value.params,
          position,
          ...(own(layer.config, 'trainable') === false ? { trainable: false } : {}),
        }
      : {
          id,
          type: opaque.type,
          params: {},
          position,
          opaque: { className: layer.class_name, reason: placed.error, config: layer.config },
        },
  );
  return id;
}

/**
 * The kind and params for a layer: the first kind of its class that takes its config (a model
 * output tries the `output` role first; other layers never take it). Fails with the reason that
 * makes it opaque: no kind of that class, or what the matching kind could not take.
 */
export function layerFromKeras(
  layer: Pick<KerasLayer, 'class_name' | 'config'> & { readonly name?: string },
  isOutput: boolean,
): Result<{ kind: LayerKind; params: Record<string, unknown> }> {
  const candidates = layerKinds
    .filter((kind: LayerKind) => (kind.kerasClass ?? kind.type) === layer.class_name && kind.placeable !== false)
    .filter((kind) => isOutput || kind.role !== 'output')
    .sort((a, b) => Number(b.role === 'output') - Number(a.role === 'output'));
  if (candidates.length === 0) return { ok: false, error: `Unsupported layer class ${layer.class_name}` };
  let why = '';
  for (const kind of candidates) {
    const read = kind.fromKeras ? kind.fromKeras(layer.config) : kerasParams(kind, layer.config);
    if (!read.ok) {
      why ||= read.error;
      continue;
    }
    const checked = checkParams(kind.params, read.value);
    if (checked.errors.length === 0) return { ok: true, value: { kind, params: checked.params } };
    why ||= checked.errors.join('; ');
  }
  return {
    ok: false,
    error: `${layer.class_name} "${layerName(layer)}" cannot be shown as the studio's ${layer.class_name}: ${why}`,
  };
}

/** Node ids are plain names (the project's rule): other characters become _, never a prototype key. */
function safeId(name: string): string {
  const id = name.replace(/[^\w-]/g, '_').slice(0, 90);
  return /^[A-Za-z_]/.test(id) && !['__proto__', 'constructor', 'prototype'].includes(id) ? id : `layer_${id}`;
}

function isObject(value: unknown): value is KerasConfig {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ── what the training worker loads, and answers ──────────────────────────────

/** An imported model's files, read on the UI thread and checked there (`parseModelJson`, `checkWeightFiles`), for the training worker to load. */
export interface ModelImportRequest {
  /** The run the imported model stands for: its evaluations carry this id. */
  readonly runId: string;
  readonly modelJson: string;
  /** The weight files' bytes, in the order the manifest joins them (`checkWeightFiles`); transferred. */
  readonly weights: readonly ArrayBuffer[];
  /** metadata.json's text, when the files came with one (the studio's own export). */
  readonly metadata?: string;
  /** The graph the canvas will show: it picks the backend, and the Keras export is written from it. */
  readonly graph: Graph;
  /** The project's data and settings now: what the model is evaluated on. */
  readonly data: DataConfig;
  readonly settings: TrainSettings;
}

export interface ImportedModelInfo {
  /** Each layer's output shape, by its name in model.json, as the loaded model reports it. */
  readonly layerShapes: Readonly<Record<string, Shape>>;
  /**
   * Why the model cannot be evaluated, predicted with or exported on the project's current data,
   * worded to follow "cannot be evaluated here: "; absent when it can, and the worker then holds
   * it as its trained model (replacing the last run's).
   */
  readonly notUsable?: string;
}
