/**
 * The run archive's records: every training run that ended, as IndexedDB keeps it (storage.ts
 * 'runs'). Pure: building a record from a finished run, reading one back (validated, never
 * throwing), the cap on how many are kept, sorting, and the rows of an overlay chart.
 */
import { z } from 'zod';
import { OPTIMIZER_LABELS, parseProject, type Project, type TrainingConfig } from '../model/project';
import type { Result } from '../model/result';
import type { EpochLogs, FinishedEpoch, RunRecord } from '../model/run';
import type { Run } from './runStore';

export const RUN_FORMAT = 'tensorloom-run';
export const RUN_VERSION = 1;

/** How a kept run ended. 'diverged' is a failure where the loss stopped being finite. */
export const ARCHIVED_STATUSES = ['completed', 'stopped', 'failed', 'diverged'] as const;
export type ArchivedStatus = (typeof ARCHIVED_STATUSES)[number];

/** Unstarred runs beyond this many, oldest first, are removed when a run is kept; starred runs are never removed. */
export const MAX_UNSTARRED_RUNS = 50;
/** Longer names are cut; a name is a label, not a note. */
export const MAX_RUN_NAME_LENGTH = 100;

/**
 * Whether the trained model is kept (storage.ts 'runWeights', the files of a float32 TF.js export:
 * model.json, weight shards, metadata.json with the fitted preprocessing, README.txt), and its size;
 * or why not.
 */
export type KeptWeights =
  { readonly kept: true; readonly bytes: number } | { readonly kept: false; readonly reason: string };

/** A model's files beyond this are not kept: fifty runs of it would fill a small disk. */
export const MAX_KEPT_WEIGHT_BYTES = 20_000_000;

/** A finished run as kept: what it trained, how it went, and what it ran on. */
export interface ArchivedRun {
  readonly format: typeof RUN_FORMAT;
  readonly version: typeof RUN_VERSION;
  readonly id: string;
  /** Counts runs in this browser: the default name's "Run 3". */
  readonly number: number;
  readonly name: string;
  readonly starred: boolean;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: ArchivedStatus;
  /** The note (early stopping, restored weights) or the error, as the Train view showed it. */
  readonly note?: string;
  /** The project as it was when the run started: graph, data choices and training settings, in the project format. */
  readonly project: Project;
  readonly datasetName: string | null;
  /** One entry per finished epoch, in order. */
  readonly history: readonly FinishedEpoch[];
  /** The last finished epoch's logs; empty when the run ended before its first epoch. */
  readonly finalLogs: EpochLogs;
  readonly backend?: Run['backend'];
  readonly record?: RunRecord;
  /** Absent for runs that ended without usable weights (failed, diverged), and until they are written. */
  readonly weights?: KeptWeights;
}

/** "Run 3 · Adam 0.001" */
export function defaultRunName(number: number, training: Pick<TrainingConfig, 'optimizer' | 'learningRate'>): string {
  return `Run ${number} · ${OPTIMIZER_LABELS[training.optimizer]} ${training.learningRate}`;
}

/** One more than the highest number kept, so names stay unique while the newest run is kept. */
export function nextRunNumber(runs: readonly Pick<ArchivedRun, 'number'>[]): number {
  return runs.reduce((highest, run) => Math.max(highest, run.number), 0) + 1;
}

/** The engine words every divergence this way (engine/train.ts, divergenceMessage). */
const DIVERGED = /^Training diverged/;

/** How a run ended, or undefined while it has not. */
export function archivedStatus(run: Run): ArchivedStatus | undefined {
  switch (run.status) {
    case 'completed':
    case 'stopped':
      return run.status;
    case 'failed':
      return run.error !== undefined && DIVERGED.test(run.error) ? 'diverged' : 'failed';
    default:
      return undefined;
  }
}

