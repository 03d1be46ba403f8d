/**
 * An Auto space's model in Python: the body of the sweep script's `build_model(params)`, one
 * Keras model or PyTorch module per family (and per value of its structural knobs), its other knobs
 * read from `params`. The graphs are the ones `ModelFamily.build` makes, written by the Keras or the
 * PyTorch export, so the script trains what the studio trains.
 */
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
import { FAMILY_PATH, knobPath, type KnobValues, type ModelFamily } from './families/family';

/** One model of the script: a family with its structural knobs set, and the Python test that picks it. */
interface Branch {
  readonly test: string;
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

function branchesOf(space: SearchSpace, data: DataContext): Branch[] {
  const families = space.find((param) => param.path === FAMILY_PATH)?.domain;
  if (families?.type !== 'categorical') return [];
  const searched = new Set(space.map((param) => param.path));
  return families.choices.flatMap((id) => {
    const family = modelFamily(String(id));
    if (!family) return [];
    const defaults = Object.fromEntries(Object.entries(family.knobs).map(([name, knob]) => [name, knob.default]));
    return structuralCombinations(family, space).map((structure) => {
      const knobs = { ...defaults, ...structure };
      const steps = family.steps(data, knobs);
      const bindings = new Map(steps.map(({ step, bind }) => [step.id, bind]));
      const test = [
        `params[${py(FAMILY_PATH)}] == ${py(family.id)}`,
        ...Object.entries(structure)
          .filter(([name]) => searched.has(knobPath(family.id, name)))
          .map(([name, value]) => `params[${py(knobPath(family.id, name))}] == ${value}`),
      ].join(' and ');
      return {
        test,
        graph: graphOf(steps.map(({ step }) => step)),
        expression: (nodeId: string, param: string) => {
          const binding = bindings.get(nodeId)?.[param];
          const path = binding && knobPath(family.id, binding.knob);
          if (!path || !searched.has(path) || family.knobs[binding.knob]!.structural) return undefined;
          return binding.times === 1 ? `params[${py(path)}]` : `params[${py(path)}] * ${binding.times}`;
        },
      };
    });
  });
}

/** True when the space searches over model families: its script builds the family's model, not the project's graph. */
export const searchesFamilies = (space: SearchSpace): boolean => space.some((param) => param.path === FAMILY_PATH);

/**
 * The statements that set `model` for a trial's params: an if / elif chain over the families
 * and their structural knobs. Throws like `kerasModelLines` when a family's graph cannot be written.
 */
export function familyModelLines(space: SearchSpace, data: DataContext): string[] {
  const branches = branchesOf(space, data);
  return [
    ...branches.flatMap(({ test, graph, expression }, i) => [
      `${i === 0 ? 'if' : 'elif'} ${test}:`,
      ...kerasModelLines(graph, data, { paramExpression: expression }).map((line) => (line ? `    ${line}` : '')),
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
export function familyTorchLines(space: SearchSpace, data: DataContext): Result<FamilyModules> {
  const shared: string[] = [];
  const classes: string[] = [];
  const buildModel: string[] = [];
  for (const [i, { test, graph, expression }] of branchesOf(space, data).entries()) {
    const className = `Candidate${i}`;
    const module = torchModelLines(graph, data, { className, paramExpression: expression });
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
