import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject, parseProject } from '../model/project';
import { defaultGraph } from '../model/templates';
import {
  archiveRecord,
  defaultRunName,
  metricNames,
  nextRunNumber,
  overlayRows,
  parseArchivedRun,
  runsBeyondCap,
  sortRuns,
  type ArchivedRun,
} from './runArchive';
import type { Run } from './runStore';

const project = newProject(defaultGraph(), { ...DEFAULT_DATA_CONFIG, datasetId: 'sample:iris', target: 'species' });

const finished: Run = {
  id: 'run-a',
  status: 'completed',
  backend: { name: 'cpu', reason: 'no GPU' },
  record: { seed: 42, tfjsVersion: '4.22.0', appVersion: '0.1.0' },
  history: [
    { epoch: 0, logs: { loss: 1.1, acc: 0.4, val_loss: 1.0, val_acc: 0.5, lr: 0.01 } },
    { epoch: 1, logs: { loss: 0.7, acc: 0.7, val_loss: 0.6, val_acc: 0.8, lr: 0.01 } },
  ],
};

function kept(id: string, patch: Partial<ArchivedRun> = {}): ArchivedRun {
  const record = archiveRecord({
    run: { ...finished, id },
    project,
    datasetName: 'Iris flowers',
    number: 1,
    startedAt: 1_000,
    endedAt: 2_000,
  })!;
  return { ...record, ...patch };
}

describe('a kept run', () => {
  it('holds the project it trained, its curves, final metrics, record and a default name', () => {
    const record = archiveRecord({
      run: finished,
      project,
      datasetName: 'Iris flowers',
      number: 3,
      startedAt: 1_000,
      endedAt: 9_000,
    });
    expect(record).toMatchObject({
      id: 'run-a',
      number: 3,
      name: 'Run 3 · Adam 0.01',
      starred: false,
      startedAt: 1_000,
      endedAt: 9_000,
      status: 'completed',
      datasetName: 'Iris flowers',
      finalLogs: { loss: 0.7, acc: 0.7, val_loss: 0.6, val_acc: 0.8, lr: 0.01 },
      backend: { name: 'cpu', reason: 'no GPU' },
      record: { seed: 42, tfjsVersion: '4.22.0', appVersion: '0.1.0' },
    });
    expect(record?.project).toBe(project);
    expect(record?.history).toBe(finished.history);
    expect(record).not.toHaveProperty('note');
  });

  it('names the optimiser as the settings form does', () => {
    expect(defaultRunName(12, { optimizer: 'momentum', learningRate: 0.001 })).toBe('Run 12 · SGD with momentum 0.001');
  });

  it('tells a divergence from other failures, and keeps the message as its note', () => {
    const diverged = {
      ...finished,
      status: 'failed',
      error: 'Training diverged: the loss became NaN at epoch 1, batch 3. …',
    } as const;
    const crashed = {
      ...finished,
      status: 'failed',
      error: 'The training worker stopped unexpectedly: out of memory',
    } as const;
    const ending = { project, datasetName: null, number: 1, startedAt: 0, endedAt: 1 };
    expect(archiveRecord({ ...ending, run: diverged })).toMatchObject({ status: 'diverged', note: diverged.error });
    expect(archiveRecord({ ...ending, run: crashed })).toMatchObject({ status: 'failed', note: crashed.error });
    expect(
      archiveRecord({ ...ending, run: { ...finished, status: 'stopped', note: 'Stopped early after epoch 2.' } }),
    ).toMatchObject({
      status: 'stopped',
      note: 'Stopped early after epoch 2.',
    });
  });

  it('is not kept while it runs, and has empty final metrics when it ended before its first epoch', () => {
    const ending = { project, datasetName: null, number: 1, startedAt: 0, endedAt: 1 };
    for (const status of ['starting', 'running', 'paused', 'stopping'] as const)
      expect(archiveRecord({ ...ending, run: { ...finished, status } })).toBeUndefined();
    expect(
      archiveRecord({ ...ending, run: { id: 'r', status: 'failed', error: 'No data set.', history: [] } })?.finalLogs,
    ).toEqual({});
  });

  it('numbers the next run after the highest kept, whatever was deleted below it', () => {
    expect(nextRunNumber([])).toBe(1);
    expect(nextRunNumber([{ number: 2 }, { number: 7 }, { number: 4 }])).toBe(8);
  });
});

