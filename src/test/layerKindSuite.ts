/**
 * The conformance suite every layer kind's test runs: the kind's pure shape and param maths must
 * agree with the model tfjs really builds from it (CPU backend, in Node), its schema must be
 * well formed, and its errors and Keras code must read as promised.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, type KerasConfig, type LayerKind } from '../model/layers/layerKind';
import { layerFromKeras } from '../model/modelImport';
import { checkParams, type Infer, type ParamSchema, type ParamSpec } from '../model/schema';
import { ShapeError, windowSpan, type Padding, type Shape } from '../model/shapes';
import type { DataContext } from '../model/task';

/** Iris: 4 numeric features, 3 classes. Cases that do not care about the data use it. */
const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };

interface CaseBase<S extends ParamSchema> {
  /** Shown in the test name; defaults to the params as JSON. */
  readonly name?: string;
  readonly params?: Partial<Infer<S>>;
  /** Defaults to IRIS. */
  readonly data?: DataContext;
}

/** The shapes fed to the layer, batch axis first; neither is given for kinds that take no inputs. */
interface CaseInputs {
  /** The one input's shape. */
  readonly input?: Shape;
  /** Every input's shape, in edge order, for kinds that take several. */
  readonly inputs?: readonly Shape[];
}

/** A valid configuration: shape and param count must match tfjs, `output` must be what both say. */
export interface ParityCase<S extends ParamSchema> extends CaseBase<S>, CaseInputs {
  readonly output: Shape;
  readonly paramCount?: number;
  /** Text the Keras expression must contain. */
  readonly keras?: string;
}

/** Params the schema must reject, with the message it should give. */
export interface InvalidParamsCase {
  readonly name?: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly error: RegExp;
}

/** Valid params on an input the layer cannot take: `inferShape` must throw a ShapeError. */
export interface ShapeErrorCase<S extends ParamSchema> extends CaseBase<S>, CaseInputs {
  readonly shapeError: RegExp;
}

export type LayerKindCase<S extends ParamSchema> = ParityCase<S> | InvalidParamsCase | ShapeErrorCase<S>;

export interface SuiteOptions<S extends ParamSchema> {
  /**
   * Input shapes for the generated parity checks: the one input's shape, or, given the generated
   * params, every input's shape (so that a conv's input is at least its kernel, say). Defaults to
   * one shape of rank 2 to 4 with small known sizes, repeated as often as the kind's arity allows
   * (up to 3), which suits elementwise merges.
   */
  readonly inputs?: fc.Arbitrary<Shape> | ((params: Infer<S>) => fc.Arbitrary<readonly Shape[]>);
  /**
   * Generated values for some params, merged over those drawn from the schema: narrower ranges
   * where the full one only makes models slow to build, or combinations the schema cannot express.
   */
  readonly params?: fc.Arbitrary<Partial<Infer<S>>>;
}

const LAYER_NAME = 'layer_under_test';
/** The batch size, and every unknown length, of the batch the built model is run on. */
const RUN_LENGTH = 2;

/**
 * Builds the kind alone in a tfjs model: its output shape per example and its weight count. With
 * no input shapes, the kind makes its own input (the Input kind).
 */
function buildWithTfjs<S extends ParamSchema>(
  kind: LayerKind<S>,
  params: Infer<S>,
  data: DataContext,
  inputShapes: readonly Shape[],
): { output: Shape; paramCount: number; predictedShape: number[]; saved: SavedLayer } {
  const inputs = inputShapes.map((shape) => tf.input({ shape: shape.slice(1) }));
  const outputTensor = kind.build(tf, params, { name: LAYER_NAME, data })(inputs);
  // An Input kind's tensor is its own model input.
  const model = tf.model({ inputs: inputs.length > 0 ? inputs : outputTensor, outputs: outputTensor });
  try {
    // Run it on a real batch of 2, so the shape is what the kernels produce, not only the symbolic one.
    const examples = inputShapes.length > 0 ? inputShapes : [[null, ...data.inputShape]];
    const predictedShape = tf.tidy(() => {
      const batches = examples.map((example) => tf.zeros(example.map((d) => d ?? RUN_LENGTH)));
      return (model.predict(batches) as tf.Tensor).shape;
    });
    // The Input layer that feeds the kind owns no weights, so the model's count is the kind's.
    return { output: outputTensor.shape, paramCount: model.countParams(), predictedShape, saved: savedLayer(model) };
  } finally {
    model.dispose();
  }
}

