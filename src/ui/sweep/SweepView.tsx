import { useMemo, useState } from 'react';
import { prunerKind, prunerKinds } from '../../sweep/pruners';
import { samplerKind, samplerKinds } from '../../sweep/samplers';
import { proposeRange, searchableParams } from '../../sweep/space';
import { configProblems, defaultDirection, sweepSettings } from '../../sweep/study';
import type { PythonFramework, PythonTarget } from '../../sweep/codegen/python';
import { useAnalysis } from '../../state/analysis';
import { useProjectStore, useSweepStore } from '../../state/StudioProvider';
import type { Domain, SearchSpace, PrunerName, SamplerName, StudyConfig } from '../../sweep/studyConfig';
import { ActionButton, useActions, useCan } from '../common/ActionsContext';
import { formatValue } from '../common/format';
import { FrameworkSelect } from './FrameworkSelect';
import { SweepResults } from './SweepResults';

/**
 * Hyperparameter sweeps: the search space (any training setting or layer param, ranges proposed
 * from the schemas), the objective, sampler, pruner and budget, then the trials as they run. The
 * settings are the project's (saved, undoable); while a sweep runs the form shows its own, read-only.
 */
export function SweepView() {
  const project = useProjectStore((s) => s.project);
  // Narrow selections: the view is not redrawn on every epoch report, only SweepResults follows them.
  const status = useSweepStore((s) => s.study?.status);
  const runningConfig = useSweepStore((s) => (s.study && s.study.status !== 'stopped' ? s.study.config : null));
  const error = useSweepStore((s) => s.error);
  const task = useAnalysis().data?.task;
  const actions = useActions();
  const canStart = useCan('startSweep');
  const own = useMemo(() => sweepSettings(project, navigator.hardwareConcurrency ?? 1), [project]);
  const running = runningConfig !== null && canStart !== true;
  const config = running ? runningConfig : own;
  const update = (patch: Partial<StudyConfig>) => void actions.perform('setSweepSettings', { ...own, ...patch });
  const { metric } = config.objective;
  const metrics = [
    ...new Set([...(task === 'regression' ? ['val_loss', 'val_mse'] : ['val_loss', 'val_acc']), metric]),
  ];
  const problems = running ? [] : configProblems(config, project);
  const sampler = samplerKind(config.sampler);
  const samplerNote = sampler.note?.(config);

  return (
    <div className="sweep-view" data-testid="sweep-view">
      <section className="sweep-settings" aria-label="Sweep settings">
        <h2>Hyperparameter sweep</h2>
        {running && (
          <p className="hint" data-testid="sweep-settings-locked">
            The sweep in progress runs with these settings; stop it to change them.
          </p>
        )}
        <SpaceEditor space={config.space} setSpace={(space) => update({ space })} disabled={running} />
        <div className="sweep-options">
          <label>
            Objective{' '}
            <select
              data-testid="sweep-objective"
              value={metric}
              onChange={(e) =>
                update({ objective: { metric: e.target.value, direction: defaultDirection(e.target.value) } })
              }
              disabled={running}
            >
              {metrics.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>{' '}
            ({config.objective.direction}d)
          </label>
          <label>
            Sampler{' '}
            <select
              data-testid="sweep-sampler"
              title={sampler.help}
              value={config.sampler}
              onChange={(e) => update({ sampler: e.target.value as SamplerName })}
              disabled={running}
            >
              {samplerKinds.map((kind) => (
                <option key={kind.id} value={kind.id} title={kind.help}>
                  {kind.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Pruner{' '}
            <select
              data-testid="sweep-pruner"
              title={prunerKind(config.pruner).help}
              value={config.pruner}
              onChange={(e) => update({ pruner: e.target.value as PrunerName })}
              disabled={running}
            >
              {prunerKinds.map((kind) => (
                <option key={kind.id} value={kind.id} title={kind.help}>
                  {kind.label}
                </option>
              ))}
            </select>
          </label>
          <NumberField
            label="Trials"
            testId="sweep-trials"
            value={config.budget.trials ?? Number.NaN}
            onChange={(trials) => update({ budget: { ...config.budget, trials } })}
            disabled={running}
          />
          <NumberField
            label="In parallel (workers)"
            testId="sweep-parallel"
            value={config.parallel}
            onChange={(parallel) => update({ parallel })}
            disabled={running}
          />
          <NumberField
            label="Seed"
            testId="sweep-seed"
            value={config.seed}
            onChange={(seed) => update({ seed })}
            disabled={running}
          />
        </div>
        {samplerNote !== undefined && (
          <p className="hint" data-testid="sweep-sampler-note">
            {samplerNote}
          </p>
        )}
        {problems.length > 0 && (
          <ul className="sweep-problems" role="alert" data-testid="sweep-problems">
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        )}
        {error && (
          <p className="data-problem" role="alert" data-testid="sweep-error">
            {error}
          </p>
        )}
        <div className="sweep-buttons">
          <button
            type="button"
            className="primary"
            data-testid="sweep-start"
            disabled={canStart !== true || problems.length > 0}
            title={canStart === true ? undefined : canStart}
            onClick={() => void actions.perform('startSweep')}
          >
            Start sweep
          </button>
          <ActionButton name="pauseSweep" testId="sweep-pause" />
          <ActionButton name="resumeSweep" testId="sweep-resume" />
          <ActionButton name="stopSweep" testId="sweep-stop" />
          <ActionButton name="applyBestTrial" testId="sweep-apply-best" />
          <ActionButton name="trainBestFully" testId="sweep-train-best" />
          <PythonExport />
          <TrialsImport />
        </div>
      </section>
      {status !== undefined && <SweepResults />}
    </div>
  );
}

/** The sweep as an Optuna or a Ray Tune script training with Keras or PyTorch, each downloaded with the data it reads. */
function PythonExport() {
  const actions = useActions();
  const can = useCan('exportSweepPython');
  const [framework, setFramework] = useState<PythonFramework>('keras');
  const button = (target: PythonTarget, label: string) => (
    <button
      type="button"
      data-testid={`sweep-export-${target}`}
      disabled={can !== true}
      title={can === true ? `The sweep as a ${label} script, with its data (.npz)` : can}
      onClick={() => void actions.perform('exportSweepPython', { target, framework })}
    >
      {label}
    </button>
  );
  return (
    <span className="sweep-export" role="group" aria-label="Export as Python">
      Export as Python: <FrameworkSelect value={framework} onChange={setFramework} testId="sweep-export-framework" />{' '}
      {button('optuna', 'Optuna')} {button('ray', 'Ray Tune')}
    </span>
  );
}

/** The trials file the Optuna script writes at its end, brought into the ended sweep. */
function TrialsImport() {
  const actions = useActions();
  const can = useCan('importOptunaTrials');
  return (
    <label
      className="button-like sweep-import"
      aria-disabled={can !== true}
      title={
        can === true
          ? 'The tensorloom_trials.json the exported Optuna script writes: its study’s trials join this sweep'
          : can
      }
    >
      Import Optuna trials…
      <input
        type="file"
        accept=".json,application/json"
        data-testid="sweep-import-trials"
        disabled={can !== true}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void actions.perform('importOptunaTrials', file);
        }}
      />
    </label>
  );
}

function NumberField({
  label,
  testId,
  value,
  onChange,
  disabled,
}: {
  label: string;
  testId: string;
  value: number;
  onChange: (n: number) => void;
  disabled: boolean;
}) {
  return (
    <label>
      {label} <NumberInput label={label} testId={testId} value={value} onChange={onChange} disabled={disabled} />
    </label>
  );
}

/**
 * A number field that sends only numbers to the project: while it is empty (or holds no number) the
 * last number stays in the project, and the field says so. Follows the project (undo, a running sweep's settings).
 */
function NumberInput({
  label,
  testId,
  value,
  onChange,
  disabled,
  ...rest
}: {
  label: string;
  testId: string;
  value: number;
  onChange: (n: number) => void;
  disabled: boolean;
  className?: string;
  'aria-label'?: string;
}) {
  const [text, setText] = useState(Number.isNaN(value) ? '' : String(value));
  if (text !== '' && Number(text) !== value && !Number.isNaN(value)) setText(String(value));
  return (
    <>
      <input
        type="number"
        data-testid={testId}
        value={text}
        step="any"
        disabled={disabled}
        aria-invalid={text === ''}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value !== '' && Number.isFinite(e.target.valueAsNumber)) onChange(e.target.valueAsNumber);
        }}
        {...rest}
      />
      {text === '' && (
        <small className="field-error" role="alert">
          {label}: enter a number{Number.isNaN(value) ? '' : `; ${value} is kept`}.
        </small>
      )}
    </>
  );
}