describe('reading a stored run', () => {
  it('round-trips through structured clone, with or without weights', () => {
    for (const record of [
      kept('run-a'),
      kept('run-b', { weights: { kept: true, bytes: 1_234 } }),
      kept('run-c', { weights: { kept: false, reason: 'Too large.' } }),
    ])
      expect(parseArchivedRun(structuredClone(record))).toEqual({ ok: true, value: record });
  });

  it('migrates the project of a run kept by an older version', () => {
    const v1 = JSON.parse(
      readFileSync(new URL('../model/fixtures/project-v1.json', import.meta.url), 'utf8'),
    ) as unknown;
    const migrated = parseProject(v1);
    if (!migrated.ok) throw new Error(migrated.error);
    const read = parseArchivedRun({ ...kept('run-a'), project: v1 });
    expect(read.ok && read.value.project).toEqual(migrated.project);
  });

  it('keeps a loss that overflowed as it was shown', () => {
    const record = kept('run-a', { finalLogs: { loss: Infinity, val_loss: NaN } });
    expect(parseArchivedRun(record)).toEqual({ ok: true, value: record });
  });

  it.each([
    ['not an object', 3, 'Not a valid stored run: '],
    ['another format', { ...kept('r'), format: 'x' }, 'Not a valid stored run at format: '],
    ['an empty name', { ...kept('r'), name: '' }, 'Not a valid stored run at name: '],
    ['an unknown status', { ...kept('r'), status: 'exploded' }, 'Not a valid stored run at status: '],
    [
      'a damaged project',
      { ...kept('r'), project: { format: 'tensorloom-project', version: 99 } },
      'The stored run Run 1 · Adam 0.01 holds a project that cannot be read: This project was saved by a newer Tensorloom',
    ],
  ])('says why it cannot read %s', (_case, raw, start) => {
    const read = parseArchivedRun(raw);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error.startsWith(start)).toBe(true);
  });
});

describe('the cap', () => {
  it('removes the oldest unstarred runs beyond the cap and never a starred one', () => {
    const runs = [
      kept('old-starred', { startedAt: 1, starred: true }),
      kept('oldest', { startedAt: 2 }),
      kept('older', { startedAt: 3 }),
      kept('newer', { startedAt: 4 }),
      kept('newest', { startedAt: 5 }),
    ];
    expect(runsBeyondCap(runs, 2).sort()).toEqual(['older', 'oldest']);
    expect(runsBeyondCap(runs, 4)).toEqual([]);
  });
});

describe('sorting', () => {
  const runs = [
    kept('a', { name: 'Run 10', startedAt: 3, status: 'completed', finalLogs: { val_acc: 0.9 } }),
    kept('b', { name: 'run 9', startedAt: 1, status: 'stopped', finalLogs: { val_acc: 0.5 } }),
    kept('c', { name: 'Baseline', startedAt: 2, status: 'diverged', finalLogs: {} }),
    kept('d', { name: 'Tuned', startedAt: 4, status: 'failed', finalLogs: { val_acc: NaN } }),
  ];
  const ids = (sorted: ArchivedRun[]) => sorted.map((run) => run.id);

  it('sorts names naturally and without regard to case', () => {
    expect(ids(sortRuns(runs, { key: 'name', descending: false }))).toEqual(['c', 'b', 'a', 'd']);
  });

  it('sorts by date and by status either way', () => {
    expect(ids(sortRuns(runs, { key: 'startedAt', descending: true }))).toEqual(['d', 'a', 'c', 'b']);
    expect(ids(sortRuns(runs, { key: 'status', descending: false }))).toEqual(['a', 'c', 'd', 'b']);
  });

  it('sorts by a final metric, runs without it last both ways', () => {
    expect(ids(sortRuns(runs, { key: { metric: 'val_acc' }, descending: true })).slice(0, 2)).toEqual(['a', 'b']);
    expect(ids(sortRuns(runs, { key: { metric: 'val_acc' }, descending: false })).slice(0, 2)).toEqual(['b', 'a']);
    expect(
      ids(sortRuns(runs, { key: { metric: 'val_acc' }, descending: false }))
        .slice(2)
        .sort(),
    ).toEqual(['c', 'd']);
  });

  it('never mutates its input', () => {
    const before = ids(runs);
    sortRuns(runs, { key: 'name', descending: true });
    expect(ids(runs)).toEqual(before);
  });
});

describe('comparing runs', () => {
  it('lists the final metrics, validation first, without the learning rate', () => {
    expect(
      metricNames([
        { finalLogs: { loss: 1, lr: 0.1, val_loss: 1, acc: 0.5 } },
        { finalLogs: { mse: 2, val_mse: 3, loss: 1 } },
      ]),
    ).toEqual(['val_mse', 'val_loss', 'acc', 'mse', 'loss']);
  });

  it("puts each run's curve in one row per epoch, a shorter run leaving later epochs empty", () => {
    const long = kept('long');
    const short = kept('short', { history: [{ epoch: 0, logs: { val_loss: 2 } }] });
    expect(overlayRows([long, short], 'val_loss')).toEqual([
      { epoch: 1, long: 1.0, short: 2 },
      { epoch: 2, long: 0.6 },
    ]);
  });
});
