import { useState, type ClipboardEvent } from 'react';
import { planColumns } from '../../data/columnPlan';
import { readRowsToPredict, rowRecord } from '../../data/predictionTable';
import { useProjectStore, useRunStore, useSessionStore } from '../../state/StudioProvider';
import { useActions, useCan } from '../common/ActionsContext';
import { formatMetric } from '../common/format';
import { ImagePredictInput } from './ImagePredictInput';
import { PredictRows } from './PredictRows';

/**
 * Try the trained model: on one raw row of its feature columns, typed as it would appear in the
 * CSV (a text column as a sentence) or pasted from one, or on an image, picked or drawn; the
 * result beside the inputs. Many rows, pasted or dropped, are predicted below.
 */
export function PredictPanel() {
  const data = useProjectStore((s) => s.project.data);
  const meta = useSessionStore((s) => (data.datasetId ? s.datasets[data.datasetId] : undefined));
  const can = useCan('predict');
  const actions = useActions();
  const features = meta ? planColumns(meta, data).features : [];
  const takesImage = features.some((f) => f.use === 'image');
  const firstRow = meta?.preview[0];
  const [values, setValues] = useState<Record<string, string>>({});
  const [pastedRows, setPastedRows] = useState('');
  if (!meta) return null;

  const valueOf = (name: string) => values[name] ?? firstRow?.[meta.columns.findIndex((c) => c.name === name)] ?? '';
  const raw = Object.fromEntries(features.map((c) => [c.name, valueOf(c.name)]));
  const disabled = can !== true;

  // A CSV row pasted into any field fills them all; several rows go to the rows below, predicted at once.
  const pasteRows = (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData('text');
    const several = text.trim().includes('\n');
    const rows = readRowsToPredict(
      text,
      meta.columns.map((c) => c.name),
      features.map((c) => c.name),
    );
    if (!rows.ok || (!several && rows.value.header.length < 2)) return;
    e.preventDefault();
    if (several) {
      setPastedRows(text);
      if (!disabled) void actions.perform('predictTable', text);
      return;
    }
    const record = rowRecord(rows.value.header, rows.value.rows[0]!);
    const filled = Object.fromEntries(features.map((c) => [c.name, record[c.name] ?? '']));
    setValues(filled);
    if (!disabled) void actions.perform('predict', { kind: 'row', raw: filled });
  };

  return (
    <section className="predict-panel" data-testid="predict-panel" aria-labelledby="predict-title">
      <h2 id="predict-title">Try a prediction</h2>
      <div className="predict-one">
        {takesImage ? (
          <ImagePredictInput
            disabled={disabled}
            onImage={(bytes) => void actions.perform('predict', { kind: 'image', bytes })}
          />
        ) : (
          <form
            aria-label="A row to predict"
            onSubmit={(e) => {
              e.preventDefault();
              void actions.perform('predict', { kind: 'row', raw });
            }}
          >
            <p className="hint">Type a row, or paste one from a CSV or a spreadsheet into any field.</p>
            {features.map((c) => (
              <div className="field inline" key={c.name}>
                <label htmlFor={`predict-${c.name}`}>{c.name}</label>
                <input
                  id={`predict-${c.name}`}
                  className={c.use === 'text' ? 'predict-text' : undefined}
                  data-testid={`predict-input-${c.name}`}
                  value={valueOf(c.name)}
                  onChange={(e) => setValues({ ...values, [c.name]: e.target.value })}
                  onPaste={pasteRows}
                />
              </div>
            ))}
            <button
              type="submit"
              disabled={disabled}
              title={disabled ? String(can) : undefined}
              data-testid="predict-button"
            >
              Predict
            </button>
          </form>
        )}
        <PredictionResult />
      </div>
      {!takesImage && <PredictRows text={pastedRows} setText={setPastedRows} disabled={disabled} />}
    </section>
  );
}

function PredictionResult() {
  const prediction = useRunStore((s) => s.prediction);
  if (!prediction) return <p className="prediction hint">The prediction shows here.</p>;
  return (
    <div className="prediction" data-testid="prediction" aria-live="polite">
      {prediction.label !== undefined && (
        <p>
          Predicted class: <strong data-testid="predicted-label">{prediction.label}</strong>
        </p>
      )}
      {prediction.value !== undefined && (
        <p>
          Predicted value: <strong data-testid="predicted-value">{formatMetric(prediction.value)}</strong>
        </p>
      )}
      {prediction.probabilities?.map(({ label, p }) => (
        <div className="prob-bar" key={label}>
          <span>{label}</span>
          <meter min={0} max={1} value={p} aria-label={`probability of ${label}`} />
          <span>{(p * 100).toFixed(1)}%</span>
        </div>
      ))}
    </div>
  );
}
