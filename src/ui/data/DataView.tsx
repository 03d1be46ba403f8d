import { useState } from 'react';
import { importFraction, type ImportProgress as Progress } from '../../data/importProgress';
import type { DatasetMeta } from '../../data/schema';
import type { ImportStatus } from '../../state/sessionStore';
import { useProjectStore, useSessionStore } from '../../state/StudioProvider';
import { useAnalysis } from '../../state/analysis';
import { useActions } from '../common/ActionsContext';
import { formatCount, shortened } from '../common/format';
import { ColumnTable } from './ColumnTable';
import { DataReport } from './DataReport';
import { DataSources } from './DataSources';
import { ImageDatasetDetails, TableImages } from './ImageDatasetDetails';
import { PreviewTable } from './PreviewTable';
import { SplitSettings } from './SplitSettings';

export function DataView() {
  const datasetId = useProjectStore((s) => s.project.data.datasetId);
  const meta = useSessionStore((s) => (datasetId ? s.datasets[datasetId] : undefined));
  const importing = useSessionStore((s) => s.importing);
  return (
    <div className="data-view">
      <DataSources />
      <main className="data-main">
        {importing && <ImportProgress status={importing} />}
        {meta?.kind === 'images' ? (
          <ImageDatasetDetails meta={meta} />
        ) : meta ? (
          <DatasetDetails meta={meta} />
        ) : (
          <p className="empty" data-testid="no-dataset">
            {datasetId
              ? 'The data set this project used is no longer stored in this browser: pick a sample, import a file, or open one from the library. The graph and training settings are kept.'
              : 'No dataset yet: pick a sample, or drop a CSV file, a zip of image folders or a folder.'}
          </p>
        )}
      </main>
    </div>
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
        {progress && <> — {progressText(progress)}</>}
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

function progressText(progress: Progress): string {
  if ('filesDone' in progress) return `${formatCount(progress.filesDone)} of ${formatCount(progress.filesTotal)} files`;
  return `${PASS_LABELS[progress.pass]}: ${formatMegabytes(progress.bytesRead)} of ${formatMegabytes(progress.totalBytes)} MB`;
}

function formatMegabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/** Characters of a class in the task line (which wraps anywhere) or of a name in the target's list. */
const LABEL_CHARS = 40;

function DatasetDetails({ meta }: { meta: DatasetMeta }) {
  const target = useProjectStore((s) => s.project.data.target);
  const { data, dataProblem } = useAnalysis();
  return (
    <>
      <header className="dataset-header">
        <h2 data-testid="dataset-name">{meta.name}</h2>
        <span className="pill" data-testid="row-count">
          {formatCount(meta.rowCount)} rows
        </span>
        <span className="pill">{meta.columns.length} columns</span>
      </header>
      {meta.readingNotes?.map((note) => (
        <p className="hint" key={note} data-testid="reading-note">
          {note}
        </p>
      ))}
      {meta.source === 'file' && meta.firstRowIsHeader !== undefined && <FirstRowSwitch meta={meta} />}
      <TargetPicker meta={meta} target={target} />
      {data && (
        <p className="task-line" data-testid="task">
          Task: <strong>{TASK_LABELS[data.task]}</strong>
          {data.labels.length > 0 && (
            <> · classes: {data.labels.map((label) => shortened(label, LABEL_CHARS)).join(', ')}</>
          )}{' '}
          ·{' '}
          {data.inputShape.length > 1
            ? `${data.inputShape.join('×')} images as input`
            : `${data.inputShape[0]} input features after preprocessing`}
        </p>
      )}
      {target && dataProblem && (
        <p className="data-problem" role="alert" data-testid="data-problem">
          {dataProblem}
        </p>
      )}
      <SplitSettings meta={meta} />
      <DataReport meta={meta} />
      <h3>Columns</h3>
      <ColumnTable meta={meta} />
      {meta.images && <TableImages report={meta.images} />}
      <h3>Preview</h3>
      <PreviewTable key={meta.id} meta={meta} />
    </>
  );
}

/** Reads the file again with its first row as names or as data, while the file is at hand (imported in this page). */
function FirstRowSwitch({ meta }: { meta: DatasetMeta }) {
  const actions = useActions();
  const fileAtHand = useSessionStore((s) => meta.id in s.importedFiles);
  return (
    <label
      className="field inline"
      title={fileAtHand ? undefined : 'Import the file again to change how its first row is read.'}
    >
      <input
        type="checkbox"
        data-testid="first-row-is-header"
        checked={meta.firstRowIsHeader}
        disabled={!fileAtHand}
        onChange={(e) => void actions.perform('setFirstRowIsHeader', e.target.checked)}
      />{' '}
      First row is a header (column names)
    </label>
  );
}

const TASK_LABELS = {
  binary: 'binary classification',
  multiclass: 'multiclass classification',
  regression: 'regression',
} as const;

/** Above this many columns a dropdown of them all takes long to build and to use: the target is typed, with suggestions. */
const TARGET_DROPDOWN_LIMIT = 200;
const TARGET_SUGGESTIONS = 50;

function TargetPicker({ meta, target }: { meta: DatasetMeta; target: string | null }) {
  const actions = useActions();
  // Keyed by the target: an undo or another choice shows in the field, replacing what was typed.
  if (meta.columns.length > TARGET_DROPDOWN_LIMIT) return <TargetSearch key={target} meta={meta} target={target} />;
  return (
    <div className="field inline">
      <label htmlFor="target-column">Target column (what to predict)</label>
      <select
        id="target-column"
        className="target-column"
        data-testid="target-select"
        value={target ?? ''}
        onChange={(e) => void actions.perform('chooseTarget', e.target.value)}
      >
        {target === null && <option value="">Choose…</option>}
        {meta.columns.map((c) => (
          <option key={c.name} value={c.name}>
            {shortened(c.name, LABEL_CHARS)} ({c.type})
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The target of a wide data set: a column's name typed, with the first TARGET_SUGGESTIONS names that contain
 * the text as suggestions. It is chosen on Enter, on leaving the field or on picking a suggestion, not on every
 * keystroke ("column_1" on the way to "column_12"); a name that is no column gets chooseTarget's sentence.
 */
function TargetSearch({ meta, target }: { meta: DatasetMeta; target: string | null }) {
  const actions = useActions();
  const [text, setText] = useState(target ?? '');
  const needle = text.toLowerCase();
  const suggestions = meta.columns.filter((c) => c.name.toLowerCase().includes(needle)).slice(0, TARGET_SUGGESTIONS);
  const choose = (name: string) => {
    if (name === '') setText(target ?? '');
    else if (name !== target) void actions.perform('chooseTarget', name);
  };
  return (
    <form
      className="field inline"
      onSubmit={(e) => {
        e.preventDefault();
        choose(text);
      }}
    >
      <label htmlFor="target-column">Target column (what to predict)</label>
      <input
        id="target-column"
        className="target-column"
        data-testid="target-input"
        list="target-suggestions"
        placeholder={`one of ${formatCount(meta.columns.length)} columns`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          // A suggestion picked from the list arrives as a replacement, or (Firefox) as a plain event.
          const input = e.nativeEvent as Partial<InputEvent>;
          if (input.inputType === undefined || input.inputType === 'insertReplacementText') choose(e.target.value);
        }}
        onBlur={() => choose(text)}
      />
      <datalist id="target-suggestions">
        {suggestions.map((c) => (
          <option key={c.name} value={c.name}>
            {c.type}
          </option>
        ))}
      </datalist>
    </form>
  );
}
