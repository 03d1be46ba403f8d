import { useState, type DragEvent } from 'react';
import { importFraction } from '../../data/importProgress';
import { SAMPLES } from '../../data/samples';
import { splitSizes } from '../../data/split';
import type { ColumnSummary, DatasetMeta } from '../../data/schema';
import type { ImportStatus } from '../../state/sessionStore';
import { useProjectStore, useSessionStore } from '../../state/StudioProvider';
import { useAnalysis } from '../../state/analysis';
import { useActions } from '../common/ActionsContext';
import { formatCount, formatMetric } from '../common/format';
import { DatasetLibrary } from './DatasetLibrary';

export function DataView() {
  const datasetId = useProjectStore((s) => s.project.data.datasetId);
  const meta = useSessionStore((s) => (datasetId ? s.datasets[datasetId] : undefined));
  const importing = useSessionStore((s) => s.importing);
  return (
    <div className="data-view">
      <DataSources />
      <main className="data-main">
        {importing && <ImportProgress status={importing} />}
        {meta ? <DatasetDetails meta={meta} /> : <p className="empty">No dataset yet: pick a sample or drop a CSV file.</p>}
      </main>
    </div>
  );
}

function DataSources() {
  const actions = useActions();
  const importing = useSessionStore((s) => s.importing);
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void actions.perform('importCsvFile', file);
  };
  return (
    <aside className="data-sources">
      <h2>Bring data</h2>
      <label
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <strong>Drop a CSV file here</strong>
        <span>or click to choose one. It stays in this browser.</span>
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          data-testid="file-input"
          disabled={importing !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void actions.perform('importCsvFile', file);
          }}
        />
      </label>
      <h3>Samples</h3>
      <ul className="samples">
        {SAMPLES.map((sample) => (
          <li key={sample.id}>
            <button
              type="button"
              data-testid={`sample-${sample.id}`}
              disabled={importing !== null}
              onClick={() => void actions.perform('loadSample', sample.id)}
            >
              <strong>{sample.name}</strong>
              <span>{sample.description}</span>
            </button>
            <small className="licence">{sample.licence}</small>
          </li>
        ))}
      </ul>
      <DatasetLibrary />
    </aside>
  );
}

const PASS_LABELS = { 1: 'checking the rows (pass 1 of 2)', 2: 'storing the columns (pass 2 of 2)' } as const;

/** The import in progress: a bar over both passes, the pass, megabytes read, and Cancel. */
function ImportProgress({ status }: { status: ImportStatus }) {
  const manager = useActions();
  const { name, progress } = status;
  const percent = progress ? Math.floor(importFraction(progress) * 100) : 0;
  return (
    <section className="field" data-testid="import-progress" aria-label={`Importing ${name}`}>
      <label htmlFor="import-progress-bar">
        Importing {name}
        {progress && (
          <>
            {' '}
            — {PASS_LABELS[progress.pass]}: {formatMegabytes(progress.bytesRead)} of {formatMegabytes(progress.totalBytes)} MB
          </>
        )}
      </label>
      <div className="field inline">
        <progress id="import-progress-bar" data-testid="import-progress-bar" max={100} value={percent} />
        <span data-testid="import-percent">{percent}%</span>
        <button type="button" data-testid="cancel-import" onClick={() => void manager.perform('cancelImport')}>
          Cancel
        </button>
      </div>
    </section>
  );
}

function formatMegabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function DatasetDetails({ meta }: { meta: DatasetMeta }) {
  const target = useProjectStore((s) => s.project.data.target);
  const { data } = useAnalysis();
  return (
    <>
      <header className="dataset-header">
        <h2 data-testid="dataset-name">{meta.name}</h2>
        <span className="pill" data-testid="row-count">
          {formatCount(meta.rowCount)} rows
        </span>
        <span className="pill">{meta.columns.length} columns</span>
      </header>
      <TargetPicker meta={meta} target={target} />
      {data && (
        <p className="task-line" data-testid="task">
          Task: <strong>{TASK_LABELS[data.task]}</strong>
          {data.labels.length > 0 && <> · classes: {data.labels.join(', ')}</>} · {data.inputShape[0]} input features after
          preprocessing
        </p>
      )}
      <SplitSettings meta={meta} target={target} />
      <h3>Columns</h3>
      <ColumnTable columns={meta.columns} target={target} />
      <h3>Preview</h3>
      <PreviewTable meta={meta} />
    </>
  );
}

