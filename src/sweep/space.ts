/**
 * The search space of a sweep: which settings of the project vary, and over which ranges.
 *
 * A parameter is addressed by a path into the project document: `training.<setting>` for a
 * training setting, `nodes.<layer id>.params.<name>` for any param of a layer, typed by that
 * layer kind's params schema. Ranges are proposed from the schema, checked against it, and the
 * values a trial draws are written back with `applyParams` (which "apply best" uses too).
 */
import { getLayerKind } from '../model/layers';
import { OPTIMIZERS, TRAINING_LABELS, type Project, type TrainingConfig } from '../model/project';
import type { Result } from '../model/result';
import { SCHEDULES } from '../model/schedule';
import { paramSpecLabel, type ParamSpec } from '../model/schema';
import { modelFamilies, modelFamily } from './auto/families';
import { FAMILY_PATH, KEEP_FEATURES_PATH, learningRatePath, type Knob } from './auto/families/family';
import { conditionProblems } from './conditions';
import type { Domain, ParamValue, SearchParam, SearchSpace } from './studyConfig';

/** One trial's values, keyed by parameter path. */
export type Params = Readonly<Record<string, ParamValue>>;

/** What a path may hold: the schema spec it is checked against. */
type Spec = ParamSpec;

const num = (
  o: { min: number; max: number; log?: boolean; step?: number; default: number },
  type: 'int' | 'float' = 'float',
): Spec => ({ type, help: '', ...o }) as Spec;

/**
 * The training settings a sweep may vary, with the bounds the project file accepts (see
 * project.ts's schema) and whether the setting is naturally searched on a log scale.
 */
const TRAINING_SPECS: Readonly<Partial<Record<keyof TrainingConfig, Spec>>> = {
  learningRate: num({ min: 1e-7, max: 10, log: true, default: 0.01 }),
  batchSize: num({ min: 1, max: 65_536, log: true, default: 16 }, 'int'),
  epochs: num({ min: 1, max: 10_000, default: 30 }, 'int'),
  optimizer: { type: 'enum', options: OPTIMIZERS, default: 'adam', help: '' },
  momentum: num({ min: 0, max: 0.999, default: 0.9 }),
  weightDecay: num({ min: 1e-8, max: 1, log: true, default: 0.01 }),
  schedule: { type: 'enum', options: SCHEDULES, default: 'constant', help: '' },
  decayRate: num({ min: 0.01, max: 1, default: 0.5 }),
  decayEvery: num({ min: 1, max: 10_000, default: 10 }, 'int'),
  warmupEpochs: num({ min: 0, max: 10_000, default: 0 }, 'int'),
  labelSmoothing: num({ min: 0, max: 0.5, default: 0 }),
};

/** Ranges a person would start from, where the schema's bounds are far too wide to be useful. */
const TRAINING_PROPOSALS: Readonly<Partial<Record<keyof TrainingConfig, Domain>>> = {
  learningRate: { type: 'float', low: 1e-4, high: 0.1, log: true },
  batchSize: { type: 'categorical', choices: [16, 32, 64, 128] },
  weightDecay: { type: 'float', low: 1e-5, high: 0.1, log: true },
  momentum: { type: 'float', low: 0.5, high: 0.99, log: false },
  decayRate: { type: 'float', low: 0.1, high: 0.9, log: false },
  labelSmoothing: { type: 'float', low: 0, high: 0.2, log: false },
};

const NODE_PATH = /^nodes\.([^.]+)\.params\.([^.]+)$/;
const TRAINING_PATH = /^training\.([^.]+)$/;
const KNOB_PATH = /^auto\.([^.]+)\.([^.]+)$/;
const FAMILY_RATE_PATH = new RegExp(`^${learningRatePath('').replaceAll('.', '\\.')}([^.]+)$`);

/** Auto's choice of model family: any family's id (autoSpace offers those for the data). */
const FAMILY_SPEC: Spec = {
  type: 'enum',
  options: modelFamilies.map((family) => family.id),
  default: modelFamilies[0]!.id,
  help: '',
};

/** Auto's number of top-ranked columns kept: any count from 1 (autoSpace offers all, half and a quarter). */
const KEEP_FEATURES_SPEC: Spec = num({ min: 1, max: Number.MAX_SAFE_INTEGER, default: 1 }, 'int');

