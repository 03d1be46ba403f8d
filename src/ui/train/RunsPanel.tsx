import { useState } from 'react';
import {
  MAX_KEPT_WEIGHT_BYTES,
  MAX_UNSTARRED_RUNS,
  metricNames,
  sortRuns,
  type ArchivedRun,
  type ArchivedStatus,
  type RunSort,
  type RunSortKey,
} from '../../state/runArchive';
import { useRunArchiveStore } from '../../state/StudioProvider';
import { useActions, useCan } from '../common/ActionsContext';
import { formatBytes, formatMetric } from '../common/format';
import { RunsOverlay } from './RunsOverlay';

/** The table shows this many final metrics, validation first (the table must fit beside the settings). */
const METRIC_COLUMNS = 2;

const STATUS_LABELS: Readonly<Record<ArchivedStatus, string>> = {
  completed: 'Finished',
  stopped: 'Stopped',
  failed: 'Failed',
  diverged: 'Diverged',
};

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const FULL_DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'medium' });

/** Every run kept in this browser: sort, rename, star, delete, compare curves, restore settings. */
export function RunsPanel() {
  const runs = useRunArchiveStore((s) => s.runs);
  const error = useRunArchiveStore((s) => s.error);
  const unreadable = useRunArchiveStore((s) => s.unreadable);
  const [sort, setSort] = useState<RunSort>({ key: 'startedAt', descending: true });
  if (runs === null && !error) return null;
  const metrics = metricNames(runs ?? []).slice(0, METRIC_COLUMNS);
  const sameKey = (key: RunSortKey) =>
    typeof key === 'object' && typeof sort.key === 'object' ? key.metric === sort.key.metric : key === sort.key;
  const header = (key: RunSortKey, label: string) => (
    <th
      key={typeof key === 'object' ? `metric:${key.metric}` : key}
      aria-sort={sameKey(key) ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="link"
        onClick={() => setSort({ key, descending: sameKey(key) && !sort.descending })}
      >
        {label}
      </button>
    </th>
  );
  return (
    <section className="runs-panel" data-testid="runs-panel" aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      <p className="hint">
        Every run that ends is kept in this browser, with its trained weights up to {MAX_KEPT_WEIGHT_BYTES / 1e6} MB:
        the {MAX_UNSTARRED_RUNS} newest, and starred ones until you delete them. Deleting cannot be undone. Tick runs to
        compare their curves.
      </p>
      {error && (
        <p className="field-error" role="alert" data-testid="runs-error">
          {error}
        </p>
      )}
      {unreadable > 0 && (
        <p className="hint" data-testid="runs-unreadable">
          {unreadable} kept run{unreadable === 1 ? '' : 's'} could not be read (damaged, or kept by a newer Tensorloom)
          and {unreadable === 1 ? 'is' : 'are'} not listed.
        </p>
      )}
      {runs && runs.length === 0 && <p className="hint">No runs yet. Press Train.</p>}
      {runs && runs.length > 0 && (
        <div className="table-scroll">
          <table className="columns-table runs-table" data-testid="runs-table">
            <thead>
              <tr>
                <th title="Tick to plot the run's curves below">Plot</th>
                <th title="Starred runs are always kept">★</th>
                {header('name', 'Name')}
                {header('startedAt', 'Started')}
                {header('status', 'Status')}
                {metrics.map((metric) => header({ metric }, metric))}
                <th title="The trained model, kept with the run as the TF.js export writes it">Weights</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sortRuns(runs, sort).map((run) => (
                <RunRow key={run.id} run={run} metrics={metrics} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RunsOverlay />
    </section>
  );
}

function RunRow({ run, metrics }: { run: ArchivedRun; metrics: readonly string[] }) {
  const actions = useActions();
  const compared = useRunArchiveStore((s) => s.compared.includes(run.id));
  const canRestore = useCan('restoreRunSettings');
  const canEvaluate = useCan('evaluateKeptRun');
  return (
    <tr data-testid="run-row" data-run-id={run.id} data-status={run.status} title={run.note}>
      <td>
        <input
          type="checkbox"
          checked={compared}
          onChange={() => void actions.perform('toggleRunCompared', run.id)}
          aria-label={`Compare ${run.name}`}
          data-testid="run-compare"
        />
      </td>
      <td>
        <button
          type="button"
          className="star"
          aria-pressed={run.starred}
          aria-label={run.starred ? `Unstar ${run.name}` : `Star ${run.name} (starred runs are always kept)`}
          data-testid="run-star"
          onClick={() => void actions.perform('toggleRunStar', run.id)}
        >
          {run.starred ? '★' : '☆'}
        </button>
      </td>
      <td>
        <RunName run={run} />
      </td>
      <td
        title={`${FULL_DATE_FORMAT.format(run.startedAt)}, ${run.history.length} epoch${run.history.length === 1 ? '' : 's'}`}
      >
        {DATE_FORMAT.format(run.startedAt)}
      </td>
      <td>{STATUS_LABELS[run.status]}</td>
      {metrics.map((metric) => (
        <td key={metric} data-testid={`run-metric-${metric}`}>
          {formatMetric(run.finalLogs[metric])}
        </td>
      ))}
      <td data-testid="run-weights" title={run.weights?.kept === false ? `Not kept: ${run.weights.reason}` : undefined}>
        {run.weights?.kept ? formatBytes(run.weights.bytes) : '—'}
      </td>
      <td className="run-buttons">
        <button
          type="button"
          data-testid="run-restore"
          disabled={canRestore !== true}
          onClick={() => void actions.perform('restoreRunSettings', run.id)}
          title={
            canRestore === true
              ? "Write this run's graph and training settings into the project (undoable)"
              : canRestore
          }
        >
          Restore
        </button>
        <button
          type="button"
          data-testid="run-evaluate"
          disabled={canEvaluate !== true}
          onClick={() => void actions.perform('evaluateKeptRun', run.id)}
          title={
            canEvaluate === true
              ? "Load this run's kept weights and evaluate them on the held-out rows it was trained beside"
              : canEvaluate
          }
        >
          Evaluate
        </button>
        <button type="button" data-testid="run-delete" onClick={() => void actions.perform('deleteRun', run.id)}>
          Delete
        </button>
      </td>
    </tr>
  );
}

/** The name, edited in place: Enter or leaving the field renames, Escape keeps the name it had. */
function RunName({ run }: { run: ArchivedRun }) {
  const actions = useActions();
  const commit = (input: HTMLInputElement) => {
    if (input.value === run.name) return;
    void actions.perform('renameRun', { id: run.id, name: input.value });
    // An empty name is refused (with a sentence): show the name it keeps.
    if (input.value.trim() === '') input.value = run.name;
  };
  return (
    <input
      // A new name from storage (or another rename) replaces what the field shows.
      key={run.name}
      className="run-name"
      defaultValue={run.name}
      aria-label="Run name"
      data-testid="run-name"
      onBlur={(e) => commit(e.currentTarget)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          e.currentTarget.value = run.name;
          e.currentTarget.blur();
        }
      }}
    />
  );
}