const TASK_LABELS = { binary: 'binary classification', multiclass: 'multiclass classification', regression: 'regression' } as const;

function TargetPicker({ meta, target }: { meta: DatasetMeta; target: string | null }) {
  const actions = useActions();
  return (
    <div className="field inline">
      <label htmlFor="target-column">Target column (what to predict)</label>
      <select
        id="target-column"
        data-testid="target-select"
        value={target ?? ''}
        onChange={(e) => void actions.perform('chooseTarget', e.target.value)}
      >
        {target === null && <option value="">Choose…</option>}
        {meta.columns.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} ({c.type})
          </option>
        ))}
      </select>
    </div>
  );
}

function SplitSettings({ meta, target }: { meta: DatasetMeta; target: string | null }) {
  const seed = useProjectStore((s) => s.project.data.seed);
  const validationFraction = useProjectStore((s) => s.project.data.validationFraction);
  const setData = useProjectStore((s) => s.setData);
  const { data } = useAnalysis();
  const trainPct = Math.round((1 - validationFraction) * 100);
  const classCounts = data && data.task !== 'regression' ? meta.columns.find((c) => c.name === target)?.valueCounts : undefined;
  const sizes = splitSizes(classCounts?.map((c) => c.count) ?? [meta.rowCount], validationFraction);
  const perClass = classCounts?.map((c) => ({ label: c.value, ...splitSizes([c.count], validationFraction) }));
  const incomplete = meta.columns.some((c) => c.missing > 0);
  return (
    <div className="split-line" data-testid="split">
      <p>
        Split: {trainPct}% train / {100 - trainPct}% validation{classCounts ? ', stratified by class' : ''} ·{' '}
        <label htmlFor="split-seed">seed</label>{' '}
        <input
          id="split-seed"
          type="number"
          min={0}
          step={1}
          value={seed}
          className="small-number"
          onChange={(e) => {
            const value = Number(e.target.value);
            if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) setData({ seed: value });
          }}
        />
      </p>
      <p>
        {incomplete ? (
          'Rows with a missing value are dropped first, then the rest is split.'
        ) : (
          <>
            <strong data-testid="split-sizes">
              {formatCount(sizes.train)} training rows / {formatCount(sizes.validation)} validation rows
            </strong>
            {perClass && <> — per class, train/validation: {perClass.map((c) => `${c.label} ${c.train}/${c.validation}`).join(', ')}.</>}
          </>
        )}{' '}
        Numeric features are standardised with the training rows&apos; mean and deviation; categorical ones are one-hot encoded.
      </p>
    </div>
  );
}

function ColumnTable({ columns, target }: { columns: readonly ColumnSummary[]; target: string | null }) {
  return (
    <div className="table-scroll">
      <table className="columns-table" data-testid="columns-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th>Missing</th>
            <th>Unique</th>
            <th>Summary</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name} className={c.name === target ? 'is-target' : undefined}>
              <td>
                {c.name}
                {c.name === target && <span className="pill small">target</span>}
              </td>
              <td data-testid={`column-type-${c.name}`}>{c.type}</td>
              <td>{formatCount(c.missing)}</td>
              <td>{c.uniqueIsLowerBound ? `over ${formatCount(c.unique)}` : formatCount(c.unique)}</td>
              <td>{columnSummary(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function columnSummary(c: ColumnSummary): string {
  if (c.type === 'numeric')
    return `min ${formatMetric(c.min)} · max ${formatMetric(c.max)} · mean ${formatMetric(c.mean)} · std ${formatMetric(c.std)}`;
  return (c.topValues ?? []).map((v) => `${v.value} (${v.count})`).join(', ');
}

function PreviewTable({ meta }: { meta: DatasetMeta }) {
  return (
    <div className="table-scroll preview">
      <table data-testid="preview-table">
        <thead>
          <tr>
            <th>#</th>
            {meta.columns.map((c) => (
              <th key={c.name}>{c.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {meta.preview.map((row, i) => (
            <tr key={i}>
              <td className="row-number">{i + 1}</td>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {meta.rowCount > meta.preview.length && (
        <p className="hint">
          Showing the first {meta.preview.length} of {formatCount(meta.rowCount)} rows.
        </p>
      )}
    </div>
  );
}