/** The layer under test as model.json saves it (snake_case config). */
interface SavedLayer {
  readonly class_name: string;
  readonly config: KerasConfig;
}

function savedLayer(model: tf.LayersModel): SavedLayer {
  const topology = model.toJSON(null, false) as unknown as { config: { layers: (SavedLayer & { name: string })[] } };
  const { class_name, config } = topology.config.layers.find((layer) => layer.name === LAYER_NAME)!;
  return { class_name, config };
}

/**
 * Importing the saved layer gives this kind back, with params that build the very same saved
 * layer (the inner layer's generated name aside: tfjs numbers those per build).
 */
function expectReadBack<S extends ParamSchema>(
  kind: LayerKind<S>,
  saved: SavedLayer,
  data: DataContext,
  inputs: readonly Shape[],
): void {
  const read = layerFromKeras(saved, kind.role === 'output');
  if (!read.ok) throw new Error(`${kind.type} could not read back its own config: ${read.error}`);
  expect(read.value.kind).toBe(kind);
  const unnamed = (layer: SavedLayer) =>
    JSON.parse(JSON.stringify(layer, (key, value: unknown) => (key === 'name' ? undefined : value))) as unknown;
  expect(unnamed(buildWithTfjs(kind, read.value.params as Infer<S>, data, inputs).saved)).toEqual(unnamed(saved));
}

function inputsOf(c: CaseInputs): readonly Shape[] {
  return c.inputs ?? (c.input ? [c.input] : []);
}

function caseName(c: CaseInputs & { readonly name?: string; readonly params?: unknown }): string {
  const inputs = inputsOf(c);
  return (
    c.name ??
    `${JSON.stringify(c.params ?? {})}${inputs.length > 0 ? ` on ${inputs.map((s) => JSON.stringify(s)).join(' and ')}` : ''}`
  );
}

/**
 * An arbitrary valid value for a param. Int ranges are capped at 64 so generated models stay
 * small enough to build many times in a test run.
 */
function paramArbitrary(spec: ParamSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'int':
      return fc.integer({ min: spec.min, max: Math.min(spec.max, Math.max(spec.min, 64)) });
    case 'float':
      return fc.double({ min: spec.min, max: spec.max, noNaN: true });
    case 'enum':
      return fc.constantFrom(...spec.options);
    case 'bool':
      return fc.boolean();
  }
}

const dataArbitrary: fc.Arbitrary<DataContext> = fc
  .record({
    inputShape: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }),
    task: fc.constantFrom('binary', 'multiclass', 'regression'),
    labels: fc.array(fc.string(), { minLength: 2, maxLength: 6 }),
  })
  .map((d) => ({ ...d, labels: d.task === 'regression' ? [] : d.task === 'binary' ? d.labels.slice(0, 2) : d.labels }));

const defaultInput: fc.Arbitrary<Shape> = fc
  .array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 })
  .map((dims) => [null, ...dims]);

/** The generated inputs for a kind: as the options say, else copies of one default shape. */
function inputsArbitrary<S extends ParamSchema>(
  kind: LayerKind<S>,
  inputs: SuiteOptions<S>['inputs'],
): (params: Infer<S>) => fc.Arbitrary<readonly Shape[]> {
  if (typeof inputs === 'function') return inputs;
  const shape = inputs ?? defaultInput;
  const count = fc.integer({ min: kind.arity.min, max: Math.min(kind.arity.max, 3) });
  return () => fc.tuple(shape, count).map(([s, n]) => Array.from({ length: n }, () => s));
}