export interface RunEnding {
  readonly run: Run;
  /** The project the run trained, as it was when it started. */
  readonly project: Project;
  readonly datasetName: string | null;
  readonly number: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** The record to keep for a run that has ended; undefined while it has not. */
export function archiveRecord({
  run,
  project,
  datasetName,
  number,
  startedAt,
  endedAt,
}: RunEnding): ArchivedRun | undefined {
  const status = archivedStatus(run);
  if (!status) return undefined;
  const note = run.error ?? run.note;
  return {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    id: run.id,
    number,
    name: defaultRunName(number, project.training),
    starred: false,
    startedAt,
    endedAt,
    status,
    ...(note ? { note } : {}),
    project,
    datasetName,
    history: run.history,
    finalLogs: run.history.at(-1)?.logs ?? {},
    ...(run.backend ? { backend: run.backend } : {}),
    ...(run.record ? { record: run.record } : {}),
  };
}

/** Any number: a log that overflowed (Infinity) is kept as it was shown. */
const logValue = z.custom<number>((value) => typeof value === 'number');
const logs = z.record(z.string().max(100), logValue);

const runSchema = z.object({
  format: z.literal(RUN_FORMAT),
  version: z.literal(RUN_VERSION),
  id: z.string().min(1).max(200),
  number: z.number().int().min(1),
  name: z.string().min(1).max(MAX_RUN_NAME_LENGTH),
  starred: z.boolean(),
  startedAt: z.number(),
  endedAt: z.number(),
  status: z.enum(ARCHIVED_STATUSES),
  note: z.string().optional(),
  project: z.unknown(),
  datasetName: z.string().nullable(),
  history: z.array(z.object({ epoch: z.number().int().min(0), logs })),
  finalLogs: logs,
  backend: z.object({ name: z.enum(['webgpu', 'wasm', 'cpu']), reason: z.string() }).optional(),
  record: z.object({ seed: z.number(), tfjsVersion: z.string(), appVersion: z.string() }).optional(),
  weights: z
    .union([
      z.object({ kept: z.literal(true), bytes: z.number().int().min(0) }),
      z.object({ kept: z.literal(false), reason: z.string() }),
    ])
    .optional(),
});

/**
 * A stored run → the run, or why not. Never throws. Its project goes through `parseProject`, so a
 * run kept by an older version comes back with its project migrated.
 */
export function parseArchivedRun(raw: unknown): Result<ArchivedRun> {
  const parsed = runSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: `Not a valid stored run${where}: ${issue?.message ?? 'unknown problem'}` };
  }
  const project = parseProject(parsed.data.project);
  if (!project.ok)
    return {
      ok: false,
      error: `The stored run ${parsed.data.name} holds a project that cannot be read: ${project.error}`,
    };
  return { ok: true, value: { ...(parsed.data as Omit<ArchivedRun, 'project'>), project: project.project } };
}

/** Newest first: by start, then by number (two runs started in the same millisecond). */
export function newestFirst(a: ArchivedRun, b: ArchivedRun): number {
  return b.startedAt - a.startedAt || b.number - a.number;
}

/** The ids of the unstarred runs beyond the `cap` newest unstarred ones: what keeping the archive small removes. */
export function runsBeyondCap(runs: readonly ArchivedRun[], cap = MAX_UNSTARRED_RUNS): string[] {
  return runs
    .filter((run) => !run.starred)
    .sort(newestFirst)
    .slice(cap)
    .map((run) => run.id);
}

/** What the runs table sorts by: a column, or a final metric by its Keras name ("val_acc"). */
export type RunSortKey = 'name' | 'startedAt' | 'status' | { readonly metric: string };

export interface RunSort {
  readonly key: RunSortKey;
  readonly descending: boolean;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * A sorted copy; never mutates. Names sort naturally ("Run 10" after "Run 9"). Runs without the
 * metric, or with a value that is not finite, come last either way.
 */
export function sortRuns(runs: readonly ArchivedRun[], { key, descending }: RunSort): ArchivedRun[] {
  const sign = descending ? -1 : 1;
  if (typeof key === 'object') {
    const value = (run: ArchivedRun) => run.finalLogs[key.metric];
    return [...runs].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const [hasX, hasY] = [x !== undefined && Number.isFinite(x), y !== undefined && Number.isFinite(y)];
      if (!hasX || !hasY) return Number(hasY) - Number(hasX);
      return sign * (x! - y!);
    });
  }
  const compare: (a: ArchivedRun, b: ArchivedRun) => number =
    key === 'startedAt' ? (a, b) => a.startedAt - b.startedAt : (a, b) => collator.compare(a[key], b[key]);
  return [...runs].sort((a, b) => sign * compare(a, b) || newestFirst(a, b));
}

/** Preferred order of the final metrics a table shows: validation first, then training; the learning rate is not a result. */
const METRIC_ORDER = ['val_acc', 'val_mse', 'val_loss', 'acc', 'mse', 'loss'];

/** The final metrics any of these runs logged, in METRIC_ORDER then by name; never 'lr'. */
export function metricNames(runs: readonly Pick<ArchivedRun, 'finalLogs'>[]): string[] {
  const names = new Set(runs.flatMap((run) => Object.keys(run.finalLogs)).filter((name) => name !== 'lr'));
  const rank = (name: string) => (METRIC_ORDER.includes(name) ? METRIC_ORDER.indexOf(name) : METRIC_ORDER.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** One row per epoch (1-based), holding each run's `metric` under the run's id; a run without that epoch has no key. */
export function overlayRows(runs: readonly ArchivedRun[], metric: string): Record<string, number>[] {
  const rows = new Map<number, Record<string, number>>();
  for (const run of runs) {
    for (const { epoch, logs } of run.history) {
      const value = logs[metric];
      if (value === undefined) continue;
      const row = rows.get(epoch) ?? { epoch: epoch + 1 };
      row[run.id] = value;
      rows.set(epoch, row);
    }
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}
