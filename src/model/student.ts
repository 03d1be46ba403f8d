/**
 * The student a distillation proposes: the teacher's own graph, narrower. Its width params (the
 * schema's `width`: units, filters, vector lengths) are narrowed one step of 2^¼ at a time (four
 * steps halve one), each step on the width whose narrowing frees the most parameters, until the
 * graph has at most a quarter of the teacher's parameters. So the widths that cost most (a Dense
 * layer after a flatten) shrink first and the cheap ones (a first convolution's filters, which
 * every later layer sees through) stay: on the digits CNN that student keeps 98.6 % of its
 * teacher's accuracy where one narrowed evenly to the same share keeps 96 % (bench/distill.mjs).
 * The layers, their ids and their connections stay, so the student opens on the canvas as the
 * teacher's graph did; widths joined by an Add, which cannot narrow alone, narrow together.
 */
import type { Graph, LayerNode } from './graph';
import { inferGraph } from './infer';
import { getLayerKind } from './layers';
import type { DataContext } from './task';

/** A student keeps at most this share of its teacher's parameters. */
export const STUDENT_PARAM_SHARE = 1 / 4;

/** The least share of its teacher's width a width keeps, unless the parameter share cannot be reached so. */
export const LEAST_WIDTH_SHARE = 1 / 8;

/** Each narrowing step divides a width by this much more than the step before. */
export const DIVISOR_STEP = 2 ** (1 / 4);

export interface StudentProposal {
  readonly graph: Graph;
  readonly params: number;
  readonly teacherParams: number;
  /** The most any width was divided by (before rounding it to a whole width). */
  readonly divisor: number;
  /**
   * False when even every width at its minimum leaves more than the share, or the parameters asked for
   * (parameters the widths do not set, e.g. a vocabulary's).
   */
  readonly withinShare: boolean;
}

/** What each width param is divided by, keyed by node id and param name. */
type Divisors = ReadonlyMap<string, number>;

/**
 * The narrowing of `teacher`'s widths that brings it within STUDENT_PARAM_SHARE of its parameters
 * on `data` (within `maxParams` instead when given: a limit the student must meet), or the narrowest
 * one that still trains. Returns a new graph; never mutates.
 * Undefined when the teacher's graph cannot train on `data`.
 */
export function proposeStudent(teacher: Graph, data: DataContext, maxParams?: number): StudentProposal | undefined {
  const taught = inferGraph(teacher, data);
  if (!taught.canTrain) return undefined;
  const teacherParams = taught.totalParams;
  const widths = widthParams(teacher);
  const proposalOf = (divisors: Divisors): StudentProposal | undefined => {
    const graph = narrowedGraph(teacher, divisors);
    const inference = inferGraph(graph, data);
    if (!inference.canTrain) return undefined;
    return {
      graph,
      params: inference.totalParams,
      teacherParams,
      divisor: Math.max(1, ...divisors.values()),
      withinShare: inference.totalParams <= (maxParams ?? teacherParams * STUDENT_PARAM_SHARE),
    };
  };
  let divisors: Divisors = new Map(widths.map((width) => [width.id, 1]));
  let current = proposalOf(divisors)!;
  // A width narrowed to 1 or 2 starves what follows it: each keeps LEAST_WIDTH_SHARE of its teacher's while that can reach the share.
  let keepLeast = true;
  const least = (width: Width) =>
    keepLeast ? Math.max(width.min, Math.ceil(width.value * LEAST_WIDTH_SHARE)) : width.min;
  while (!current.withinShare) {
    const stepped = (only?: Width): Divisors =>
      new Map(
        widths.map((width) => {
          const divisor = divisors.get(width.id)!;
          return [width.id, !only || only === width ? narrowerDivisor(width, divisor, least(width)) : divisor];
        }),
      );
    const candidate = (next: Divisors) => ({ divisors: next, proposal: proposalOf(next) });
    const fewer = ({ proposal }: ReturnType<typeof candidate>) =>
      proposal !== undefined && proposal.params < current.params;
    // Narrowing one width at a time; widths that must stay equal (joined by an Add) only narrow all together.
    const single = widths
      .map((width) => candidate(stepped(width)))
      .filter(fewer)
      .sort((a, b) => a.proposal!.params - b.proposal!.params)[0];
    const all = candidate(stepped());
    const next = single ?? (fewer(all) ? all : undefined);
    if (!next && keepLeast) {
      keepLeast = false;
      continue;
    }
    // No narrower: every width is at its minimum.
    if (!next) return current;
    divisors = next.divisors;
    current = next.proposal!;
  }
  return current;
}

/** The narrowest width `graph` has (units, filters, vector lengths); Infinity when it has none. */
export function narrowestWidth(graph: Graph): number {
  return Math.min(...widthParams(graph).map((width) => width.value));
}

/** A width param of the teacher: `nodeId/param`, its value there and its least value. */
interface Width {
  readonly id: string;
  readonly value: number;
  readonly min: number;
}

/** The width params of `graph` that can narrow (0, "as another param", stays 0). */
function widthParams(graph: Graph): Width[] {
  return graph.nodes.flatMap((node) =>
    Object.entries(getLayerKind(node.type)?.params ?? {}).flatMap(([key, spec]) => {
      const value = node.params[key];
      return spec.type === 'int' && spec.width && typeof value === 'number' && value !== 0
        ? [{ id: `${node.id}/${key}`, value, min: Math.max(spec.min, 1) }]
        : [];
    }),
  );
}

/** `divisor` grown by steps until `width` rounds to a smaller whole width, so a narrow width (3 / 2^¼ still rounds to 3) can narrow too; unchanged where that would go below `least`. */
function narrowerDivisor(width: Width, divisor: number, least: number): number {
  const rounded = (by: number) => Math.max(width.min, Math.round(width.value / by));
  if (rounded(divisor) <= least) return divisor;
  let next = divisor * DIVISOR_STEP;
  while (rounded(next) === rounded(divisor)) next *= DIVISOR_STEP;
  return rounded(next) < least ? divisor : next;
}

/** `graph` with each width param divided by its divisor (rounded, at least its minimum). */
function narrowedGraph(graph: Graph, divisors: Divisors): Graph {
  return { ...graph, nodes: graph.nodes.map((node) => narrowedNode(node, divisors)) };
}

function narrowedNode(node: LayerNode, divisors: Divisors): LayerNode {
  const kind = getLayerKind(node.type);
  if (!kind) return node;
  const params = { ...node.params };
  for (const [key, spec] of Object.entries(kind.params)) {
    const divisor = divisors.get(`${node.id}/${key}`);
    const value = params[key];
    if (divisor === undefined || spec.type !== 'int' || typeof value !== 'number') continue;
    params[key] = Math.max(spec.min, 1, Math.round(value / divisor));
  }
  return { ...node, params };
}
