/**
 * The student a distillation proposes: the teacher's own graph, narrower. Every width param (the
 * schema's `width`: units, filters, vector lengths) is divided by a factor growing in steps of
 * 2^¼ (four steps halve it) until the graph has at most a quarter of the teacher's parameters: the
 * widest such student, since a student keeps more of its teacher's accuracy the more room it has. The layers, their ids and their connections stay, so
 * the student opens on the canvas as the teacher's graph did; widths joined by an Add stay equal,
 * since equal widths divide alike.
 */
import type { Graph, LayerNode } from './graph';
import { inferGraph } from './infer';
import { getLayerKind } from './layers';
import type { DataContext } from './task';

/** A student keeps at most this share of its teacher's parameters. */
export const STUDENT_PARAM_SHARE = 1 / 4;

/** Each proposal divides the widths by this much more than the one before. */
export const DIVISOR_STEP = 2 ** (1 / 4);

export interface StudentProposal {
  readonly graph: Graph;
  readonly params: number;
  readonly teacherParams: number;
  /** What the widths were divided by (before rounding each to a whole width). */
  readonly divisor: number;
  /** False when even every width at its minimum leaves more than the share (parameters the widths do not set, e.g. a vocabulary's). */
  readonly withinShare: boolean;
}

/**
 * The narrowest division of `teacher`'s widths that brings it within STUDENT_PARAM_SHARE of its
 * parameters on `data` (the least division that does), or the narrowest one that still trains.
 * Returns a new graph; never mutates. Undefined when the teacher's graph cannot train on `data`.
 */
export function proposeStudent(teacher: Graph, data: DataContext): StudentProposal | undefined {
  const taught = inferGraph(teacher, data);
  if (!taught.canTrain) return undefined;
  const teacherParams = taught.totalParams;
  let best: StudentProposal | undefined;
  for (let divisor = DIVISOR_STEP; ; divisor *= DIVISOR_STEP) {
    const graph = narrowedGraph(teacher, divisor);
    const inference = inferGraph(graph, data);
    if (!inference.canTrain) return best;
    const proposal: StudentProposal = {
      graph,
      params: inference.totalParams,
      teacherParams,
      divisor,
      withinShare: inference.totalParams <= teacherParams * STUDENT_PARAM_SHARE,
    };
    if (proposal.withinShare) return proposal;
    // No narrower: every width is at its minimum.
    if (best && proposal.params >= best.params) return best;
    best = proposal;
  }
}

/** `graph` with every width param divided by `divisor` (rounded, at least its minimum; 0, "as another param", stays 0). */
export function narrowedGraph(graph: Graph, divisor: number): Graph {
  return { ...graph, nodes: graph.nodes.map((node) => narrowedNode(node, divisor)) };
}

function narrowedNode(node: LayerNode, divisor: number): LayerNode {
  const kind = getLayerKind(node.type);
  if (!kind) return node;
  const params = { ...node.params };
  for (const [key, spec] of Object.entries(kind.params)) {
    const value = params[key];
    if (spec.type !== 'int' || !spec.width || typeof value !== 'number' || value === 0) continue;
    params[key] = Math.max(spec.min, 1, Math.round(value / divisor));
  }
  return { ...node, params };
}