/** Every searchable setting and param, ticked when in the space, with its range. */
function SpaceEditor({
  space,
  setSpace,
  disabled,
}: {
  space: SearchSpace;
  setSpace: (space: SearchSpace) => void;
  disabled: boolean;
}) {
  const project = useProjectStore((s) => s.project);
  const params = useMemo(() => searchableParams(project), [project]);
  const byPath = new Map(space.map((param) => [param.path, param.domain]));
  // Params of layers no longer in the graph stay listed, so their problem can be read and the tick removed.
  const gone = space
    .filter((param) => !params.some((p) => p.path === param.path))
    .map((param) => ({ path: param.path, label: param.path, tunable: false }));
  const toggle = (path: string, on: boolean) => {
    if (!on) return setSpace(space.filter((param) => param.path !== path));
    const domain = proposeRange(project, path);
    if (domain.ok) setSpace([...space, { path, domain: domain.value }]);
  };
  const change = (path: string, domain: Domain) =>
    setSpace(space.map((param) => (param.path === path ? { path, domain } : param)));
  return (
    <table className="sweep-space" data-testid="sweep-space">
      <thead>
        <tr>
          <th>Search</th>
          <th>Setting</th>
          <th>Range</th>
        </tr>
      </thead>
      <tbody>
        {[...params, ...gone].map(({ path, label, tunable }) => {
          const domain = byPath.get(path);
          return (
            <tr key={path} className={tunable || domain ? undefined : 'is-ignored'}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Search ${label}`}
                  data-testid={`sweep-param-${path}`}
                  checked={!!domain}
                  disabled={disabled}
                  onChange={(e) => toggle(path, e.target.checked)}
                />
              </td>
              <td>{label}</td>
              <td>
                {domain && (
                  <DomainEditor
                    path={path}
                    label={label}
                    domain={domain}
                    onChange={(d) => change(path, d)}
                    disabled={disabled}
                  />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DomainEditor({
  path,
  label,
  domain,
  onChange,
  disabled,
}: {
  path: string;
  label: string;
  domain: Domain;
  onChange: (domain: Domain) => void;
  disabled: boolean;
}) {
  if (domain.type === 'categorical')
    return <span data-testid={`sweep-range-${path}`}>{domain.choices.map((c) => formatValue(c)).join(' · ')}</span>;
  const bound = (key: 'low' | 'high') => {
    const name = `${key === 'low' ? 'Lowest' : 'Highest'} ${label}`;
    return (
      <NumberInput
        className="sweep-bound"
        aria-label={name}
        label={name}
        testId={`sweep-${key}-${path}`}
        value={domain[key]}
        disabled={disabled}
        onChange={(n) => onChange({ ...domain, [key]: n })}
      />
    );
  };
  return (
    <span className="sweep-range" data-testid={`sweep-range-${path}`}>
      {bound('low')} to {bound('high')}{' '}
      <label>
        <input
          type="checkbox"
          data-testid={`sweep-log-${path}`}
          checked={domain.log}
          disabled={disabled}
          onChange={(e) => onChange({ ...domain, log: e.target.checked })}
        />{' '}
        log
      </label>{' '}
      {domain.type}
    </span>
  );
}
