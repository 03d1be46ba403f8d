/**
 * The project document: the graph plus the person's data and training choices. It is what
 * autosave writes to IndexedDB (and, later, what project files hold). `parseProject` validates
 * and never throws: a damaged document gives a message, and the caller keeps what it had.
 */
import { z } from 'zod';
import type { DataConfig } from '../data/schema';
import type { Graph } from './graph';

export const PROJECT_FORMAT = 'tensorloom-project';
export const PROJECT_VERSION = 1;

export interface TrainingConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: 'adam' | 'sgd';
}

export const DEFAULT_TRAINING: TrainingConfig = { epochs: 30, batchSize: 16, learningRate: 0.01, optimizer: 'adam' };

export interface Project {
  readonly format: typeof PROJECT_FORMAT;
  readonly version: typeof PROJECT_VERSION;
  readonly graph: Graph;
  readonly data: DataConfig;
  readonly training: TrainingConfig;
}

const id = z.string().min(1).max(200);
const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  graph: z.object({
    nodes: z
      .array(
        z.object({
          id,
          type: z.string().min(1).max(100),
          params: z.record(z.string(), z.unknown()),
          position: z.object({ x: z.number().finite(), y: z.number().finite() }),
        }),
      )
      .max(10_000),
    edges: z.array(z.object({ id, source: id, target: id })).max(40_000),
  }),
  data: z.object({
    datasetId: z.string().nullable(),
    target: z.string().nullable(),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    validationFraction: z.number().min(0.05).max(0.5),
  }),
  training: z.object({
    epochs: z.number().int().min(1).max(10_000),
    batchSize: z.number().int().min(1).max(65_536),
    learningRate: z.number().positive().max(10),
    optimizer: z.enum(['adam', 'sgd']),
  }),
});

export type ParseResult = { readonly ok: true; readonly project: Project } | { readonly ok: false; readonly error: string };

export function parseProject(raw: unknown): ParseResult {
  const parsed = projectSchema.safeParse(raw);
  if (parsed.success) return { ok: true, project: parsed.data as Project };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `Not a valid Tensorloom project${where}: ${issue?.message ?? 'unknown problem'}` };
}

export function newProject(graph: Graph, data: DataConfig): Project {
  return { format: PROJECT_FORMAT, version: PROJECT_VERSION, graph, data, training: DEFAULT_TRAINING };
}
