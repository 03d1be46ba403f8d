/**
 * Grid search in a shuffled order: every combination of the values below, each tried once, in an
 * order drawn from the seed (so an early stop still covers the space evenly). Categorical
 * params take every choice; a stepped range takes every value when it has at most
 * GRID_ALL_VALUES of them; other ranges take GRID_POINTS values spread evenly (geometrically
 * on a log scale), ends included. In a conditional space each branch is a grid of its own: a
 * family's knobs take every combination for that family only.
 */
import { formatCount } from '../../model/format';
import { py } from '../../model/layers/layerKind';
import { activeParams, conditionHolds, isConditional } from '../conditions';
import type { Params } from '../space';
import type { Domain, ParamValue, SearchSpace } from '../studyConfig';
import { snap, trialRandom, type Sampler, type SamplerKind } from './sampler';

export const GRID_POINTS = 5;
export const GRID_ALL_VALUES = 10;
/** Below this many combinations the unvisited ones are listed; above, drawn and redrawn if visited. */
const LIST_BELOW = 4096;

export const grid: SamplerKind = {
  id: 'grid',
  label: 'grid (shuffled)',
  help: `Every combination once, in an order drawn from the seed: every choice, every value of a stepped range of up to ${GRID_ALL_VALUES}, ${GRID_POINTS} points of other ranges. The sweep ends when all are tried.`,
  create: ({ seed }) => gridSampler(seed),
  optuna: ({ space, seed }, seedExpression = String(seed)) =>
    `optuna.samplers.GridSampler({${space.map((param) => `${py(param.path)}: [${gridValues(param.domain).map(py).join(', ')}]`).join(', ')}}, seed=${seedExpression})`,
  note({ space, budget: { trials } }) {
    const size = gridSize(space);
    const covered =
      trials !== undefined && trials < size
        ? `; ${formatCount(trials)} trials try ${formatCount(trials)} of them, in a shuffled order`
        : '; the sweep ends once every one is tried';
    return `The grid holds ${formatCount(size)} combination${size === 1 ? '' : 's'}${covered}.`;
  },
};

/** The values a grid takes along one parameter. */
export function gridValues(domain: Domain): readonly ParamValue[] {
  if (domain.type === 'categorical') return domain.choices;
  const { low, high, step, log } = domain;
  if (low === high) return [low];
  if (step !== undefined) {
    const count = Math.floor((high - low) / step + 1e-9) + 1;
    if (count <= GRID_ALL_VALUES) return Array.from({ length: count }, (_, k) => snap(domain, low + k * step));
  }
  const points = Array.from({ length: GRID_POINTS }, (_, k) => {
    const t = k / (GRID_POINTS - 1);
    return snap(domain, log ? Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low))) : low + t * (high - low));
  });
  return [...new Set(points)];
}

/** Combinations in the grid; in a conditional space, those of each branch added up. */
export function gridSize(space: SearchSpace): number {
  if (!isConditional(space)) return space.reduce((size, param) => size * gridValues(param.domain).length, 1);
  const parents = new Set(space.flatMap((param) => (param.when ? [param.when.path] : [])));
  const count = (index: number, values: Readonly<Record<string, ParamValue>>): number => {
    const param = space[index];
    if (!param) return 1;
    if (!conditionHolds(param, values)) return count(index + 1, values);
    const axis = gridValues(param.domain);
    // Only a value some condition looks at changes what follows.
    if (!parents.has(param.path)) return axis.length * count(index + 1, values);
    return axis.reduce<number>((total, value) => total + count(index + 1, { ...values, [param.path]: value }), 0);
  };
  return count(0, {});
}

/** Every point of a conditional space's grid, each with its active params only, branch by branch. */
function conditionalPoints(space: SearchSpace): Params[] {
  let points: Params[] = [{}];
  for (const param of space)
    points = points.flatMap((point) =>
      conditionHolds(param, point)
        ? gridValues(param.domain).map((value) => ({ ...point, [param.path]: value }))
        : [point],
    );
  return points;
}

/** A point's identity: its active params in space order. */
const keyOf = (space: SearchSpace, params: Params): string =>
  JSON.stringify(space.map((param) => params[param.path] ?? null));

export function gridSampler(seed: number): Sampler {
  return {
    // Branch by branch, the whole space at once: sampled a group at a time, a grid would take
    // each knob's value once for the whole study rather than once per combination.
    takesConditionalSpace: true,
    sample(space, trials, number) {
      if (isConditional(space)) {
        const visited = new Set(trials.map((trial) => keyOf(space, activeParams(space, trial.params))));
        const open = conditionalPoints(space).filter((point) => !visited.has(keyOf(space, point)));
        return open.length === 0 ? undefined : open[Math.floor(trialRandom(seed, number)() * open.length)];
      }
      const axes = space.map((param) => gridValues(param.domain));
      const size = axes.reduce((n, values) => n * values.length, 1);
      const visited = new Set<number>();
      for (const trial of trials) {
        const index = indexOf(
          axes,
          space.map((param) => trial.params[param.path]),
        );
        if (index !== undefined) visited.add(index);
      }
      if (visited.size >= size) return undefined;
      const random = trialRandom(seed, number);
      let index: number;
      if (size <= LIST_BELOW) {
        const open = Array.from({ length: size }, (_, i) => i).filter((i) => !visited.has(i));
        index = open[Math.floor(random() * open.length)]!;
      } else {
        do index = Math.floor(random() * size);
        while (visited.has(index));
      }
      return pointAt(space, axes, index);
    },
  };
}

/** Mixed-radix: the first parameter varies slowest. */
function pointAt(space: SearchSpace, axes: readonly (readonly ParamValue[])[], index: number): Params {
  const params: Record<string, ParamValue> = {};
  for (let d = space.length - 1; d >= 0; d--) {
    const values = axes[d]!;
    params[space[d]!.path] = values[index % values.length]!;
    index = Math.floor(index / values.length);
  }
  return params;
}

function indexOf(
  axes: readonly (readonly ParamValue[])[],
  values: readonly (ParamValue | undefined)[],
): number | undefined {
  let index = 0;
  for (const [d, axis] of axes.entries()) {
    const position = values[d] === undefined ? -1 : axis.indexOf(values[d]);
    if (position < 0) return undefined;
    index = index * axis.length + position;
  }
  return index;
}