/** A family's knob as a spec: its range is the widest a search may take. */
const knobSpec = ({ domain, help, default: value }: Knob): Spec =>
  domain.type === 'int'
    ? { type: 'int', min: domain.low, max: domain.high, log: domain.log, default: value, help }
    : {
        type: 'float',
        min: domain.low,
        max: domain.high,
        log: domain.log,
        default: value,
        help,
        ...(domain.step !== undefined && { step: domain.step }),
      };

/** Auto's params: the family, the top features kept, or one of a family's knobs ("MLP · Width"). */
function locateAuto(path: string): Result<Located> | undefined {
  if (path === FAMILY_PATH) return { ok: true, value: { spec: FAMILY_SPEC, current: undefined, label: 'Family' } };
  if (path === KEEP_FEATURES_PATH)
    return { ok: true, value: { spec: KEEP_FEATURES_SPEC, current: undefined, label: 'Top features kept' } };
  const rateOf = FAMILY_RATE_PATH.exec(path)?.[1];
  if (rateOf !== undefined) {
    const family = modelFamily(rateOf);
    if (!family) return { ok: false, error: `"${rateOf}" is not a model family Auto knows.` };
    const label = `${family.label} · ${TRAINING_LABELS.learningRate}`;
    return { ok: true, value: { spec: TRAINING_SPECS.learningRate!, current: undefined, label } };
  }
  const match = KNOB_PATH.exec(path);
  if (!match) return undefined;
  const [, id, name] = match as unknown as [string, string, string];
  const family = modelFamily(id);
  if (!family) return { ok: false, error: `"${id}" is not a model family Auto knows.` };
  const knob = Object.hasOwn(family.knobs, name) ? family.knobs[name] : undefined;
  if (!knob) return { ok: false, error: `${family.label} has no size setting "${name}".` };
  return { ok: true, value: { spec: knobSpec(knob), current: knob.default, label: `${family.label} · ${knob.label}` } };
}

interface Located {
  readonly spec: Spec;
  readonly current: unknown;
  readonly label: string;
}

/** The schema spec and current value behind a path, or why the path leads nowhere. */
function locate(project: Project, path: string): Result<Located> {
  const auto = locateAuto(path);
  if (auto) return auto;
  const training = TRAINING_PATH.exec(path);
  if (training) {
    const key = training[1]! as keyof TrainingConfig;
    const spec = Object.hasOwn(TRAINING_SPECS, key) ? TRAINING_SPECS[key] : undefined;
    if (!spec) return { ok: false, error: `"${key}" is not a training setting a sweep can vary.` };
    return { ok: true, value: { spec, current: project.training[key], label: TRAINING_LABELS[key] } };
  }
  const node = NODE_PATH.exec(path);
  if (node) {
    const [, id, name] = node as unknown as [string, string, string];
    const layer = project.graph.nodes.find((n) => n.id === id);
    if (!layer)
      return {
        ok: false,
        error: `The layer "${id}" is no longer in the model; remove ${name} of ${id} from the sweep.`,
      };
    const kind = getLayerKind(layer.type);
    const spec = kind && Object.hasOwn(kind.params, name) ? kind.params[name] : undefined;
    if (!spec)
      return { ok: false, error: `The layer "${id}" (${kind?.label ?? layer.type}) has no parameter "${name}".` };
    return { ok: true, value: { spec, current: layer.params[name], label: layerParamLabel(id, name, spec) } };
  }
  return {
    ok: false,
    error: `"${path}" is not a setting of the project (expected training.<setting>, nodes.<layer>.params.<name> or auto.<family>.<setting>).`,
  };
}

/** "dense_1 · Units": a layer's param named as the Inspector names it, after the layer's name. */
const layerParamLabel = (id: string, name: string, spec: ParamSpec): string => `${id} · ${paramSpecLabel(name, spec)}`;

/**
 * "Learning rate", "dense_1 · Units": how tables, charts and messages name a parameter, in the
 * words of the Train view and the Inspector. A path that leads nowhere in `project` (a layer
 * removed since) is named from the path alone.
 */
export function paramLabel(project: Project, path: string): string {
  const located = locate(project, path);
  if (located.ok) return located.value.label;
  const node = NODE_PATH.exec(path);
  return node ? `${node[1]} · ${node[2]}` : path;
}

