/**
 * An Auto space's model in Python: the body of the sweep script's `build_model(params)`, one
 * Keras model or PyTorch module per family (and per value of its structural knobs), its other knobs
 * read from `params`. The graphs are the ones `ModelFamily.build` makes, written by the Keras or the
 * PyTorch export, so the script trains what the studio trains. Where the space also searches how many of
 * the ranked columns to keep, each model is written once per count, for the inputs that count keeps.
 */
import type { FeatureSpan } from '../../data/preprocess';
import { kerasModelLines, kerasTwinLines } from '../../model/codegen/keras';
import { torchModelLines } from '../../model/codegen/torch';
import type { Graph } from '../../model/graph';
import { graphOf } from '../../model/templates';
import { py } from '../../model/layers/layerKind';
import type { Result } from '../../model/result';
import type { DataContext } from '../../model/task';
import { gridValues } from '../samplers/grid';
import type { SearchSpace } from '../studyConfig';
import { modelFamily } from './families';
import { FAMILY_PATH, KEEP_FEATURES_PATH, knobPath, type KnobValues, type ModelFamily } from './families/family';

/** One model of the script: a family with its structural knobs set, and the Python test that picks it. */
interface Branch {
  readonly test: string;
  /** The data as this model sees it: fewer inputs where it keeps only the top-ranked columns. */
  readonly data: DataContext;
  readonly graph: Graph;
  readonly expression: (nodeId: string, param: string) => string | undefined;
}

/** Every combination of the structural knobs' values the space lets the family take (their defaults where it does not search them). */
function structuralCombinations(family: ModelFamily, space: SearchSpace): KnobValues[] {
  let combinations: Record<string, number>[] = [{}];
  for (const [name, knob] of Object.entries(family.knobs)) {
    if (!knob.structural) continue;
    const domain = space.find((param) => param.path === knobPath(family.id, name))?.domain;
    // Every value: a structural knob's range is short enough for the grid to take them all.
    const values = domain ? gridValues(domain).map(Number) : [knob.default];
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [name]: value })));
  }
  return combinations;
}

/**
 * Auto's "keep the top k" in a script: for each count of top-ranked columns the space may keep, the inputs (columns
 * of the encoded rows, in their order) of the features kept, as `candidateProject` leaves the others out: the ones
 * ranked below the top k of `featureOrder`. Undefined when the space does not search it or the features are unknown.
 */
export function keptInputs(
  space: SearchSpace,
  featureOrder: readonly string[],
  features: readonly FeatureSpan[],
): ReadonlyMap<number, readonly number[]> | undefined {
  const counts = space.find((param) => param.path === KEEP_FEATURES_PATH)?.domain;
  if (counts?.type !== 'categorical' || featureOrder.length === 0 || features.length === 0) return undefined;
  return new Map(
    counts.choices.map((count) => {
      const leftOut = new Set(featureOrder.slice(Number(count)));
      const inputs = features
        .filter((feature) => !leftOut.has(feature.name))
        .flatMap(({ offset, width }) => Array.from({ length: width }, (_, i) => offset + i));
      return [Number(count), inputs];
    }),
  );
}

/** The data as a candidate keeping `inputs` of the rows sees it; all of them when absent. */
function withInputs(data: DataContext, inputs: readonly number[] | undefined): DataContext {
  return inputs ? { ...data, inputShape: [inputs.length] } : data;
}

function branchesOf(space: SearchSpace, data: DataContext, kept?: ReadonlyMap<number, readonly number[]>): Branch[] {
  const families = space.find((param) => param.path === FAMILY_PATH)?.domain;
  if (families?.type !== 'categorical') return [];
  const searched = new Set(space.map((param) => param.path));
  const counts: (readonly [number, readonly number[]] | undefined)[] = kept ? [...kept] : [undefined];
  return families.choices.flatMap((id) => {
    const family = modelFamily(String(id));
    if (!family) return [];
    const defaults = Object.fromEntries(Object.entries(family.knobs).map(([name, knob]) => [name, knob.default]));
    return structuralCombinations(family, space).flatMap((structure) =>
      counts.map((count) => branchOf(family, { ...defaults, ...structure }, structure, searched, data, count)),
    );
  });
}

