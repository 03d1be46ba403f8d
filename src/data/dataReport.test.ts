import { describe, expect, it } from 'vitest';
import type { ClassWeighting } from '../model/classWeights';
import { planColumns } from './columnPlan';
import { buildDataReport, pendingSuggestions, type DataReport } from './dataReport';
import { parseCsvText } from './import/csv';
import type { RowFindings } from './rowFindings';
import type { ColumnChoice, DatasetMeta, ImageImportReport } from './schema';

function metaOf(header: string, rows: readonly string[]): DatasetMeta {
  const csv = [header, ...rows].join('\n');
  const parsed = parseCsvText(csv, { id: 'table', name: 'table.csv', source: 'file', bytes: csv.length, createdAt: 1 });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.meta;
}

function report(
  meta: DatasetMeta,
  target: string,
  options: { choices?: ColumnChoice[]; classWeights?: ClassWeighting; rows?: Partial<RowFindings> } = {},
) {
  const choices = options.choices ?? [];
  const rows = options.rows && {
    datasetId: meta.id,
    target,
    rowsRead: meta.rowCount,
    sequenceIds: [],
    strongPredictors: [],
    ...options.rows,
  };
  return buildDataReport({
    meta,
    target,
    choices,
    plan: planColumns(meta, { target, columns: choices }),
    classWeights: options.classWeights ?? 'none',
    ...(rows ? { rows } : {}),
  });
}

/** The report of an image folder with these images per class, imported at 28×28 from files of these sizes. */
function imageFolderReport(
  classes: Readonly<Record<string, number>>,
  sourceSizes: ImageImportReport['sourceSizes'],
): DataReport {
  const labels = Object.keys(classes);
  const rowCount = Object.values(classes).reduce((a, b) => a + b, 0);
  const meta: DatasetMeta = {
    id: 'images',
    name: 'pets.zip',
    source: 'file',
    rowCount,
    bytes: 0,
    createdAt: 1,
    kind: 'images',
    preview: [],
    columns: [
      { name: 'image', type: 'image', missing: 0, unique: 0, height: 28, width: 28, channels: 1 },
      {
        name: 'label',
        type: 'categorical',
        missing: 0,
        unique: labels.length,
        valueCounts: { values: labels, counts: Object.values(classes) },
      },
    ],
    images: {
      height: 28,
      width: 28,
      channels: 1,
      thumbnails: [],
      skipped: [],
      skippedCount: 0,
      sourceSizes,
      sourceSizeCount: sourceSizes.length,
    },
  };
  return report(meta, 'label');
}

/** 40 rows: a code per row, a constant, a number with gaps, a category, a balanced class. */
const ROWS = Array.from(
  { length: 40 },
  (_, r) =>
    `${r + 1},A-${1000 + r},same,${r % 7 === 0 ? '' : (r * 0.37).toFixed(2)},${['red', 'green', 'blue'][r % 3]},${r % 2 ? 'yes' : 'no'}`,
);
const HEADER = 'row,code,unit,size,colour,label';

