import { isActive } from '../../state/runStore';
import { useProjectStore, useRunStore } from '../../state/StudioProvider';
import { useAnalysis } from '../../state/analysis';
import { ActionButton } from '../common/ActionsContext';
import { formatCount, formatDuration } from '../common/format';
import { CrossValidationPanel } from './CrossValidationPanel';
import { MetricCharts } from './MetricCharts';
import { PauseResumeButton } from './PauseResumeButton';
import { PredictPanel } from './PredictPanel';
import { RunsPanel } from './RunsPanel';
import { TrainSettingsForm } from './TrainSettingsForm';

export function TrainView() {
  return (
    <div className="train-view">
      <aside className="train-side">
        <TrainSettingsForm />
        <div className="button-row">
          <ActionButton name="train" className="primary" />
          <PauseResumeButton />
          <ActionButton name="stopTraining" />
        </div>
        <TrainBlocker />
        <BackendInfo />
        <RunRecordInfo />
      </aside>
      <main className="train-main">
        <RunStatusLine />
        <MetricCharts />
        <PredictPanel />
        <RunsPanel />
      </main>
      <aside className="train-side">
        <h2>Model</h2>
        <ActionButton name="openExport" className="primary" testId="export-model" />
        <p className="hint">
          TF.js (optionally quantised), ONNX or Keras/Python, with metadata.json holding the preprocessing.
        </p>
        <ActionButton name="openDistill" />
        <p className="hint">
          Trains a smaller student from this model’s outputs: Evaluate then shows the two side by side.
        </p>
        <CrossValidationPanel />
      </aside>
    </div>
  );
}

function TrainBlocker() {
  const blocker = useAnalysis().trainBlocker;
  return blocker ? (
    <p className="field-error" data-testid="train-blocker">
      {blocker}
    </p>
  ) : null;
}

function BackendInfo() {
  const backend = useRunStore((s) => s.run?.backend);
  const chosen = useProjectStore((s) => s.project.training.backend);
  if (!backend)
    return (
      <p className="hint">
        {chosen === 'auto'
          ? 'The backend is chosen when training starts: WebGPU on a real GPU, else the fastest CPU backend for the graph.'
          : `${chosen} starts when training does, unless it cannot train the graph.`}{' '}
        Each backend is checked against cpu on a few training steps at its first use.
      </p>
    );
  return (
    <div className="backend-info" data-testid="backend">
      <span className="pill">{backend.name}</span>
      <p className="hint">{backend.reason}</p>
    </div>
  );
}

/** What the current run ran on: the same seed, backend and versions give the same curves. */
function RunRecordInfo() {
  const backend = useRunStore((s) => s.run?.backend?.name);
  const record = useRunStore((s) => s.run?.record);
  if (!backend || !record) return null;
  return (
    <dl
      className="facts"
      data-testid="run-record"
      title="The same project with the same seed, backend and versions repeats the same curves."
    >
      <dt>Backend</dt>
      <dd>{backend}</dd>
      <dt>Seed</dt>
      <dd data-testid="run-seed">{record.seed}</dd>
      <dt>TensorFlow.js</dt>
      <dd data-testid="run-tfjs-version">{record.tfjsVersion}</dd>
      <dt>Tensorloom</dt>
      <dd data-testid="run-app-version">{record.appVersion}</dd>
    </dl>
  );
}

const STATUS_TEXT = {
  idle: 'Ready',
  starting: 'Starting the training worker…',
  running: 'Training',
  pausing: 'Pausing after this batch…',
  paused: 'Paused',
  stopping: 'Stopping after this batch…',
  completed: 'Finished',
  stopped: 'Stopped',
  failed: 'Failed',
} as const;

function RunStatusLine() {
  const run = useRunStore((s) => s.run);
  const epochs = useProjectStore((s) => s.project.training.epochs);
  if (!run) return <p className="empty">Press Train to start. Curves appear here, live.</p>;
  const progress = run.progress;
  const active = isActive(run);
  const fraction = progress ? (progress.epoch + (progress.batch + 1) / progress.batchesPerEpoch) / progress.epochs : 0;
  const eta =
    progress && active && run.status !== 'paused' && fraction > 0
      ? (progress.elapsedMs / fraction) * (1 - fraction)
      : undefined;
  return (
    <div className="run-status" data-testid="run-status" data-status={run.status}>
      <div className="run-status-line">
        <strong>{STATUS_TEXT[run.status]}</strong>
        {progress && active && (
          <span data-testid="run-progress">
            epoch {progress.epoch + 1}/{progress.epochs} · batch {progress.batch + 1}/{progress.batchesPerEpoch}
            {eta !== undefined && <> · about {formatDuration(eta)} left</>}
            {progress.elapsedMs > 0 && (
              <span data-testid="samples-per-second">
                {' '}
                · {formatCount(Math.round(progress.samples / (progress.elapsedMs / 1000)))} samples/s
              </span>
            )}
          </span>
        )}
        {!active && (
          <span data-testid="run-summary">
            {run.history.length} epoch{run.history.length === 1 ? '' : 's'} trained
          </span>
        )}
        {progress && <span>{formatDuration(progress.elapsedMs)} elapsed</span>}
      </div>
      <progress
        max={1}
        value={run.status === 'completed' ? 1 : fraction}
        aria-label={`Training progress of ${progress?.epochs ?? epochs} epochs`}
      />
      {run.note && (
        <p className="hint" data-testid="run-note">
          {run.note}
        </p>
      )}
      {run.error && (
        <p className="field-error" role="alert" data-testid="run-error">
          {run.error}
        </p>
      )}
    </div>
  );
}
