import { useMemo, useState } from 'react';
import { proposeRange, proposeSpace, searchableParams, type Domain, type SearchSpace } from '../../sweep/space';
import { configProblems, defaultDirection, PRUNERS, SAMPLERS, type PrunerName, type SamplerName, type StudyConfig } from '../../sweep/study';
import type { PythonTarget } from '../../sweep/codegen/python';
import { useAnalysis } from '../../state/analysis';
import { useProjectStore, useSweepStore } from '../../state/StudioProvider';
import { ActionButton, useActions, useCan } from '../common/ActionsContext';
import { SweepResults } from './SweepResults';

const SAMPLER_LABELS: Record<SamplerName, string> = { tpe: 'TPE (Bayesian)', random: 'random', grid: 'grid (shuffled)' };
const PRUNER_LABELS: Record<PrunerName, string> = { none: 'no pruning', median: 'median', asha: 'ASHA (successive halving)' };

/**
 * Hyperparameter sweeps: the search space (any training setting or layer param, ranges proposed
 * from the schemas), the objective, sampler, pruner and budget, then the trials as they run.
 */
export function SweepView() {
  const project = useProjectStore((s) => s.project);
  // Narrow selections: the view is not redrawn on every epoch report, only SweepResults follows them.
  const status = useSweepStore((s) => s.study?.status);
  const error = useSweepStore((s) => s.error);
  const task = useAnalysis().data?.task;
  const actions = useActions();
  const canStart = useCan('startSweep');
  const [space, setSpace] = useState<SearchSpace>(() => proposeSpace(project));
  const metrics = task === 'regression' ? ['val_loss', 'val_mse'] : ['val_loss', 'val_acc'];
  const [metric, setMetric] = useState('val_loss');
  const [sampler, setSampler] = useState<SamplerName>('tpe');
  const [pruner, setPruner] = useState<PrunerName>('median');
  const [trials, setTrials] = useState(20);
  const [parallel, setParallel] = useState(() => Math.max(1, (navigator.hardwareConcurrency ?? 2) - 1));
  const [seed, setSeed] = useState(42);
  const config: StudyConfig = {
    space,
    objective: { metric, direction: defaultDirection(metric) },
    sampler,
    pruner,
    seed,
    budget: { trials },
    parallel,
  };
  const problems = configProblems(config, project);
  const running = status !== undefined && status !== 'stopped' && canStart !== true;

  return (
    <div className="sweep-view" data-testid="sweep-view">
      <section className="sweep-settings">
        <h2>Hyperparameter sweep</h2>
        <SpaceEditor space={space} setSpace={setSpace} disabled={running} />
        <div className="sweep-options">
          <label>
            Objective{' '}
            <select data-testid="sweep-objective" value={metric} onChange={(e) => setMetric(e.target.value)} disabled={running}>
              {metrics.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>{' '}
            ({config.objective.direction}d)
          </label>
          <label>
            Sampler{' '}
            <select data-testid="sweep-sampler" value={sampler} onChange={(e) => setSampler(e.target.value as SamplerName)} disabled={running}>
              {SAMPLERS.map((s) => (
                <option key={s} value={s}>
                  {SAMPLER_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Pruner{' '}
            <select data-testid="sweep-pruner" value={pruner} onChange={(e) => setPruner(e.target.value as PrunerName)} disabled={running}>
              {PRUNERS.map((p) => (
                <option key={p} value={p}>
                  {PRUNER_LABELS[p]}
                </option>
              ))}
            </select>
          </label>
          <NumberField label="Trials" testId="sweep-trials" value={trials} onChange={setTrials} disabled={running} />
          <NumberField label="In parallel (workers)" testId="sweep-parallel" value={parallel} onChange={setParallel} disabled={running} />
          <NumberField label="Seed" testId="sweep-seed" value={seed} onChange={setSeed} disabled={running} />
        </div>
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
            onClick={() => void actions.perform('startSweep', config)}
          >
            Start sweep
          </button>
          <ActionButton name="pauseSweep" testId="sweep-pause" />
          <ActionButton name="resumeSweep" testId="sweep-resume" />
          <ActionButton name="stopSweep" testId="sweep-stop" />
          <ActionButton name="applyBestTrial" testId="sweep-apply-best" />
          <ActionButton name="trainBestFully" testId="sweep-train-best" />
          <PythonExport />
        </div>
      </section>
      {status !== undefined && <SweepResults />}
    </div>
  );
}

/** The sweep as an Optuna or a Ray Tune script, each downloaded with the data it reads. */
function PythonExport() {
  const actions = useActions();
  const can = useCan('exportSweepPython');
  const button = (target: PythonTarget, label: string) => (
    <button type="button" data-testid={`sweep-export-${target}`} disabled={can !== true} title={can === true ? `The sweep as a ${label} script, with its data (.npz)` : can} onClick={() => void actions.perform('exportSweepPython', target)}>
      {label}
    </button>
  );
  return (
    <span className="sweep-export" role="group" aria-label="Export as Python">
      Export as Python: {button('optuna', 'Optuna')} {button('ray', 'Ray Tune')}
    </span>
  );
}

function NumberField({ label, testId, value, onChange, disabled }: { label: string; testId: string; value: number; onChange: (n: number) => void; disabled: boolean }) {
  return (
    <label>
      {label}{' '}
      <input type="number" data-testid={testId} value={Number.isNaN(value) ? '' : value} onChange={(e) => onChange(e.target.valueAsNumber)} disabled={disabled} />
    </label>
  );
}

/** Every searchable setting and param, ticked when in the space, with its range. */
function SpaceEditor({ space, setSpace, disabled }: { space: SearchSpace; setSpace: (space: SearchSpace) => void; disabled: boolean }) {
  const project = useProjectStore((s) => s.project);
  const params = useMemo(() => searchableParams(project), [project]);
  const byPath = new Map(space.map((param) => [param.path, param.domain]));
  // Params of layers no longer in the graph stay listed, so their problem can be read and the tick removed.
  const gone = space.filter((param) => !params.some((p) => p.path === param.path)).map((param) => ({ path: param.path, label: param.path, tunable: false }));
  const toggle = (path: string, on: boolean) => {
    if (!on) return setSpace(space.filter((param) => param.path !== path));
    const domain = proposeRange(project, path);
    if (domain.ok) setSpace([...space, { path, domain: domain.value }]);
  };
  const change = (path: string, domain: Domain) => setSpace(space.map((param) => (param.path === path ? { path, domain } : param)));
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
                <input type="checkbox" aria-label={`Search ${label}`} data-testid={`sweep-param-${path}`} checked={!!domain} disabled={disabled} onChange={(e) => toggle(path, e.target.checked)} />
              </td>
              <td>{label}</td>
              <td>{domain && <DomainEditor path={path} domain={domain} onChange={(d) => change(path, d)} disabled={disabled} />}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DomainEditor({ path, domain, onChange, disabled }: { path: string; domain: Domain; onChange: (domain: Domain) => void; disabled: boolean }) {
  if (domain.type === 'categorical') return <span data-testid={`sweep-range-${path}`}>{domain.choices.map(String).join(' · ')}</span>;
  const bound = (key: 'low' | 'high') => (
    <input
      type="number"
      className="sweep-bound"
      aria-label={`${key === 'low' ? 'Lowest' : 'Highest'} ${path}`}
      data-testid={`sweep-${key}-${path}`}
      value={Number.isNaN(domain[key]) ? '' : domain[key]}
      step="any"
      disabled={disabled}
      onChange={(e) => onChange({ ...domain, [key]: e.target.valueAsNumber })}
    />
  );
  return (
    <span className="sweep-range" data-testid={`sweep-range-${path}`}>
      {bound('low')} to {bound('high')}{' '}
      <label>
        <input type="checkbox" data-testid={`sweep-log-${path}`} checked={domain.log} disabled={disabled} onChange={(e) => onChange({ ...domain, log: e.target.checked })} /> log
      </label>{' '}
      {domain.type}
    </span>
  );
}
