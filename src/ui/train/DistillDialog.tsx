import { useMemo, useState } from 'react';
import type { StudentChoice } from '../../actions/distillActions';
import { distillChoices } from '../../actions/distillActions';
import { DEFAULT_DISTILL_SETTINGS, distillSettingsProblem, type DistillSettings } from '../../model/distillation';
import { useActions } from '../common/ActionsContext';
import { formatCount, formatValue } from '../common/format';
import { StudioDialog } from '../common/StudioDialog';

/** The student, α and temperature of a distillation from the model just trained (the teacher). */
export function DistillDialog() {
  return (
    <StudioDialog name="distill" title="Distill into a smaller model" className="export-dialog">
      <DistillForm />
    </StudioDialog>
  );
}

function DistillForm() {
  const actions = useActions();
  // The choices as the dialog opened: nothing they depend on changes while it is open.
  const choices = useMemo(() => distillChoices(actions.ctx), [actions]);
  const [student, setStudent] = useState<StudentChoice>('proposed');
  const [settings, setSettings] = useState<DistillSettings>(DEFAULT_DISTILL_SETTINGS);
  if (!choices.ok)
    return (
      <p className="field-error" role="alert">
        {choices.error}
      </p>
    );
  const { teacherParams, proposed, canvas } = choices.value;
  const share = (params: number) => `${formatValue((100 * params) / teacherParams)} %`;
  const problem = distillSettingsProblem(settings);
  return (
    <form
      method="dialog"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.perform('distill', { student, settings });
      }}
    >
      <p className="hint">
        The model just trained is the teacher ({formatCount(teacherParams)} parameters). The student learns from the
        labels and from the teacher’s outputs, which say how sure it is and which classes it finds alike: a small model
        often learns more from them than from the labels alone.
      </p>
      <fieldset className="field">
        <legend>Student</legend>
        <label className="field inline">
          <input type="radio" name="student" checked={student === 'proposed'} onChange={() => setStudent('proposed')} />
          The teacher’s layers, {formatValue(proposed.divisor)}× narrower at most: {formatCount(proposed.params)}{' '}
          parameters ({share(proposed.params)} of the teacher’s)
        </label>
        {canvas && (
          <label className="field inline">
            <input type="radio" name="student" checked={student === 'canvas'} onChange={() => setStudent('canvas')} />
            The graph on the canvas: {formatCount(canvas.params)} parameters ({share(canvas.params)} of the teacher’s)
          </label>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor="distill-alpha">α (weight of the labels)</label>
        <input
          id="distill-alpha"
          type="number"
          min={0}
          max={1}
          step={0.05}
          value={settings.alpha}
          onChange={(e) => setSettings({ ...settings, alpha: e.target.valueAsNumber })}
        />
        <span className="field-help">
          1 learns from the labels only, 0 from the teacher only; {DEFAULT_DISTILL_SETTINGS.alpha} weighs them alike.
        </span>
      </div>
      <div className="field">
        <label htmlFor="distill-temperature">Temperature</label>
        <input
          id="distill-temperature"
          type="number"
          min={1}
          step={0.5}
          value={settings.temperature}
          onChange={(e) => setSettings({ ...settings, temperature: e.target.valueAsNumber })}
        />
        <span className="field-help">
          Softens the teacher’s class probabilities so the student also sees the runner-up classes; 1 leaves them as
          they are. Regression ignores it.
        </span>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={() => void actions.perform('closeDialog')}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={problem !== undefined}>
          Start
        </button>
      </div>
    </form>
  );
}