/** A range around the schema: full for enums, floats and small ints, around the current value for wide ints. */
function domainFromSpec(spec: Spec, current: unknown): Domain {
  switch (spec.type) {
    case 'enum':
      return { type: 'categorical', choices: [...spec.options] };
    case 'bool':
      return { type: 'categorical', choices: [true, false] };
    case 'float':
      return spec.log
        ? { type: 'float', low: Math.max(spec.min, Number.MIN_VALUE), high: spec.max, log: true }
        : {
            type: 'float',
            low: spec.min,
            high: spec.max,
            log: false,
            ...(spec.step !== undefined && { step: spec.step }),
          };
    case 'int': {
      const value = typeof current === 'number' && Number.isFinite(current) ? current : spec.default;
      // Units or filters in [1, 65536]: a quarter to four times today's value on a log scale.
      if (spec.log) {
        const low = Math.max(spec.min, 1, Math.floor(value / 4));
        return {
          type: 'int',
          low,
          high: Math.max(low + 1, Math.min(spec.max, Math.ceil(value * 4))),
          log: true,
          step: 1,
        };
      }
      const low = Math.max(spec.min, Math.floor(value / 2));
      return { type: 'int', low, high: Math.max(low, Math.min(spec.max, value * 2 + 1)), log: false, step: 1 };
    }
  }
}

/** A sensible range for one path, or why the path leads nowhere. */
export function proposeRange(project: Project, path: string): Result<Domain> {
  const located = locate(project, path);
  if (!located.ok) return located;
  const key = TRAINING_PATH.exec(path)?.[1] as keyof TrainingConfig | undefined;
  const proposal = key && Object.hasOwn(TRAINING_PROPOSALS, key) ? TRAINING_PROPOSALS[key] : undefined;
  return { ok: true, value: proposal ?? domainFromSpec(located.value.spec, located.value.current) };
}

export interface SearchableParam {
  readonly path: string;
  readonly label: string;
  /** The schema marks it as worth searching (units, rate, activation …). */
  readonly tunable: boolean;
}

/** Every path a sweep of this project could vary: the training settings, then each layer's params. */
export function searchableParams(project: Project): readonly SearchableParam[] {
  const training = (Object.keys(TRAINING_SPECS) as (keyof TrainingConfig)[]).map((key) => ({
    path: `training.${key}`,
    label: TRAINING_LABELS[key],
    tunable: true,
  }));
  const nodes = project.graph.nodes.flatMap((node) => {
    const kind = getLayerKind(node.type);
    // The input and output layers take their sizes from the data and the task.
    if (!kind || kind.role) return [];
    return Object.entries(kind.params).map(([name, spec]) => ({
      path: `nodes.${node.id}.params.${name}`,
      label: layerParamLabel(node.id, name, spec),
      tunable: spec.tunable === true,
    }));
  });
  return [...training, ...nodes];
}

/**
 * The space a sweep starts from: learning rate and batch size, plus every numeric param the
 * layer schemas mark tunable (units, filters, dropout rate …). Activations are left for the
 * person to add: one categorical per layer multiplies the space quickly.
 */
export function proposeSpace(project: Project): SearchSpace {
  const numeric = searchableParams(project).filter((param) => {
    if (!param.path.startsWith('nodes.') || !param.tunable) return false;
    const located = locate(project, param.path);
    return located.ok && (located.value.spec.type === 'int' || located.value.spec.type === 'float');
  });
  return ['training.learningRate', 'training.batchSize', ...numeric.map((param) => param.path)].flatMap((path) => {
    const domain = proposeRange(project, path);
    return domain.ok ? [{ path, domain: domain.value }] : [];
  });
}

export interface SpaceProblem {
  /** The parameter concerned; null for the space as a whole. */
  readonly path: string | null;
  readonly message: string;
}

const fmt = (value: number) => String(value);

