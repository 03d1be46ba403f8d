import type { Candidate } from '../../sweep/auto/leaderboard';
import type { Objective } from '../../sweep/studyConfig';
import { useActions, useCan } from '../common/ActionsContext';
import { formatBytes, formatCount, formatDuration, formatMetric, formatValue } from '../common/format';

const STATES: Record<Candidate['trial']['state'], string> = {
  waiting: 'waiting',
  running: 'training',
  complete: 'finished',
  pruned: 'stopped early (pruned)',
  failed: 'failed',
};

const measure = (value: number | undefined, format: (v: number) => string = formatValue) =>
  value === undefined ? '—' : format(value);

/** The candidates, best first: family and size, parameters, metric (± sd once cross-validated), sizes, latency, status, time. */
export function Leaderboard({
  rows,
  objective,
  selected,
  onSelect,
}: {
  rows: readonly Candidate[];
  objective: Objective;
  /** The trial whose curves are shown, if any. */
  selected: number | null;
  onSelect: (number: number) => void;
}) {
  const actions = useActions();
  const canUse = useCan('useAutoCandidate');
  return (
    <table className="sweep-space auto-leaderboard" aria-label="Leaderboard">
      <thead>
        <tr>
          <th>#</th>
          <th>Candidate</th>
          <th>Parameters</th>
          <th>{objective.metric}</th>
          <th>Size float32</th>
          <th>Size uint8</th>
          <th>Latency ms</th>
          <th>Status</th>
          <th>Time</th>
          <th>Use</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ trial, label, measures, cv, ms }) => (
          <tr key={trial.number} data-state={trial.state} aria-selected={trial.number === selected}>
            <td>{trial.number}</td>
            <td title={trial.error ?? undefined}>
              <button
                type="button"
                className="link-button"
                aria-pressed={trial.number === selected}
                title={`Show the curves of candidate ${trial.number}`}
                onClick={() => onSelect(trial.number)}
              >
                {label}
              </button>
            </td>
            <td>{measure(measures.params, formatCount)}</td>
            <td>
              {trial.value === null ? '—' : formatMetric(trial.value)}
              {cv && (
                <span className="auto-cv" title={cv.note}>
                  {' '}
                  (CV {formatMetric(cv.mean)} ± {formatMetric(cv.sd)})
                </span>
              )}
            </td>
            <td>{measure(measures.float32Bytes, formatBytes)}</td>
            <td>{measure(measures.uint8Bytes, formatBytes)}</td>
            <td>{measure(measures.latencyMs)}</td>
            <td>{STATES[trial.state]}</td>
            <td>{ms === null ? '—' : formatDuration(ms)}</td>
            <td>
              {trial.state === 'complete' && (
                <button
                  type="button"
                  disabled={canUse !== true}
                  title={canUse === true ? `Put candidate ${trial.number} on the canvas, trained` : canUse}
                  onClick={() => void actions.perform('useAutoCandidate', trial.number)}
                >
                  Use this model
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
