import { useMemo, useState } from 'react';
import {
  AUTO_BUDGET_MINUTES,
  defaultAutoSettings,
  type AutoLimits,
  type AutoSettings,
} from '../../sweep/auto/autoStudy';
import type { PythonFramework } from '../../sweep/codegen/python';
import { actions as actionCatalog } from '../../actions';
import type { Aim } from '../../sweep/studyConfig';
import { useAutoStore, useProjectStore } from '../../state/StudioProvider';
import { ActionButton, useActions, useCan } from '../common/ActionsContext';
import { FrameworkSelect } from '../sweep/FrameworkSelect';

/**
 * The Auto search's settings: a time budget (the usual ones or custom minutes), optional limits on
 * parameters, size and latency, and how many candidates train at once. While a search runs they
 * show its own settings, read-only; a change that cannot start a search is refused in a sentence.
 */
export function AutoSettingsForm() {
  const chosen = useProjectStore((s) => s.project.auto);
  const problem = useAutoStore((s) => s.settingsProblem);
  const runningConfig = useAutoStore((s) => (s.study && s.study.status !== 'stopped' ? s.study.config : null));
  const proposed = useMemo(() => defaultAutoSettings(navigator.hardwareConcurrency ?? 1), []);
  const own = chosen ?? proposed;
  const actions = useActions();
  const canChange = useCan('setAutoSettings') === true;
  const settings = runningConfig
    ? {
        ...own,
        minutes: runningConfig.budget.minutes ?? own.minutes,
        parallel: runningConfig.parallel,
        aim: runningConfig.aim ?? 'metric',
      }
    : own;
  const update = (patch: Partial<AutoSettings>) => void actions.perform('setAutoSettings', { ...own, ...patch });
  const setLimit = (key: keyof AutoLimits, value: number | undefined) => {
    const { [key]: _dropped, ...others } = own.limits;
    update({ limits: value === undefined ? others : { ...others, [key]: value } });
  };
  const [custom, setCustom] = useState(false);
  const listed = (AUTO_BUDGET_MINUTES as readonly number[]).includes(settings.minutes);
  const showCustom = custom || !listed;
  const disabled = !canChange;
  return (
    <section className="auto-settings" aria-label="Auto settings">
      <div className="sweep-options">
        <label>
          Time budget{' '}
          <select
            value={showCustom ? 'custom' : String(settings.minutes)}
            disabled={disabled}
            onChange={(e) => {
              const custom = e.target.value === 'custom';
              setCustom(custom);
              if (!custom) update({ minutes: Number(e.target.value) });
            }}
          >
            {AUTO_BUDGET_MINUTES.map((m) => (
              <option key={m} value={m}>
                {m} min
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        </label>
        {showCustom && (
          <NumberText
            label="Minutes"
            value={settings.minutes}
            disabled={disabled}
            onCommit={(minutes) => update({ minutes: minutes ?? Number.NaN })}
          />
        )}
        <NumberText
          label="In parallel (workers)"
          value={settings.parallel}
          disabled={disabled}
          onCommit={(parallel) => update({ parallel: parallel ?? Number.NaN })}
        />
        <label title="The trade-off keeps training the candidates on or near the front of metric against parameters, small ones a little behind the best included, rather than only those closest to the best metric.">
          Aim{' '}
          <select value={settings.aim} disabled={disabled} onChange={(e) => update({ aim: e.target.value as Aim })}>
            <option value="metric">Best metric</option>
            <option value="trade-off">Best trade-off (Pareto front)</option>
          </select>
        </label>
      </div>
      <fieldset className="sweep-options auto-limits" disabled={disabled}>
        <legend>Limits (optional)</legend>
        <NumberText
          label="At most parameters"
          value={settings.limits.maxParams}
          onCommit={(v) => setLimit('maxParams', v)}
        />
        <NumberText label="At most kB (float32)" value={settings.limits.maxKb} onCommit={(v) => setLimit('maxKb', v)} />
        <NumberText
          label="At most ms per prediction"
          value={settings.limits.maxLatencyMs}
          onCommit={(v) => setLimit('maxLatencyMs', v)}
        />
        <p className="hint">
          When the best candidate breaks a limit and none within them scores within 1 % of it, Auto’s last step distils
          it into a smaller student that meets them, for at most a quarter of the budget more (at least half a minute).
        </p>
      </fieldset>
      {problem && (
        <p className="sweep-problems" role="alert" data-testid="auto-settings-problem">
          {problem} The settings stay as they were.
        </p>
      )}
      <div className="sweep-buttons">
        <ActionButton name="startAuto" className="primary" testId="auto-start" />
        <ActionButton name="pauseAuto" />
        <ActionButton name="resumeAuto" />
        <ActionButton name="stopAuto" testId="auto-stop" />
        <PythonExport />
      </div>
    </section>
  );
}

/**
 * A number field that keeps what was typed, even when the change is refused (the sentence below the
 * form says why), and follows the value when it changes elsewhere. Empty commits undefined.
 */
function NumberText({
  label,
  value,
  onCommit,
  disabled,
}: {
  label: string;
  value: number | undefined;
  onCommit: (value: number | undefined) => void;
  disabled?: boolean;
}) {
  const text = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));
  const [typed, setTyped] = useState(text(value));
  const [shown, setShown] = useState(value);
  if (!Object.is(shown, value)) {
    setShown(value);
    setTyped(text(value));
  }
  return (
    <label>
      {label}{' '}
      <input
        type="number"
        step="any"
        value={typed}
        disabled={disabled}
        onChange={(e) => {
          setTyped(e.target.value);
          onCommit(e.target.value === '' ? undefined : e.target.valueAsNumber);
        }}
      />
    </label>
  );
}

/** The search as an Optuna script training with Keras or PyTorch, downloaded with its data. */
function PythonExport() {
  const actions = useActions();
  const can = useCan('exportAutoPython');
  const [framework, setFramework] = useState<PythonFramework>('keras');
  return (
    <span className="sweep-export" role="group" aria-label="Export as Python">
      <FrameworkSelect value={framework} onChange={setFramework} testId="auto-export-framework" />{' '}
      <button
        type="button"
        data-testid="action-exportAutoPython"
        disabled={can !== true}
        title={can === true ? undefined : can}
        onClick={() => void actions.perform('exportAutoPython', framework)}
      >
        {actionCatalog.exportAutoPython.label}
      </button>
    </span>
  );
}