/** The model of `family` with `knobs`, picked by its structural knobs' values (and the count of columns kept, when searched). */
function branchOf(
  family: ModelFamily,
  knobs: KnobValues,
  structure: KnobValues,
  searched: ReadonlySet<string>,
  data: DataContext,
  count: readonly [number, readonly number[]] | undefined,
): Branch {
  const seen = withInputs(data, count?.[1]);
  const steps = family.steps(seen, knobs);
  const bindings = new Map(steps.map(({ step, bind }) => [step.id, bind]));
  const test = [
    `params[${py(FAMILY_PATH)}] == ${py(family.id)}`,
    ...Object.entries(structure)
      .filter(([name]) => searched.has(knobPath(family.id, name)))
      .map(([name, value]) => `params[${py(knobPath(family.id, name))}] == ${value}`),
    ...(count ? [`params[${py(KEEP_FEATURES_PATH)}] == ${count[0]}`] : []),
  ].join(' and ');
  return {
    test,
    data: seen,
    graph: graphOf(steps.map(({ step }) => step)),
    expression: (nodeId: string, param: string) => {
      const binding = bindings.get(nodeId)?.[param];
      const path = binding && knobPath(family.id, binding.knob);
      if (!path || !searched.has(path) || family.knobs[binding.knob]!.structural) return undefined;
      return binding.times === 1 ? `params[${py(path)}]` : `params[${py(path)}] * ${binding.times}`;
    },
  };
}

/** True when the space searches over model families: its script builds the family's model, not the project's graph. */
export const searchesFamilies = (space: SearchSpace): boolean => space.some((param) => param.path === FAMILY_PATH);

/**
 * The statements that set `model` for a trial's params: an if / elif chain over the families
 * and their structural knobs. Throws like `kerasModelLines` when a family's graph cannot be written.
 */
export function familyModelLines(
  space: SearchSpace,
  data: DataContext,
  kept?: ReadonlyMap<number, readonly number[]>,
): string[] {
  const branches = branchesOf(space, data, kept);
  return [
    ...branches.flatMap(({ test, data: seen, graph, expression }, i) => [
      `${i === 0 ? 'if' : 'elif'} ${test}:`,
      ...kerasModelLines(graph, seen, { paramExpression: expression }).map((line) => (line ? `    ${line}` : '')),
    ]),
    'else:',
    `    raise ValueError("No model family %r with these settings" % params[${py(FAMILY_PATH)}])`,
  ];
}

/** The classes of the layers Keras lacks that any family of the space uses, for the script's top level. */
export function familyTwinLines(space: SearchSpace, data: DataContext): string[] {
  return kerasTwinLines({ nodes: branchesOf(space, data).flatMap(({ graph }) => graph.nodes), edges: [] });
}

/** The PyTorch side of an Auto space: the module-level definitions and the body of `build_model(params)`. */
export interface FamilyModules {
  /** One nn.Module class per model the space can give, after the helpers and twin classes they use, each once. */
  readonly definitions: readonly string[];
  /** An if / elif chain over the families and their structural knobs, each returning its class made with `params`. */
  readonly buildModel: readonly string[];
}

/** The PyTorch twin of `familyModelLines`, or the error of a family's graph the PyTorch export cannot write. */
export function familyTorchLines(
  space: SearchSpace,
  data: DataContext,
  kept?: ReadonlyMap<number, readonly number[]>,
): Result<FamilyModules> {
  const shared: string[] = [];
  const classes: string[] = [];
  const buildModel: string[] = [];
  for (const [i, { test, data: seen, graph, expression }] of branchesOf(space, data, kept).entries()) {
    const className = `Candidate${i}`;
    const module = torchModelLines(graph, seen, { className, paramExpression: expression });
    if (!module.ok) return module;
    const start = module.value.indexOf(`class ${className}(nn.Module):`);
    // What precedes the class is its helpers and twin classes, one element each: families share them.
    for (const definition of module.value.slice(0, start))
      if (definition !== '' && !shared.includes(definition)) shared.push(definition);
    classes.push(...module.value.slice(start), '', '');
    buildModel.push(`${i === 0 ? 'if' : 'elif'} ${test}:`, `    return ${className}(params)`);
  }
  return {
    ok: true,
    value: {
      definitions: [...shared.flatMap((definition) => [definition, '', '']), ...classes],
      buildModel: [
        ...buildModel,
        `raise ValueError("No model family %r with these settings" % params[${py(FAMILY_PATH)}])`,
      ],
    },
  };
}
