import type * as tfjs from '@tensorflow/tfjs';
import type { Result } from '../result';
import { defaultsOf, type Infer, type ParamSchema } from '../schema';
import type { Shape } from '../shapes';
import type { DataContext } from '../task';
import type { TorchContext, TorchLayer } from './torch';

/** The tfjs namespace, injected so that layer files stay free of tfjs at run time. */
export type Tf = typeof tfjs;
export type SymbolicTensor = tfjs.SymbolicTensor;
export type TfLayer = tfjs.layers.Layer;

/** The backends the studio can train on, fastest first when a real GPU exists. */
export type BackendName = 'webgpu' | 'wasm' | 'cpu';

export type LayerCategory =
  | 'io'
  | 'core'
  | 'regularization'
  | 'normalization'
  | 'reshape'
  | 'convolution'
  | 'pooling'
  | 'embedding'
  | 'recurrent'
  | 'attention'
  | 'merge';

/** A layer's `config` as a Keras-style model.json holds it: snake_case keys, tuples per axis. */
export type KerasConfig = Readonly<Record<string, unknown>>;

export interface BuildContext {
  /** Unique within the model; the node id, so weights map back to canvas nodes. */
  readonly name: string;
  readonly data: DataContext;
}

/**
 * Everything the studio knows about one kind of layer. The canvas, inspector, shape inference,
 * engine and code generators ask the kind; none of them switches on `type`.
 *
 * Invariants: `inferShape` and `paramCount` equal what tfjs reports for the layer `build` makes
 * (checked by the parity tests); `inferShape` throws `ShapeError` with a message meant for the
 * person when the inputs do not fit.
 */
export interface LayerKind<S extends ParamSchema = ParamSchema, T extends string = string> {
  /** Stable id, saved in project files; Keras's class_name where one exists. */
  readonly type: T;
  readonly label: string;
  readonly category: LayerCategory;
  readonly doc: { readonly summary: string; readonly keras?: string };
  readonly params: S;
  /** How many incoming edges the layer takes. */
  readonly arity: { readonly min: number; readonly max: number };
  /** The graph's entry (shape from the data) or exit (units and activation from the task). */
  readonly role?: 'input' | 'output';
  /** Backends that cannot train this layer (a missing gradient kernel, say). */
  readonly unsupportedOn?: readonly BackendName[];
  /** False for a kind the palette does not offer: only an import makes it (the opaque layer). */
  readonly placeable?: false;
  /** The class name a saved model.json gives this kind's layer, when it is not `type` (a custom layer's `Tensorloom…`). */
  readonly kerasClass?: string;

  inferShape(inputs: readonly Shape[], params: Infer<S>, data: DataContext): Shape;
  paramCount(inputs: readonly Shape[], params: Infer<S>, data: DataContext): number;
  /** Multiply-adds counted as two FLOPs, per example. */
  flops(inputs: readonly Shape[], params: Infer<S>, data: DataContext): number;
  /**
   * For kinds whose layer tfjs lacks: makes their tfjs class known to tfjs's serialisation, so a
   * saved model.json that uses it loads back. The engine calls it for every kind when a backend
   * starts (so in every worker, before any model is built or loaded); calling it again does
   * nothing. The class itself comes from the injected `tf` (see `customLayer.ts`).
   */
  register?(tf: Tf): void;
  /**
   * The params of a layer saved with this `config` (importing a model.json), unchecked, or why
   * this kind cannot hold it (a setting it does not offer changes what the layer computes).
   * Absent: `kerasParams` in `kerasConfig.ts` reads each param from the snake_case key of its
   * name. Checked afterwards against `params`, like any other source of params.
   */
  fromKeras?(config: KerasConfig): Result<Record<string, unknown>>;
  /** Returns a function from the layer's input tensors to its output tensor. */
  build(tf: Tf, params: Infer<S>, ctx: BuildContext): (inputs: readonly SymbolicTensor[]) => SymbolicTensor;
  /**
   * Python for the Keras twin: a tensor expression for the input role, otherwise a layer
   * expression the code generator applies to the inputs.
   */
  toKeras(params: Infer<S>, ctx: BuildContext): string;
  /**
   * Python defining the Keras twin of a layer Keras lacks (a class `toKeras` names), written once
   * at the top of a script whose graph uses the kind.
   */
  readonly kerasPreamble?: string;
  /**
   * The PyTorch twin (`../codegen/torch.ts`): its module, forward expression and weight
   * conversion. Absent for a kind the PyTorch export cannot write (the opaque layer).
   */
  toTorch?(params: Infer<S>, ctx: TorchContext): TorchLayer;
  /** Python classes `toTorch` names, each written once at the top of a model.py whose graph uses the kind. */
  readonly torchPreamble?: readonly string[];
}

/** Keeps `type` as a literal so the catalog can derive the `LayerType` union. */
export function defineLayerKind<S extends ParamSchema, T extends string>(kind: LayerKind<S, T>): LayerKind<S, T> {
  return kind;
}

/**
 * The one input of a single-input layer. Graph validation checks arity before shapes are
 * inferred or models built, so any other count here is a bug, not a user error.
 */
export function onlyInput<T>(inputs: readonly T[]): T {
  const [first] = inputs;
  if (inputs.length !== 1 || first === undefined)
    throw new Error(`expected exactly 1 input, received ${inputs.length}`);
  return first;
}

/** How a family factory (convBase, poolBase, mergeBase) is told which of its kinds to make. */
export interface FamilyMember<T extends string> {
  /** Keras's class name, also the label. */
  readonly type: T;
  readonly summary: string;
  /** The Keras documentation URL. */
  readonly keras: string;
}

/** The identity fields of a family's kind. */
export function familyIdentity<T extends string>({ type, summary, keras }: FamilyMember<T>, category: LayerCategory) {
  return { type, label: type, category, doc: { summary, keras } };
}

/** What `build` returns for a layer with one input: the layer applied to it. */
export function applyToOnlyInput(layer: TfLayer): (inputs: readonly SymbolicTensor[]) => SymbolicTensor {
  return (inputs) => layer.apply(onlyInput(inputs)) as SymbolicTensor;
}

/** What `build` returns for a merge: the layer applied to all its inputs, in edge order. */
export function applyToAllInputs(layer: TfLayer): (inputs: readonly SymbolicTensor[]) => SymbolicTensor {
  return (inputs) => layer.apply([...inputs]) as SymbolicTensor;
}

/**
 * FLOPs for layers without weight products (elementwise, pooling, normalisation, reshaping,
 * merges, lookups): their work is negligible next to the matmuls and convolutions, and FLOPs
 * count those multiply-adds only.
 */
export function noMultiplyAdds(): number {
  return 0;
}

export function defaultParams<S extends ParamSchema>(kind: LayerKind<S>): Infer<S> {
  return defaultsOf(kind.params);
}

/** A Python literal for a JS value, as Keras code needs it. */
export function py(value: string | number | boolean | null | readonly (number | null)[]): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  return `(${value.map((v) => py(v)).join(', ')}${value.length === 1 ? ',' : ''})`;
}
