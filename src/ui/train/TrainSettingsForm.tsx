import { useState } from 'react';
import { augmentationUnavailableBecause } from '../../model/augmentation';
import {
  MAX_AUGMENT_ROTATION,
  MAX_AUGMENT_SHIFT,
  MAX_AUGMENT_ZOOM,
  MAX_CLIP_NORM,
  MAX_LEARNING_RATE,
  OPTIMIZER_LABELS,
  TRAINING_LABELS,
  type TrainingConfig,
} from '../../model/project';
import type { Task } from '../../model/task';
import { useAnalysis } from '../../state/analysis';
import { isActive } from '../../state/runStore';
import { useProjectStore, useRunStore } from '../../state/StudioProvider';
import { useActions } from '../common/ActionsContext';
import { LearningRateFinder } from './LearningRateFinder';

type NumberKey = { [K in keyof TrainingConfig]: TrainingConfig[K] extends number ? K : never }[keyof TrainingConfig];
type When = (config: TrainingConfig, task: Task | undefined) => boolean;

interface NumberField {
  readonly key: NumberKey;
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  /** An empty field is accepted as 0 (for settings where 0 is off). */
  readonly emptyIsZero?: boolean;
  readonly help: string;
  readonly when?: When;
}

const always: When = () => true;
const scheduleIs =
  (...kinds: TrainingConfig['schedule'][]): When =>
  (c) =>
    kinds.includes(c.schedule);

const BASICS: readonly NumberField[] = [
  { key: 'epochs', min: 1, max: 10_000, integer: true, help: 'Passes over the training data.' },
  { key: 'batchSize', min: 1, max: 65_536, integer: true, help: 'Examples per weight update.' },
  { key: 'learningRate', min: 1e-6, max: MAX_LEARNING_RATE, help: 'Step size of each update; 0.001–0.01 suits Adam.' },
];

const OPTIMIZER_FIELDS: readonly NumberField[] = [
  {
    key: 'momentum',
    min: 0,
    max: 0.999,
    help: 'Share of the last step carried into the next.',
    when: (c) => c.optimizer === 'momentum',
  },
  {
    key: 'weightDecay',
    min: 0,
    max: 1,
    help: 'Shrinks kernels towards zero each step, apart from the gradient.',
    when: (c) => c.optimizer === 'adamw',
  },
  {
    key: 'clipNorm',
    min: 0,
    max: MAX_CLIP_NORM,
    emptyIsZero: true,
    help: 'When the gradients’ overall norm exceeds this, they are scaled down to it: tames exploding updates. 0 or empty is off; 1 suits most models.',
    when: always,
  },
];

const SCHEDULE_FIELDS: readonly NumberField[] = [
  {
    key: 'warmupEpochs',
    min: 0,
    max: 10_000,
    integer: true,
    help: 'Ramp the rate up linearly first; 0 for none.',
    when: always,
  },
  {
    key: 'decayEvery',
    min: 1,
    max: 10_000,
    integer: true,
    help: 'Multiply the rate by the factor this often.',
    when: scheduleIs('step'),
  },
  {
    key: 'decayRate',
    min: 0.001,
    max: 1,
    help: 'Step: factor per step. Exponential: factor per epoch.',
    when: scheduleIs('step', 'exponential'),
  },
  { key: 'minLearningRate', min: 0, max: 10, help: 'Where the cosine ends.', when: scheduleIs('cosine') },
  {
    key: 'cosineRestartEvery',
    min: 0,
    max: 10_000,
    integer: true,
    help: 'Warm restarts; 0 decays once over the run.',
    when: scheduleIs('cosine'),
  },
];

const LOSS_FIELDS: readonly NumberField[] = [
  {
    key: 'labelSmoothing',
    min: 0,
    max: 0.5,
    help: 'Softens the targets; curbs over-confident models.',
    when: (_c, task) => task !== 'regression',
  },
];

