import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toChunks } from './chunks';
import { parseCsvText } from './import/csv';
import { findInRows, MAX_SAMPLED_ROWS, SAMPLED_CELLS, sampledRowCount } from './rowFindings';
import type { ChunkSource } from './rows';
import type { DatasetMeta, StoredDataset } from './schema';
import { mulberry32 } from './split';

/** A table from CSV text, stored in chunks of `chunkRows` rows, with a source that counts what it reads. */
function table(csv: string, chunkRows = 64): { dataset: StoredDataset; source: ChunkSource & { reads: number[] } } {
  const parsed = parseCsvText(csv, {
    id: 'generated',
    name: 'generated.csv',
    source: 'file',
    bytes: csv.length,
    createdAt: 1,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  const { layout, chunks } = toChunks(parsed.value.columns, chunkRows);
  const reads: number[] = [];
  const source = {
    rowCount: parsed.value.meta.rowCount,
    layout,
    reads,
    readChunk: async (index: number) => (reads.push(index), chunks[index]),
  };
  return { dataset: parsed.value, source };
}

function csvOf(columns: Record<string, readonly (string | number)[]>): string {
  const names = Object.keys(columns);
  const rows = columns[names[0]!]!.map((_, r) => names.map((name) => columns[name]![r]).join(','));
  return [names.join(','), ...rows].join('\n');
}

/** `n` rows: a shuffled row number, a noisy measurement, a class that the measurement only partly tells. */
function generated(n: number, seed = 1) {
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i + 1).sort(() => random() - 0.5);
  const label = Array.from({ length: n }, () => (random() < 0.5 ? 'yes' : 'no'));
  const noise = () => (random() + random() + random() - 1.5) * 2;
  return {
    order,
    label,
    // Overlapping classes: a real feature, far from perfect.
    measurement: label.map((l) => ((l === 'yes' ? 1 : 0) + noise()).toFixed(3)),
    // The target again, under a little noise that never crosses between classes.
    leaked: label.map((l) => ((l === 'yes' ? 10 : 0) + random()).toFixed(3)),
    noise,
    random,
  };
}

async function findings(csv: string, target: string, chunkRows?: number) {
  const { dataset, source } = table(csv, chunkRows);
  const found = await findInRows(source, dataset.meta, target);
  if (!found.ok) throw new Error(found.error);
  return found.value;
}

describe('findings in the rows', () => {
  it('name a shuffled row number as an ID, and a noisy copy of the target as a strong predictor', async () => {
    const { order, label, measurement, leaked } = generated(300);
    const found = await findings(csvOf({ order, measurement, leaked, label }), 'label');
    expect(found.sequenceIds).toEqual(['order']);
    expect(found.strongPredictors.map((p) => p.name)).toEqual(['leaked']);
    const [strong] = found.strongPredictors;
    expect(strong!.measure).toBe('accuracy');
    expect(strong!.score).toBeGreaterThan(strong!.baseline);
  });

  it('leave a category that names a class through its values alone out, until it predicts on held-out rows too', async () => {
    const { label, random } = generated(400, 2);
    // A per-row code predicts its own row perfectly but nothing on rows it was not fitted on.
    const code = label.map((_, r) => `c${r}`);
    // A category that is the class, with 1 % of rows flipped.
    const recorded = label.map((l) => (random() < 0.01 ? (l === 'yes' ? 'N' : 'Y') : l === 'yes' ? 'Y' : 'N'));
    const found = await findings(csvOf({ code, recorded, label }), 'label');
    expect(found.strongPredictors.map((p) => p.name)).toEqual(['recorded']);
    expect(found.sequenceIds).toEqual([]);
  });

  it('find a leaked copy of a regression target by R², not a real but imperfect feature', async () => {
    const { random, noise } = generated(0, 3);
    const x = Array.from({ length: 500 }, () => random() * 10);
    const y = x.map((v) => 2 * v + noise() * 3);
    const found = await findings(
      csvOf({
        x: x.map((v) => v.toFixed(3)),
        copy: y.map((v) => (v * 1.8 + 32 + noise() * 0.05).toFixed(3)),
        y: y.map((v) => v.toFixed(3)),
      }),
      'y',
    );
    expect(found.strongPredictors).toEqual([expect.objectContaining({ name: 'copy', measure: 'r2', baseline: 0 })]);
  });

  it('do not take whole numbers that repeat, or spread far apart, for an ID', async () => {
    const { random, label } = generated(200, 4);
    const repeats = label.map((_, r) => Math.floor(r / 2));
    const spread = label.map((_, r) => r * 1000 + Math.floor(random() * 10));
    const found = await findings(csvOf({ repeats, spread, label }), 'label');
    expect(found.sequenceIds).toEqual([]);
  });

  it('raise nothing on Iris: its petal measurements are strong features, not leaks', async () => {
    const csv = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
    const found = await findings(csv, 'species');
    expect(found).toMatchObject({ sequenceIds: [], strongPredictors: [], rowsRead: 150 });
  });

  it('read every k-th row of a long table, every chunk once', async () => {
    const n = MAX_SAMPLED_ROWS * 2 + 10;
    const { order, label, leaked } = generated(n, 5);
    const found = await findings(csvOf({ order, leaked, label }), 'label', 4096);
    expect(found.rowsRead).toBeLessThanOrEqual(MAX_SAMPLED_ROWS);
    expect(found.rowsRead).toBeGreaterThan(MAX_SAMPLED_ROWS / 2);
    expect(found.sequenceIds).toEqual(['order']);
    expect(found.strongPredictors.map((p) => p.name)).toEqual(['leaked']);
  });

  it('read fewer rows of a wide table, so a 5,000-column table costs about what a narrow one does', async () => {
    expect(sampledRowCount(1_000_000, 5_000)).toBeLessThan(sampledRowCount(1_000_000, 20));
    expect(sampledRowCount(1_000_000, 5_000) * 5_000).toBeLessThanOrEqual(SAMPLED_CELLS);
    // Built as stored columns: parsing a 5,000-column CSV would cost this test more than the findings do.
    const rows = 60;
    const random = mulberry32(6);
    const features = Array.from({ length: 4_999 }, (_, c) => ({
      name: `f${c}`,
      type: 'numeric' as const,
      values: Float32Array.from({ length: rows }, () => Math.round(random() * 1000) / 10),
    }));
    const label = {
      name: 'label',
      type: 'categorical' as const,
      codes: Int32Array.from({ length: rows }, (_, r) => r % 2),
      vocabulary: ['a', 'b'],
    };
    const { layout, chunks } = toChunks([...features, label], 64);
    const reads: number[] = [];
    const source = { rowCount: rows, layout, readChunk: async (index: number) => (reads.push(index), chunks[index]) };
    const meta: DatasetMeta = {
      id: 'wide',
      name: 'wide.csv',
      source: 'file',
      rowCount: rows,
      bytes: 0,
      createdAt: 1,
      preview: [],
      columns: [
        ...features.map((f) => ({
          name: f.name,
          type: 'numeric' as const,
          missing: 0,
          unique: rows,
          min: 0,
          max: 100,
        })),
        {
          name: 'label',
          type: 'categorical',
          missing: 0,
          unique: 2,
          valueCounts: { values: ['a', 'b'], counts: [30, 30] },
        },
      ],
    };
    const found = await findInRows(source, meta, 'label');
    expect(found.ok && found.value.strongPredictors).toEqual([]);
    expect(found.ok && found.value.rowsRead).toBe(rows);
    expect(reads).toEqual([0]);
  });

  it('say when the stored rows are damaged', async () => {
    const { order, label } = generated(100, 7);
    const { dataset, source } = table(csvOf({ order, label }), 32);
    const found = await findInRows({ ...source, readChunk: async () => undefined }, dataset.meta, 'label');
    expect(found).toEqual({ ok: false, error: expect.stringMatching(/damaged/) });
  });
});
