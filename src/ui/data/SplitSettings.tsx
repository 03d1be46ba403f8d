import type { DatasetMeta, SplitOrder } from '../../data/schema';
import { splitSizes } from '../../data/split';
import { planCached, useAnalysis } from '../../state/analysis';
import { SPLIT_LIMITS, type SplitChange } from '../../actions/dataActions';
import { useProjectStore } from '../../state/StudioProvider';
import { useActions } from '../common/ActionsContext';
import { formatCount, shortened } from '../common/format';

/** Characters of a class in the DOM: the cell shows what fits (a class can be a 400-digit number), its title the rest. */
const CLASS_CHARS = 200;

/**
 * The train / validation / test split: shares, random (stratified for classification) or
 * sequential order, the seed, and how many rows — per class too — each side will get.
 */
export function SplitSettings({ meta }: { meta: DatasetMeta }) {
  const data = useProjectStore((s) => s.project.data);
  const actions = useActions();
  const setSplit = (change: SplitChange) => void actions.perform('setSplit', change);
  const { data: context } = useAnalysis();
  const validationPercent = Math.round(data.validationFraction * 100);
  const testPercent = Math.round(data.testFraction * 100);
  const trainPercent = 100 - validationPercent - testPercent;

  const stratified = data.splitOrder === 'random' && context !== null && context.task !== 'regression';
  const classCounts = stratified ? meta.columns.find((c) => c.name === data.target)?.valueCounts : undefined;
  const targetSummary = meta.columns.find((c) => c.name === data.target);
  const rows = meta.rowCount - (targetSummary?.missing ?? 0);
  const sizes = splitSizes(classCounts?.counts ?? [rows], data.validationFraction, data.testFraction);
  const dropping = planCached(meta, data)
    .features.filter((f) => f.impute === 'drop' && f.missing > 0)
    .map((f) => f.name);

  return (
    <section className="split-line" data-testid="split">
      <p className="split-controls">
        Split: <strong data-testid="train-percent">{trainPercent}%</strong> train ·{' '}
        <PercentInput
          label="validation"
          testId="validation-percent"
          limits={SPLIT_LIMITS.validation}
          value={validationPercent}
          onChange={(validationPercent) => setSplit({ validationPercent })}
        />{' '}
        ·{' '}
        <PercentInput
          label="test"
          testId="test-percent"
          limits={SPLIT_LIMITS.test}
          value={testPercent}
          onChange={(testPercent) => setSplit({ testPercent })}
        />{' '}
        ·{' '}
        <select
          aria-label="Split order"
          data-testid="split-order"
          value={data.splitOrder}
          onChange={(e) => setSplit({ splitOrder: e.target.value as SplitOrder })}
        >
          <option value="random">
            random{context && context.task !== 'regression' ? ', stratified by class' : ''}
          </option>
          <option value="sequential">sequential (time series)</option>
        </select>{' '}
        {data.splitOrder === 'random' && (
          <label>
            seed{' '}
            <input
              type="number"
              min={0}
              step={1}
              value={data.seed}
              className="small-number"
              data-testid="split-seed"
              onChange={(e) => setSplit({ seed: Number(e.target.value) })}
            />
          </label>
        )}
      </p>
      <p>
        <strong data-testid="split-sizes">
          {dropping.length > 0 && 'at most '}
          {formatCount(sizes.train)} training rows / {formatCount(sizes.validation)} validation rows /{' '}
          {formatCount(sizes.test)} test rows
        </strong>
        {dropping.length > 0 && <> — rows missing {dropping.map((name) => `"${name}"`).join(', ')} are dropped first</>}
        {targetSummary && targetSummary.missing > 0 && (
          <> · {formatCount(targetSummary.missing)} rows without a target are left out</>
        )}
        . The test rows are never seen by training or early stopping.
      </p>
      {classCounts && (
        <table className="split-classes" data-testid="split-classes">
          <thead>
            <tr>
              <th>Class</th>
              <th>Train</th>
              <th>Validation</th>
              <th>Test</th>
            </tr>
          </thead>
          <tbody>
            {classCounts.values.map((value, i) => {
              const perClass = splitSizes([classCounts.counts[i]!], data.validationFraction, data.testFraction);
              return (
                <tr key={value}>
                  <td>
                    <span className="clipped" title={shortened(value, CLASS_CHARS)}>
                      {shortened(value, CLASS_CHARS)}
                    </span>
                  </td>
                  <td>{formatCount(perClass.train)}</td>
                  <td>{formatCount(perClass.validation)}</td>
                  <td>{formatCount(perClass.test)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PercentInput(props: {
  label: string;
  testId: string;
  limits: { readonly min: number; readonly max: number };
  value: number;
  onChange: (percent: number) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <input
        type="number"
        className="tiny-number"
        data-testid={props.testId}
        min={props.limits.min}
        max={props.limits.max}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
      %
    </label>
  );
}