const STOPPING_FIELDS: readonly NumberField[] = [
  {
    key: 'patience',
    min: 1,
    max: 10_000,
    integer: true,
    help: 'Epochs without improvement before stopping.',
    when: (c) => c.earlyStopping,
  },
  {
    key: 'minDelta',
    min: 0,
    max: 1e9,
    help: 'Smaller changes do not count as improvement.',
    when: (c) => c.earlyStopping,
  },
];

const AUGMENTATION_FIELDS: readonly NumberField[] = [
  {
    key: 'augmentRotation',
    min: 0,
    max: MAX_AUGMENT_ROTATION,
    help: 'Each image turns by a random angle up to this, either way.',
    when: (c) => c.augment,
  },
  {
    key: 'augmentShift',
    min: 0,
    max: MAX_AUGMENT_SHIFT,
    help: 'Moves each image by up to this share of its size, along each axis.',
    when: (c) => c.augment,
  },
  {
    key: 'augmentZoom',
    min: 0,
    max: MAX_AUGMENT_ZOOM,
    help: 'Scales each image in or out by up to this share; 0 for none.',
    when: (c) => c.augment,
  },
];

export function TrainSettingsForm() {
  const training = useProjectStore((s) => s.project.training);
  const actions = useActions();
  const setTraining = (patch: Partial<TrainingConfig>) => void actions.perform('setTrainingSettings', patch);
  const locked = useRunStore((s) => isActive(s.run));
  const data = useAnalysis().data;
  const task = data?.task;
  const augmentationUnavailable = augmentationUnavailableBecause(data);
  const numbers = (fields: readonly NumberField[]) =>
    fields
      .filter((f) => (f.when ?? always)(training, task))
      .map((f) => (
        <NumberSetting key={f.key} field={f} value={training[f.key]} onChange={(v) => setTraining({ [f.key]: v })} />
      ));

  return (
    <fieldset className="train-settings" disabled={locked}>
      <legend>Training</legend>
      {numbers(BASICS)}
      <LearningRateFinder />
      <Select
        id="optimizer"
        label={TRAINING_LABELS.optimizer}
        value={training.optimizer}
        options={OPTIMIZER_LABELS}
        onChange={(optimizer) => setTraining({ optimizer })}
      />
      {numbers(OPTIMIZER_FIELDS)}
      {training.optimizer === 'momentum' && (
        <Checkbox
          id="nesterov"
          label={TRAINING_LABELS.nesterov}
          checked={training.nesterov}
          onChange={(nesterov) => setTraining({ nesterov })}
        />
      )}
      <Select
        id="schedule"
        label={TRAINING_LABELS.schedule}
        value={training.schedule}
        options={{ constant: 'Constant', step: 'Step decay', exponential: 'Exponential decay', cosine: 'Cosine' }}
        onChange={(schedule) => setTraining({ schedule })}
      />
      {numbers(SCHEDULE_FIELDS)}
      {task === 'regression' && (
        <Select
          id="regression-loss"
          label={TRAINING_LABELS.regressionLoss}
          value={training.regressionLoss}
          options={{ mse: 'Mean squared error', mae: 'Mean absolute error', huber: 'Huber' }}
          onChange={(regressionLoss) => setTraining({ regressionLoss })}
        />
      )}
      {numbers(LOSS_FIELDS)}
      {task !== undefined && task !== 'regression' && (
        <Select
          id="class-weights"
          label={TRAINING_LABELS.classWeights}
          value={training.classWeights}
          options={{ none: 'None', balanced: 'Balanced (automatic, from the training rows)' }}
          onChange={(classWeights) => setTraining({ classWeights })}
        />
      )}
      <Select
        id="backend"
        label={TRAINING_LABELS.backend}
        value={training.backend}
        options={{ auto: 'Automatic', webgpu: 'WebGPU', wasm: 'wasm', cpu: 'cpu' }}
        help="Automatic: WebGPU on a real GPU, else the fastest CPU backend the graph trains on. A backend chosen here is still checked against cpu at first use, and passed over, with the reason shown, if it cannot train the graph or disagrees."
        onChange={(backend) => setTraining({ backend })}
      />
      <Checkbox
        id="early-stopping"
        label={TRAINING_LABELS.earlyStopping}
        checked={training.earlyStopping}
        onChange={(earlyStopping) => setTraining({ earlyStopping })}
      />
      {training.earlyStopping && (
        <Select
          id="early-stopping-metric"
          label={TRAINING_LABELS.earlyStoppingMetric}
          value={training.earlyStoppingMetric}
          options={
            task === 'regression'
              ? { val_loss: 'Validation loss', val_mse: 'Validation MSE' }
              : { val_loss: 'Validation loss', val_acc: 'Validation accuracy' }
          }
          onChange={(earlyStoppingMetric) => setTraining({ earlyStoppingMetric })}
        />
      )}
      {numbers(STOPPING_FIELDS)}
      {training.earlyStopping && (
        <Checkbox
          id="restore-best"
          label={TRAINING_LABELS.restoreBestWeights}
          checked={training.restoreBestWeights}
          onChange={(restoreBestWeights) => setTraining({ restoreBestWeights })}
        />
      )}
      <fieldset
        className="train-settings-group"
        data-testid="augmentation-settings"
        disabled={augmentationUnavailable !== undefined}
      >
        <legend>Augmentation (images)</legend>
        {augmentationUnavailable && (
          <p className="hint" data-testid="augmentation-unavailable">
            {augmentationUnavailable}
          </p>
        )}
        <Checkbox
          id="augment"
          label={TRAINING_LABELS.augment}
          help="A random variation of every training image, each epoch; validation images stay as they are."
          checked={training.augment}
          onChange={(augment) => setTraining({ augment })}
        />
        {training.augment && (
          <Checkbox
            id="augment-flip"
            label={TRAINING_LABELS.augmentFlip}
            help="Leave off for digits and text: mirrored, they no longer read the same."
            checked={training.augmentFlip}
            onChange={(augmentFlip) => setTraining({ augmentFlip })}
          />
        )}
        {numbers(AUGMENTATION_FIELDS)}
      </fieldset>
    </fieldset>
  );
}