describe('the data report', () => {
  it('explains the columns the plan leaves out by default — an ID, a constant — each with a way to use it', () => {
    const meta = metaOf(HEADER, ROWS);
    const { findings } = report(meta, 'label');
    expect(findings.find((f) => f.column === 'code')).toMatchObject({
      kind: 'id',
      text: expect.stringContaining('a distinct value in every row'),
      action: { label: 'Use it', change: { kind: 'column', choice: { name: 'code', use: 'categorical' } } },
      suggested: false,
    });
    expect(findings.find((f) => f.column === 'unit')).toMatchObject({
      kind: 'constant',
      text: expect.stringContaining('one value only'),
      suggested: false,
    });
    expect(planColumns(meta, { target: 'label', columns: [] }).columns.find((c) => c.name === 'code')).toMatchObject({
      role: 'ignored',
    });
  });

  it('suggests leaving out a numeric ID the rows revealed, and offers it back once left out', () => {
    const meta = metaOf(HEADER, ROWS);
    const found = report(meta, 'label', { rows: { sequenceIds: ['row'] } });
    const row = found.findings.find((f) => f.column === 'row');
    expect(row).toMatchObject({
      kind: 'id',
      action: { label: 'Leave it out', change: { kind: 'column', choice: { name: 'row', use: 'ignore' } } },
      suggested: true,
    });
    expect(pendingSuggestions(found)).toEqual([row]);

    const after = report(meta, 'label', { rows: { sequenceIds: ['row'] }, choices: [{ name: 'row', use: 'ignore' }] });
    expect(after.findings.find((f) => f.column === 'row')).toMatchObject({
      action: { label: 'Use it', change: { kind: 'column', choice: { name: 'row', use: 'numeric' } } },
      suggested: false,
    });
    expect(pendingSuggestions(after)).toEqual([]);

    // Used again by the person's choice: theirs to keep, so no longer a suggestion, the button still there.
    const kept = report(meta, 'label', { rows: { sequenceIds: ['row'] }, choices: [{ name: 'row', use: 'numeric' }] });
    expect(kept.findings.find((f) => f.column === 'row')).toMatchObject({
      action: { label: 'Leave it out' },
      suggested: false,
    });
  });

  it('warns of a column that alone predicts the target, and leaves the choice to the person', () => {
    const meta = metaOf(HEADER, ROWS);
    const strongPredictors = [{ name: 'size', measure: 'accuracy', score: 0.995, baseline: 0.5 }] as const;
    const found = report(meta, 'label', { rows: { strongPredictors } });
    expect(found.findings.find((f) => f.column === 'size')).toMatchObject({
      kind: 'leakage',
      text: expect.stringMatching(/99\.5 % of held-out rows.*50 %.*leak/),
      action: { label: 'Leave it out' },
      suggested: false,
    });
  });

  it('ignores what the rows said about another target', () => {
    const meta = metaOf(HEADER, ROWS);
    const found = report(meta, 'label', { rows: { target: 'colour', sequenceIds: ['row'] } });
    expect(found.findings.find((f) => f.column === 'row')).toBeUndefined();
  });

  it('suggests balanced class weights for classes out of balance, and offers them back once chosen', () => {
    const rows = ROWS.map((row, r) => row.replace(/(yes|no)$/, r < 4 ? 'rare' : 'common'));
    const meta = metaOf(HEADER, rows);
    const imbalance = report(meta, 'label').findings.find((f) => f.kind === 'imbalance');
    expect(imbalance).toMatchObject({
      text: expect.stringContaining('"rare" has 4 rows, "common" 36'),
      action: { change: { kind: 'classWeights', classWeights: 'balanced' } },
      suggested: true,
    });
    expect(
      report(meta, 'label', { classWeights: 'balanced' }).findings.find((f) => f.kind === 'imbalance'),
    ).toMatchObject({ action: { change: { classWeights: 'none' } }, suggested: false });
    expect(report(metaOf(HEADER, ROWS), 'label').findings.some((f) => f.kind === 'imbalance')).toBe(false);
  });

  it('warns of classes with fewer than 5 rows, naming each with its count', () => {
    const rows = ROWS.map((row, r) => row.replace(/(yes|no)$/, r < 3 ? 'rare' : r < 5 ? 'odd' : 'common'));
    const tiny = report(metaOf(HEADER, rows), 'label').findings.find((f) => f.kind === 'tinyClasses');
    expect(tiny).toMatchObject({ text: expect.stringContaining('"odd" (2), "rare" (3)'), suggested: false });
    expect(tiny?.action).toBeUndefined();
    expect(report(metaOf(HEADER, ROWS), 'label').findings.some((f) => f.kind === 'tinyClasses')).toBe(false);
  });

  it('says what it found in an image folder: classes out of balance, a tiny class, the sizes the images came in', () => {
    const classes = { cat: 60, dog: 8, newt: 2 };
    const report = imageFolderReport(classes, [
      { width: 64, height: 48, count: 50 },
      { width: 32, height: 32, count: 20 },
    ]);
    const kinds = report.findings.map((f) => f.kind);
    expect(kinds).toEqual(['imbalance', 'tinyClasses', 'imageSizes']);
    const text = (kind: string) => report.findings.find((f) => f.kind === kind)!.text;
    expect(text('imbalance')).toContain('"newt" has 2 images, "cat" 60');
    expect(text('tinyClasses')).toMatch(/fewer than 5 images: "newt" \(2\).*remove the folder/);
    expect(text('imageSizes')).toMatch(/2 sizes, the commonest 64×48 \(50 images\).*resized to 28×28/);
    expect(pendingSuggestions(report).map((f) => f.action.change)).toEqual([
      { kind: 'classWeights', classWeights: 'balanced' },
    ]);
    expect(imageFolderReport({ cat: 30, dog: 30 }, [{ width: 28, height: 28, count: 60 }]).findings).toEqual([]);
  });

  it('says per column how it is prepared, and why', () => {
    const meta = metaOf(HEADER, ROWS);
    const treatments = new Map(report(meta, 'label').treatments.map((t) => [t.column, t.text]));
    expect(treatments.get('size')).toMatch(
      /^numbers, standardised.*; 6 missing cells filled with the training rows’ mean\.$/,
    );
    expect(treatments.get('colour')).toMatch(/^categories: 3 categories, one-hot/);
    expect(treatments.get('unit')).toBe('left out: one value only: nothing to learn from.');
    expect(treatments.get('label')).toMatch(/^the target/);
  });
});