/** Why one parameter's range cannot be searched, checked against the project it will be written into. */
function domainProblem(project: Project, param: SearchParam): string | undefined {
  const located = locate(project, param.path);
  if (!located.ok) return located.error;
  const { spec, label } = located.value;
  const { domain } = param;
  if (domain.type === 'categorical') {
    if (domain.choices.length === 0) return `${label}: give at least one choice.`;
    const bad = domain.choices.find((choice) => checkValue(spec, choice) !== undefined);
    if (bad !== undefined) return `${label}: ${checkValue(spec, bad)}.`;
    if (new Set(domain.choices).size !== domain.choices.length) return `${label}: a choice is listed twice.`;
    return undefined;
  }
  const { low, high } = domain;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return `${label}: the range needs two finite numbers.`;
  if (low > high) return `${label}: the low end (${fmt(low)}) is above the high end (${fmt(high)}).`;
  if (spec.type !== 'int' && spec.type !== 'float')
    return `${label} is a choice, not a number: search it as categorical.`;
  if (spec.type === 'int' && domain.type === 'float') return `${label} is a whole number: search it as an int.`;
  if (domain.log && low <= 0) return `${label}: a log range must stay above 0; it starts at ${fmt(low)}.`;
  if (domain.type === 'int' && (!Number.isInteger(low) || !Number.isInteger(high)))
    return `${label}: an int range needs whole-number ends, received ${fmt(low)} to ${fmt(high)}.`;
  const { step } = domain;
  if (step !== undefined) {
    if (!(step > 0) || !Number.isFinite(step)) return `${label}: the step must be above 0, received ${fmt(step)}.`;
    if (domain.type === 'int' && !Number.isInteger(step))
      return `${label}: an int's step must be a whole number, received ${fmt(step)}.`;
    if (domain.log && (domain.type === 'float' || step !== 1))
      return `${label}: a log range cannot have a step (an int's must be 1).`;
  }
  if (low < spec.min || high > spec.max)
    return `${label}: the range must stay within [${fmt(spec.min)}, ${fmt(spec.max)}].`;
  return undefined;
}

/** Why a value is not acceptable for a spec, as a phrase; undefined when it is. */
function checkValue(spec: Spec, value: ParamValue): string | undefined {
  switch (spec.type) {
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value)
        ? undefined
        : `${JSON.stringify(value)} is not one of ${spec.options.join(', ')}`;
    case 'bool':
      return typeof value === 'boolean' ? undefined : `expected true or false, received ${JSON.stringify(value)}`;
    case 'int':
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value) || (spec.type === 'int' && !Number.isInteger(value)))
        return `expected ${spec.type === 'int' ? 'a whole number' : 'a number'}, received ${JSON.stringify(value)}`;
      return value < spec.min || value > spec.max
        ? `${fmt(value)} is outside [${fmt(spec.min)}, ${fmt(spec.max)}]`
        : undefined;
  }
}

/**
 * Everything wrong with a space for this project, each problem in words a person can act on;
 * empty when the sweep can start. Run it again after the graph changes: a layer removed since
 * leaves a path that leads nowhere.
 */
export function spaceProblems(space: SearchSpace, project: Project): readonly SpaceProblem[] {
  if (space.length === 0)
    return [{ path: null, message: 'The search space is empty: add at least one parameter to vary.' }];
  const problems: SpaceProblem[] = [];
  const seen = new Set<string>();
  for (const param of space) {
    if (seen.has(param.path))
      problems.push({ path: param.path, message: `${paramLabel(project, param.path)} is in the space twice.` });
    seen.add(param.path);
    const message = domainProblem(project, param);
    if (message) problems.push({ path: param.path, message });
  }
  return [...problems, ...conditionProblems(space, (path) => paramLabel(project, path))];
}

/**
 * A new project with the params written in; never mutates. Fails with a message when a path
 * leads nowhere or a value does not fit its schema (the project is then left as it was). Auto's
 * params (`auto.*`) build a new graph from the data: `candidateProject` (auto/autoSpace.ts) writes them.
 */
export function applyParams(project: Project, params: Params): Result<Project> {
  let training: Record<string, unknown> = { ...project.training };
  const nodeParams = new Map<string, Record<string, unknown>>();
  for (const [path, value] of Object.entries(params)) {
    const located = locate(project, path);
    if (!located.ok) return located;
    if (path.startsWith('auto.'))
      return { ok: false, error: `${located.value.label} builds a new model from the data: use Auto’s model instead.` };
    const problem = checkValue(located.value.spec, value);
    if (problem) return { ok: false, error: `${located.value.label}: ${problem}.` };
    const node = NODE_PATH.exec(path);
    if (node) {
      const id = node[1]!;
      nodeParams.set(id, { ...(nodeParams.get(id) ?? {}), [node[2]!]: value });
    } else {
      training = { ...training, [TRAINING_PATH.exec(path)![1]!]: value };
    }
  }
  const nodes = project.graph.nodes.map((node) => {
    const changes = nodeParams.get(node.id);
    return changes ? { ...node, params: { ...node.params, ...changes } } : node;
  });
  return {
    ok: true,
    value: { ...project, training: training as unknown as TrainingConfig, graph: { ...project.graph, nodes } },
  };
}