export function layerKindSuite<S extends ParamSchema>(
  kind: LayerKind<S>,
  cases: readonly LayerKindCase<S>[],
  options: SuiteOptions<S> = {},
): void {
  describe(`${kind.type} conforms to the LayerKind contract`, () => {
    beforeAll(async () => {
      expect(await tf.setBackend('cpu')).toBe(true);
    });

    it('has a summary, a Keras link and help for every param', () => {
      expect(kind.doc.summary).toMatch(/\S/);
      expect(kind.doc.summary).not.toContain('\n');
      expect(kind.doc.keras).toMatch(/^https:\/\/keras\.io\//);
      for (const [key, spec] of Object.entries(kind.params)) {
        expect(spec.help, key).toMatch(/\S/);
        expect(spec.help, key).not.toContain('\n');
      }
    });

    it('accepts its own defaults', () => {
      expect(checkParams(kind.params, defaultParams(kind)).errors).toEqual([]);
    });

    for (const c of cases) {
      const params = (): Infer<S> => ({ ...defaultParams(kind), ...c.params });
      const data = 'data' in c && c.data ? c.data : IRIS;

      if ('error' in c)
        it(`rejects ${caseName(c)}`, () => {
          const { errors } = checkParams(kind.params, c.params);
          expect(errors.join('\n')).toMatch(c.error);
        });
      else if ('shapeError' in c)
        it(`cannot take ${caseName(c)}`, () => {
          const attempt = (): Shape => kind.inferShape(inputsOf(c), params(), data);
          expect(attempt).toThrow(ShapeError);
          expect(attempt).toThrow(c.shapeError);
        });
      else
        it(`matches tfjs for ${caseName(c)}`, () => {
          const inputs = inputsOf(c);
          expect(checkParams(kind.params, params()).errors).toEqual([]);
          const inferred = kind.inferShape(inputs, params(), data);
          expect(inferred).toEqual(c.output);
          const built = buildWithTfjs(kind, params(), data, inputs);
          expect(built.output).toEqual(inferred);
          // The real batch has every unknown length set to 2, so the kernels' output is what the
          // kind infers for those lengths.
          const runShapes = inputs.map((shape) => shape.map((d, axis) => (axis === 0 ? null : (d ?? RUN_LENGTH))));
          expect(built.predictedShape).toEqual(kind.inferShape(runShapes, params(), data).map((d) => d ?? RUN_LENGTH));
          expect(kind.paramCount(inputs, params(), data)).toBe(built.paramCount);
          if (c.paramCount !== undefined) expect(built.paramCount).toBe(c.paramCount);
          expect(kind.flops(inputs, params(), data)).toBeGreaterThanOrEqual(0);
          if (c.keras !== undefined) expect(kind.toKeras(params(), { name: LAYER_NAME, data })).toContain(c.keras);
          expectReadBack(kind, built.saved, data, inputs);
        });
    }

    it('matches tfjs over generated valid params and inputs', () => {
      const fromSchema = fc.record(
        Object.fromEntries(Object.entries(kind.params).map(([key, spec]) => [key, paramArbitrary(spec)])),
      ) as fc.Arbitrary<Infer<S>>;
      const paramsArbitrary = options.params
        ? fc.tuple(fromSchema, options.params).map(([drawn, narrowed]): Infer<S> => ({ ...drawn, ...narrowed }))
        : fromSchema;
      const inputsFor = inputsArbitrary(kind, options.inputs);
      const layerArbitrary = paramsArbitrary.chain((params) => inputsFor(params).map((inputs) => ({ params, inputs })));
      fc.assert(
        fc.property(layerArbitrary, dataArbitrary, ({ params, inputs }, data) => {
          expect(checkParams(kind.params, params).errors).toEqual([]);
          const inferred = kind.inferShape(inputs, params, data);
          const built = buildWithTfjs(kind, params, data, inputs);
          expect(built.output).toEqual(inferred);
          expect(kind.paramCount(inputs, params, data)).toBe(built.paramCount);
          expectReadBack(kind, built.saved, data, inputs);
        }),
        { numRuns: 25, seed: 42 },
      );
    });
  });
}

/**
 * A channels-last input, (batch, …spatial, channels), small enough to build fast, with every
 * spatial axis long enough for `window` to fit under "valid" padding.
 */
export function channelsLastInput(
  spatialRank: number,
  window?: { size: number; dilation?: number; padding: Padding },
): fc.Arbitrary<Shape> {
  const minLength = window?.padding === 'valid' ? windowSpan({ size: window.size, dilation: window.dilation ?? 1 }) : 1;
  const spatial = fc.array(fc.integer({ min: minLength, max: minLength + 6 }), {
    minLength: spatialRank,
    maxLength: spatialRank,
  });
  return fc.tuple(spatial, fc.integer({ min: 1, max: 4 })).map(([lengths, channels]) => [null, ...lengths, channels]);
}

/**
 * Small convolution windows, strided or dilated but never both (tfjs and Keras refuse that; each
 * conv kind has a case for it). Small windows keep generated models quick to build.
 */
export const convWindowParams = fc
  .record({
    filters: fc.integer({ min: 1, max: 8 }),
    kernelSize: fc.integer({ min: 1, max: 5 }),
    step: fc.integer({ min: 1, max: 3 }),
    dilated: fc.boolean(),
  })
  .map(({ filters, kernelSize, step, dilated }) => ({
    filters,
    kernelSize,
    strides: dilated ? 1 : step,
    dilationRate: dilated ? step : 1,
  }));
