import { useState } from 'react';
import { planColumns } from '../../data/columnPlan';
import { useProjectStore, useRunStore, useSessionStore } from '../../state/StudioProvider';
import { useActions, useCan } from '../common/ActionsContext';
import { formatMetric } from '../common/format';
import { ImagePredictInput } from './ImagePredictInput';

/**
 * Try the trained model: on one raw row of its feature columns, typed as it would appear in the
 * CSV (a text column as a sentence), or on an image, picked or drawn.
 */
export function PredictPanel() {
  const data = useProjectStore((s) => s.project.data);
  const meta = useSessionStore((s) => (data.datasetId ? s.datasets[data.datasetId] : undefined));
  const prediction = useRunStore((s) => s.prediction);
  const can = useCan('predict');
  const actions = useActions();
  const features = meta ? planColumns(meta, data).features : [];
  const takesImage = features.some((f) => f.use === 'image');
  const firstRow = meta?.preview[0];
  const [values, setValues] = useState<Record<string, string>>({});
  if (!meta) return null;

  const valueOf = (name: string) => values[name] ?? firstRow?.[meta.columns.findIndex((c) => c.name === name)] ?? '';
  const raw = Object.fromEntries(features.map((c) => [c.name, valueOf(c.name)]));
  const disabled = can !== true;

  return (
    <form
      className="predict-panel"
      data-testid="predict-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.perform('predict', { kind: 'row', raw });
      }}
    >
      <h2>Try a prediction</h2>
      {takesImage ? (
        <ImagePredictInput disabled={disabled} onImage={(bytes) => void actions.perform('predict', { kind: 'image', bytes })} />
      ) : (
        <>
          {features.map((c) => (
            <div className="field inline" key={c.name}>
              <label htmlFor={`predict-${c.name}`}>{c.name}</label>
              <input
                id={`predict-${c.name}`}
                className={c.use === 'text' ? 'predict-text' : undefined}
                data-testid={`predict-input-${c.name}`}
                value={valueOf(c.name)}
                onChange={(e) => setValues({ ...values, [c.name]: e.target.value })}
              />
            </div>
          ))}
          <button type="submit" disabled={disabled} title={disabled ? String(can) : undefined} data-testid="predict-button">
            Predict
          </button>
        </>
      )}
      {prediction && (
        <div className="prediction" data-testid="prediction">
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
              <meter min={0} max={1} value={p} />
              <span>{(p * 100).toFixed(1)}%</span>
            </div>
          ))}
        </div>
      )}
    </form>
  );
}
