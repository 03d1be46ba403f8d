/**
 * The conformance suite every layer kind's test runs: the kind's pure shape and param maths must
 * agree with the model tfjs really builds from it (CPU backend, in Node), its schema must be
 * well formed, and its errors and Keras code must read as promised.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParams, type LayerKind } from '../model/layers/layerKind';
import { checkParams, type Infer, type ParamSchema, type ParamSpec } from '../model/schema';
import { ShapeError, type Shape } from '../model/shapes';
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

/** A valid configuration: shape and param count must match tfjs, `output` must be what both say. */
export interface ParityCase<S extends ParamSchema> extends CaseBase<S> {
  /** The input's shape, batch axis first; left out for kinds that take no inputs. */
  readonly input?: Shape;
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
export interface ShapeErrorCase<S extends ParamSchema> extends CaseBase<S> {
  readonly input?: Shape;
  readonly shapeError: RegExp;
}

export type LayerKindCase<S extends ParamSchema> = ParityCase<S> | InvalidParamsCase | ShapeErrorCase<S>;

export interface SuiteOptions {
  /**
   * Input shapes for the generated parity checks (kinds with one input only). Defaults to rank 2
   * to 4 with small known sizes.
   */
  readonly inputs?: fc.Arbitrary<Shape>;
}

const LAYER_NAME = 'layer_under_test';

/** Builds the kind alone in a tfjs model: its output shape per example and its weight count. */
function buildWithTfjs<S extends ParamSchema>(
  kind: LayerKind<S>,
  params: Infer<S>,
  data: DataContext,
  inputShape: Shape | undefined,
): { output: Shape; paramCount: number; predictedShape: number[] } {
  const inputs = inputShape === undefined ? [] : [tf.input({ shape: inputShape.slice(1) })];
  const outputTensor = kind.build(tf, params, { name: LAYER_NAME, data })(inputs);
  // An Input kind's tensor is its own model input.
  const model = tf.model({ inputs: inputs.length > 0 ? inputs : outputTensor, outputs: outputTensor });
  try {
    // Run it on a real batch of 2, so the shape is what the kernels produce, not only the symbolic one.
    const example = inputShape ?? [null, ...data.inputShape];
    const predictedShape = tf.tidy(() => {
      const batch = tf.zeros(example.map((d) => d ?? 2));
      return (model.predict(batch) as tf.Tensor).shape;
    });
    // The Input layer that feeds the kind owns no weights, so the model's count is the kind's.
    return { output: outputTensor.shape, paramCount: model.countParams(), predictedShape };
  } finally {
    model.dispose();
  }
}

function caseName(c: { readonly name?: string; readonly params?: unknown; readonly input?: Shape }): string {
  return c.name ?? `${JSON.stringify(c.params ?? {})}${c.input ? ` on ${JSON.stringify(c.input)}` : ''}`;
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

const dataArbitrary: fc.Arbitrary<DataContext> = fc.record({
  inputShape: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }),
  task: fc.constantFrom('binary', 'multiclass', 'regression'),
  labels: fc.array(fc.string(), { minLength: 2, maxLength: 6 }),
}).map((d) => ({ ...d, labels: d.task === 'regression' ? [] : d.task === 'binary' ? d.labels.slice(0, 2) : d.labels }));

const defaultInputs: fc.Arbitrary<Shape> = fc
  .array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 })
  .map((dims) => [null, ...dims]);

export function layerKindSuite<S extends ParamSchema>(
  kind: LayerKind<S>,
  cases: readonly LayerKindCase<S>[],
  options: SuiteOptions = {},
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
          const attempt = (): Shape => kind.inferShape(c.input ? [c.input] : [], params(), data);
          expect(attempt).toThrow(ShapeError);
          expect(attempt).toThrow(c.shapeError);
        });
      else
        it(`matches tfjs for ${caseName(c)}`, () => {
          const inputs = c.input ? [c.input] : [];
          expect(checkParams(kind.params, params()).errors).toEqual([]);
          const inferred = kind.inferShape(inputs, params(), data);
          expect(inferred).toEqual(c.output);
          const built = buildWithTfjs(kind, params(), data, c.input);
          expect(built.output).toEqual(inferred);
          expect(built.predictedShape).toEqual(inferred.map((d) => d ?? 2));
          expect(kind.paramCount(inputs, params(), data)).toBe(built.paramCount);
          if (c.paramCount !== undefined) expect(built.paramCount).toBe(c.paramCount);
          expect(kind.flops(inputs, params(), data)).toBeGreaterThanOrEqual(0);
          if (c.keras !== undefined) expect(kind.toKeras(params(), { name: LAYER_NAME, data })).toContain(c.keras);
        });
    }

    it('matches tfjs over generated valid params and inputs', () => {
      const paramsArbitrary = fc.record(
        Object.fromEntries(Object.entries(kind.params).map(([key, spec]) => [key, paramArbitrary(spec)])),
      ) as fc.Arbitrary<Infer<S>>;
      const takesInput = kind.arity.max > 0;
      fc.assert(
        fc.property(paramsArbitrary, dataArbitrary, options.inputs ?? defaultInputs, (params, data, inputShape) => {
          expect(checkParams(kind.params, params).errors).toEqual([]);
          const inputs = takesInput ? [inputShape] : [];
          const inferred = kind.inferShape(inputs, params, data);
          const built = buildWithTfjs(kind, params, data, takesInput ? inputShape : undefined);
          expect(built.output).toEqual(inferred);
          expect(kind.paramCount(inputs, params, data)).toBe(built.paramCount);
        }),
        { numRuns: 25, seed: 42 },
      );
    });
  });
}
