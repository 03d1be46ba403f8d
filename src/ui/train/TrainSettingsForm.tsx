import { useState } from 'react';
import type { TrainingConfig } from '../../model/project';
import { isActive } from '../../state/runStore';
import { useProjectStore, useRunStore } from '../../state/StudioProvider';

const NUMBER_FIELDS = [
  { key: 'epochs', label: 'Epochs', min: 1, max: 10_000, step: 1, help: 'Passes over the training data.' },
  { key: 'batchSize', label: 'Batch size', min: 1, max: 65_536, step: 1, help: 'Examples per weight update.' },
  { key: 'learningRate', label: 'Learning rate', min: 1e-6, max: 10, step: 'any', help: 'Step size of each update; 0.001–0.01 suits Adam.' },
] as const;

export function TrainSettingsForm() {
  const training = useProjectStore((s) => s.project.training);
  const setTraining = useProjectStore((s) => s.setTraining);
  const locked = useRunStore((s) => isActive(s.run));
  return (
    <fieldset className="train-settings" disabled={locked}>
      <legend>Training</legend>
      {NUMBER_FIELDS.map((f) => (
        <NumberSetting key={f.key} field={f} value={training[f.key]} onChange={(v) => setTraining({ [f.key]: v })} />
      ))}
      <div className="field">
        <label htmlFor="optimizer">Optimiser</label>
        <select
          id="optimizer"
          value={training.optimizer}
          onChange={(e) => setTraining({ optimizer: e.target.value as TrainingConfig['optimizer'] })}
        >
          <option value="adam">Adam</option>
          <option value="sgd">SGD</option>
        </select>
      </div>
    </fieldset>
  );
}

function NumberSetting({ field, value, onChange }: { field: (typeof NUMBER_FIELDS)[number]; value: number; onChange: (value: number) => void }) {
  const id = `setting-${field.key}`;
  const [text, setText] = useState(String(value));
  // Follow the project when it changes from elsewhere (a restore), but never rewrite what is being typed.
  if (Number(text) !== value && valid(field, text)) setText(String(value));
  const problem = valid(field, text) ? undefined : `${field.label}: expected ${field.step === 1 ? 'an integer' : 'a number'} in [${field.min}, ${field.max}]`;
  return (
    <div className="field">
      <label htmlFor={id} title={field.help}>
        {field.label}
      </label>
      <input
        id={id}
        type="number"
        min={field.min}
        max={field.max}
        step={field.step}
        value={text}
        aria-invalid={problem !== undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (valid(field, e.target.value)) onChange(Number(e.target.value));
        }}
      />
      {problem ? (
        <small className="field-error" role="alert">
          {problem}; the last valid value ({value}) is kept.
        </small>
      ) : (
        <small className="field-help">{field.help}</small>
      )}
    </div>
  );
}

/** Only values in range reach the project. */
function valid(field: (typeof NUMBER_FIELDS)[number], text: string): boolean {
  const v = Number(text);
  return text.trim() !== '' && v >= field.min && v <= field.max && (field.step !== 1 || Number.isInteger(v));
}
