/**
 * The ModelFamily contract: a kind of model Auto searches (MLP, CNN, LSTM …), with its size knobs
 * and the graph it builds from them. One family per file of this folder, listed in `index.ts`.
 */
import type { Graph } from '../../../model/graph';
import { inferGraph } from '../../../model/infer';
import type { Result } from '../../../model/result';
import type { ParamSchema } from '../../../model/schema';
import { embedding } from '../../../model/layers/embedding';
import type { DataContext } from '../../../model/task';
import { dataKindOf, graphOf, step, type DataKind, type Step } from '../../../model/templates';
import type { FloatDomain, IntDomain, ParamValue } from '../../studyConfig';

/** The param that picks the family, a categorical over family ids; each knob is `knobPath(family, knob)`, conditional on it. */
export const FAMILY_PATH = 'auto.family';
export const knobPath = (familyId: string, knob: string): string => `auto.${familyId}.${knob}`;
/** How many of the ranked columns a candidate keeps (the top k of `StudyConfig.featureOrder`), the others left out. */
export const KEEP_FEATURES_PATH = 'auto.keepFeatures';
/** A family's own learning rate, searched in place of the shared one once the range test proposed a rate for the family. */
export const learningRatePath = (familyId: string): string => `auto.learningRate.${familyId}`;

/** One size setting of a family: how many layers, how wide, how much dropout. */
export interface Knob {
  /** As tables and charts name it after the family's label ("MLP · Width"). */
  readonly label: string;
  readonly help: string;
  /** The range Auto searches; a person may narrow it, never widen it. */
  readonly domain: IntDomain | FloatDomain;
  /** Its value where the search leaves it out. */
  readonly default: number;
  /**
   * The graph's structure follows it (a count of blocks), not only a layer's param: the Python
   * export writes one model per value. Keep such ranges short.
   */
  readonly structural?: boolean;
}

/** A family's knob values by knob name (`width`), each within its knob's range. */
export type KnobValues = Readonly<Record<string, number>>;

/** A layer param that takes a knob's value, times a whole factor (filters doubling per block). */
export interface KnobBinding {
  readonly knob: string;
  readonly times: number;
}

/** A step of a family's graph, and which of its layer's params come from knobs. */
export interface FamilyStep {
  readonly step: Step<ParamSchema>;
  readonly bind: Readonly<Record<string, KnobBinding>>;
}

/**
 * `step` with some of its layer's params taken from knobs: `{ units: 'width' }`, or
 * `{ filters: ['filters', 2] }` for twice the knob. The step's params must hold those values
 * (the family tests check that they do), so the graph and its Python twin agree.
 */
export function bound(
  step: Step<ParamSchema>,
  bind: Readonly<Record<string, string | readonly [string, number]>> = {},
): FamilyStep {
  return {
    step,
    bind: Object.fromEntries(
      Object.entries(bind).map(([param, knob]) => [
        param,
        typeof knob === 'string' ? { knob, times: 1 } : { knob: knob[0], times: knob[1] },
      ]),
    ),
  };
}

export interface FamilyDefinition {
  /** Stored in journals as the value of `auto.family`: never rename it once released. */
  readonly id: string;
  /** Its name in Auto's leaderboard and in param labels ("MLP · Width"). */
  readonly label: string;
  /** What it is and when it does well, in a sentence or two. */
  readonly help: string;
  readonly dataKind: DataKind;
  /** Knobs by name, in the order tables list them. */
  readonly knobs: Readonly<Record<string, Knob>>;
  /** The graph's steps for these knob values; Input and Output adapt to the data by themselves. */
  steps(data: DataContext, knobs: KnobValues): readonly FamilyStep[];
  /** The size in a few characters for the leaderboard: "2×64". */
  size(knobs: KnobValues): string;
}

export interface ModelFamily extends FamilyDefinition {
  /**
   * The family's knob values: `values` (by knob name) where given, each knob's default where not;
   * or why a value does not fit its knob.
   */
  knobValues(values: Readonly<Record<string, ParamValue>>): Result<KnobValues>;
  /** A new, laid-out graph that passes shape inference for `data`, or why it cannot be built. */
  build(data: DataContext, values?: Readonly<Record<string, ParamValue>>): Result<Graph>;
}

const fmt = (value: number) => String(value);

/** Why a value does not fit a knob, as a phrase; undefined when it does. */
function knobProblem(knob: Knob, value: ParamValue): string | undefined {
  const { low, high, type } = knob.domain;
  if (typeof value !== 'number' || !Number.isFinite(value) || (type === 'int' && !Number.isInteger(value)))
    return `expected ${type === 'int' ? 'a whole number' : 'a number'}, received ${JSON.stringify(value)}`;
  return value < low || value > high ? `${fmt(value)} is outside [${fmt(low)}, ${fmt(high)}]` : undefined;
}

export function defineFamily(definition: FamilyDefinition): ModelFamily {
  const family: ModelFamily = {
    ...definition,
    knobValues(values) {
      const resolved: Record<string, number> = {};
      for (const [name, knob] of Object.entries(definition.knobs)) {
        const value = Object.hasOwn(values, name) ? values[name]! : knob.default;
        const problem = knobProblem(knob, value);
        if (problem) return { ok: false, error: `${definition.label} · ${knob.label}: ${problem}.` };
        resolved[name] = value as number;
      }
      return { ok: true, value: resolved };
    },
    build(data, values = {}) {
      const kind = dataKindOf(data);
      if (kind !== definition.dataKind)
        return {
          ok: false,
          error: `${definition.label} is for ${definition.dataKind} data; this dataset is ${kind ?? 'of another kind'}.`,
        };
      const knobs = family.knobValues(values);
      if (!knobs.ok) return knobs;
      const graph = graphOf(definition.steps(data, knobs.value).map((s) => s.step));
      const { reason } = inferGraph(graph, data);
      return reason === undefined
        ? { ok: true, value: graph }
        : { ok: false, error: `${definition.label} cannot be built for this data: ${reason}.` };
    },
  };
  return family;
}

/** A log-scaled whole-number range. */
export const logInt = (low: number, high: number): IntDomain => ({ type: 'int', low, high, log: true, step: 1 });
/** A whole-number range, every value equally likely. */
export const linInt = (low: number, high: number): IntDomain => ({ type: 'int', low, high, log: false, step: 1 });
/** A dropout rate, in steps of 0.05 (the Dropout layer keeps two decimals). */
export const DROPOUT: Knob = {
  label: 'Dropout',
  help: 'Fraction of units dropped at each training step: more fights overfitting on small data.',
  domain: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  default: 0.1,
};

/** The vector length every text family learns per token. */
export const EMBEDDING: Knob = {
  label: 'Embedding size',
  help: 'Length of the vector learned for each token.',
  domain: logInt(8, 64),
  default: 32,
};

/** Token ids → `embedding`-long vectors, one per id of the data's vocabulary. */
export const embeddingStep = (data: DataContext, k: KnobValues): FamilyStep =>
  bound(
    step({
      id: 'embedding_1',
      kind: embedding,
      // Text data always has a vocabulary (dataKindOf); build() refuses other data before this.
      params: { inputDim: data.vocabularySize ?? 1, outputDim: k.embedding! },
    }),
    { outputDim: 'embedding' },
  );