function Select<T extends string>({
  id,
  label,
  value,
  options,
  help,
  onChange,
}: {
  id: string;
  label: string;
  value: T;
  options: Readonly<Record<T, string>>;
  help?: string;
  onChange: (value: T) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {(Object.entries(options) as [T, string][]).map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      {help && <small className="field-help">{help}</small>}
    </div>
  );
}

function Checkbox({
  id,
  label,
  help,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  help?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const checkbox = (
    <div className="field inline">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
  if (!help) return checkbox;
  return (
    <div className="field">
      {checkbox}
      <small className="field-help">{help}</small>
    </div>
  );
}

function NumberSetting({
  field,
  value,
  onChange,
}: {
  field: NumberField;
  value: number;
  onChange: (value: number) => void;
}) {
  const id = `setting-${field.key}`;
  const [text, setText] = useState(String(value));
  // Follow the project when it changes from elsewhere (undo, a restore), but never rewrite what is being typed.
  if (Number(text) !== value && valid(field, text)) setText(String(value));
  const label = TRAINING_LABELS[field.key];
  const problem = valid(field, text)
    ? undefined
    : `${label}: expected ${field.integer ? 'an integer' : 'a number'} in [${field.min}, ${field.max}]`;
  return (
    <div className="field">
      <label htmlFor={id} title={field.help}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        min={field.min}
        max={field.max}
        step={field.integer ? 1 : 'any'}
        value={text}
        aria-invalid={problem !== undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (valid(field, e.target.value)) onChange(e.target.value.trim() === '' ? 0 : Number(e.target.value));
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
function valid(field: NumberField, text: string): boolean {
  const v = Number(text);
  if (text.trim() === '') return field.emptyIsZero === true;
  return v >= field.min && v <= field.max && (!field.integer || Number.isInteger(v));
}
