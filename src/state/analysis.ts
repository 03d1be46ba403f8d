import { planColumns, type DataPlan } from '../data/columnPlan';
import type { DataConfig, DatasetMeta } from '../data/schema';
import { dataContextFromMeta } from '../data/preprocess';
import type { Graph } from '../model/graph';
import { inferGraph, type GraphInference } from '../model/infer';
import type { DataContext } from '../model/task';
import { useProjectStore, useSessionStore } from './StudioProvider';

/** What the studio derives from the document: the data's shape and task, and the graph checked against it. */
export interface Analysis {
  readonly data: DataContext | null;
  /** Why there is no data context (no dataset, no target, a target that cannot be learned). */
  readonly dataProblem?: string;
  readonly inference: GraphInference;
  /** Why Train is disabled, for the person; undefined when it can run. */
  readonly trainBlocker?: string;
}

export function analyse(graph: Graph, meta: DatasetMeta | undefined, config: DataConfig): Analysis {
  const { target } = config;
  const context = meta && target ? dataContextFromMeta(meta, { target, columns: config.columns }) : undefined;
  const data = context?.ok ? context.value : null;
  const dataProblem = !meta
    ? 'Choose a dataset on the Data view.'
    : !target
      ? 'Choose a target column on the Data view.'
      : context && !context.ok
        ? context.error
        : undefined;
  const inference = inferGraph(graph, data);
  const trainBlocker = dataProblem ?? (inference.canTrain ? undefined : inference.reason);
  return { data, ...(dataProblem ? { dataProblem } : {}), inference, ...(trainBlocker ? { trainBlocker } : {}) };
}

/**
 * Shape inference only depends on the graph's structure, not on where nodes sit, so a drag (which
 * changes positions every frame) reuses the last analysis and no node re-renders for it.
 */
let last: { graph: Graph; meta: DatasetMeta | undefined; config: DataConfig; analysis: Analysis } | undefined;

export function analyseCached(graph: Graph, meta: DatasetMeta | undefined, config: DataConfig): Analysis {
  if (last && last.meta === meta && sameDataChoices(last.config, config) && sameStructure(last.graph, graph))
    return last.analysis;
  last = { graph, meta, config, analysis: analyse(graph, meta, config) };
  return last.analysis;
}

/** The split's seed and shares do not change shapes; the target and column choices do. */
function sameDataChoices(a: DataConfig, b: DataConfig): boolean {
  return a.target === b.target && a.columns === b.columns;
}

function sameStructure(a: Graph, b: Graph): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i]!;
    return n.id === m.id && n.type === m.type && n.params === m.params;
  });
}

let lastPlan: { meta: DatasetMeta; target: string | null; columns: DataConfig['columns']; plan: DataPlan } | undefined;

/**
 * The column plan the Data view's pieces show (the column table, the data report, the split line):
 * made once per data change rather than once per piece and render, since a wide table's plan maps
 * every one of its columns.
 */
export function planCached(meta: DatasetMeta, { target, columns }: Pick<DataConfig, 'target' | 'columns'>): DataPlan {
  if (lastPlan?.meta !== meta || lastPlan.target !== target || lastPlan.columns !== columns)
    lastPlan = { meta, target, columns, plan: planColumns(meta, { target, columns }) };
  return lastPlan.plan;
}

export function useAnalysis(): Analysis {
  const datasetId = useProjectStore((s) => s.project.data.datasetId);
  const meta = useSessionStore((s) => (datasetId ? s.datasets[datasetId] : undefined));
  return useProjectStore((s) => analyseCached(s.project.graph, meta, s.project.data));
}
