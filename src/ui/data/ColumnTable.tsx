import { planColumns, type ColumnPlan, type FeaturePlan } from '../../data/columnPlan';
import type { ColumnChoice, ColumnSummary, ColumnUse, DatasetMeta, Encoding, ImputeStrategy, Scaling } from '../../data/schema';
import type { TokenizerSettings, TokenLevel } from '../../data/text';
import { useProjectStore } from '../../state/StudioProvider';
import { useActions } from '../common/ActionsContext';
import { formatCount, formatMetric } from '../common/format';
import { Bars } from './Bars';

const USE_LABELS: Record<ColumnUse | 'image', string> = {
  numeric: 'numeric',
  categorical: 'categorical',
  text: 'text (tokenised)',
  image: 'image',
  ignore: 'ignored',
};
const IMPUTE_LABELS: Record<ImputeStrategy, string> = {
  mean: 'fill with the mean',
  median: 'fill with the median',
  mostFrequent: 'fill with the most frequent',
  constant: 'fill with a constant',
  drop: 'drop the row',
};
const SCALE_LABELS: Record<Scaling, string> = {
  standardize: 'standardise',
  minmax: 'min-max [0, 1]',
  log1p: 'log1p + standardise',
  none: 'no scaling',
};
const ENCODE_LABELS: Record<Encoding, string> = { oneHot: 'one-hot', ordinal: 'ordinal (index)' };

/**
 * Every column with its statistics and how it becomes model inputs: use (numeric, categorical or
 * ignored), what fills its missing cells, and its scaling or encoding. Statistics for all of it
 * are fitted on the training rows only, when training starts.
 */
export function ColumnTable({ meta }: { meta: DatasetMeta }) {
  const target = useProjectStore((s) => s.project.data.target);
  const choices = useProjectStore((s) => s.project.data.columns);
  const plan = planColumns(meta, { target, columns: choices });
  return (
    <div className="table-scroll">
      <table className="columns-table" data-testid="columns-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th>Missing</th>
            <th>Unique</th>
            <th>Summary</th>
            <th>Use</th>
            <th>Missing cells</th>
            <th>Scale / encode</th>
            <th>Inputs</th>
          </tr>
        </thead>
        <tbody>
          {meta.columns.map((summary, i) => (
            <ColumnRow key={summary.name} summary={summary} plan={plan.columns[i]!} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ColumnRow({ summary, plan }: { summary: ColumnSummary; plan: ColumnPlan }) {
  const name = summary.name;
  const isTarget = plan.role === 'target';
  return (
    <tr className={isTarget ? 'is-target' : plan.role === 'ignored' ? 'is-ignored' : undefined} data-testid={`column-row-${name}`}>
      <td>
        {name}
        {isTarget && <span className="pill small">target</span>}
      </td>
      <td data-testid={`column-type-${name}`}>{summary.imagePaths ? 'image path' : summary.type}</td>
      <td>{formatCount(summary.missing)}</td>
      <td>{summary.uniqueIsLowerBound ? `over ${formatCount(summary.unique)}` : formatCount(summary.unique)}</td>
      <td className="column-summary" title={columnSummary(summary)}>
        {summary.histogram && <ValueBars name={name} histogram={summary.histogram} />}
        {columnSummary(summary)}
      </td>
      {isTarget ? (
        <td colSpan={4} className="hint">
          predicted{summary.type === 'numeric' && summary.unique > 2 ? ' (standardised for training, reported in its own units)' : ''}
        </td>
      ) : (
        <ColumnChoices summary={summary} plan={plan} />
      )}
    </tr>
  );
}

function ColumnChoices({ summary, plan }: { summary: ColumnSummary; plan: Exclude<ColumnPlan, { role: 'target' }> }) {
  const actions = useActions();
  const name = summary.name;
  const choose = (patch: Omit<ColumnChoice, 'name'>) => void actions.perform('chooseColumn', { name, ...patch });
  const uses: readonly (ColumnUse | 'image')[] =
    summary.type === 'image'
      ? ['image', 'ignore']
      : summary.type === 'numeric'
        ? ['numeric', 'categorical', 'ignore']
        : summary.textAmongNumbers
          ? ['numeric', 'categorical', 'text', 'ignore']
          : ['categorical', 'text', 'ignore'];
  const use = plan.role === 'feature' ? plan.feature.use : 'ignore';
  return (
    <>
      <td>
        <select
          aria-label={`Use of ${name}`}
          data-testid={`column-use-${name}`}
          value={use}
          // An image column is used as an image unless ignored: "image" is its default, no choice to keep.
          onChange={(e) => choose({ use: e.target.value === 'image' ? undefined : (e.target.value as ColumnUse) })}
        >
          {uses.map((option) => (
            <option key={option} value={option}>
              {USE_LABELS[option]}
            </option>
          ))}
        </select>
        {plan.role === 'ignored' && plan.reason && <div className="hint" data-testid={`column-ignored-${name}`}>{plan.reason}</div>}
        {summary.textAmongNumbers && <TextAmongNumbersNote summary={summary} asNumbers={use === 'numeric'} />}
        {plan.role === 'feature' && plan.error && (
          <div className="column-error" role="alert" data-testid={`column-error-${name}`}>
            {plan.error}
          </div>
        )}
      </td>
      {plan.role === 'feature' ? (
        <>
          <td>{plan.feature.missing > 0 ? <ImputeChoice feature={plan.feature} choose={choose} /> : <span className="hint">none missing</span>}</td>
          <td>
            {plan.feature.use === 'text' ? (
              <TokenizerChoice feature={plan.feature} summary={summary} choose={choose} />
            ) : plan.feature.use === 'image' ? (
              <span className="hint">pixels ÷ 255</span>
            ) : (
              <TransformChoice feature={plan.feature} choose={choose} />
            )}
          </td>
          <td data-testid={`column-width-${name}`}>{plan.feature.width}</td>
        </>
      ) : (
        <td colSpan={3} />
      )}
    </>
  );
}

/** Where text sits among a column's numbers, and what becomes of it. */
function TextAmongNumbersNote({ summary, asNumbers }: { summary: ColumnSummary; asNumbers: boolean }) {
  const { count, rows, examples } = summary.textAmongNumbers!;
  const more = count - rows.length;
  return (
    <div className="column-warning" role="status" data-testid={`column-text-among-numbers-${summary.name}`}>
      Mostly numbers, but {count === 1 ? 'row' : 'rows'} {rows.join(', ')}
      {more > 0 && ` and ${formatCount(more)} more`} hold text ({examples.map((e) => `"${e}"`).join(', ')})
      {asNumbers ? ': read as missing.' : '.'}
    </div>
  );
}

type Choose = (patch: Omit<ColumnChoice, 'name'>) => void;

function ImputeChoice({ feature, choose }: { feature: FeaturePlan; choose: Choose }) {
  const strategies: readonly ImputeStrategy[] =
    feature.use === 'numeric' ? ['mean', 'median', 'mostFrequent', 'constant', 'drop'] : ['mostFrequent', 'constant', 'drop'];
  return (
    <div className="impute-choice">
      <select
        aria-label={`Missing cells of ${feature.name}`}
        data-testid={`column-impute-${feature.name}`}
        value={feature.impute}
        onChange={(e) => choose({ impute: e.target.value as ImputeStrategy })}
      >
        {strategies.map((strategy) => (
          <option key={strategy} value={strategy}>
            {IMPUTE_LABELS[strategy]}
          </option>
        ))}
      </select>
      {feature.impute === 'constant' && (
        <input
          aria-label={`Fill value for ${feature.name}`}
          data-testid={`column-fill-${feature.name}`}
          className="fill-value"
          value={feature.fillValue ?? ''}
          placeholder={feature.use === 'numeric' ? '0' : 'missing'}
          onChange={(e) => choose({ fillValue: e.target.value })}
        />
      )}
    </div>
  );
}

function TransformChoice({ feature, choose }: { feature: FeaturePlan; choose: Choose }) {
  if (feature.use === 'numeric') {
    return (
      <select
        aria-label={`Scaling of ${feature.name}`}
        data-testid={`column-scale-${feature.name}`}
        value={feature.scale}
        onChange={(e) => choose({ scale: e.target.value as Scaling })}
      >
        {(Object.keys(SCALE_LABELS) as Scaling[]).map((scale) => (
          <option key={scale} value={scale}>
            {SCALE_LABELS[scale]}
          </option>
        ))}
      </select>
    );
  }
  return (
    <select
      aria-label={`Encoding of ${feature.name}`}
      data-testid={`column-encode-${feature.name}`}
      value={feature.encode}
      onChange={(e) => choose({ encode: e.target.value as Encoding })}
    >
      {(Object.keys(ENCODE_LABELS) as Encoding[]).map((encode) => (
        <option key={encode} value={encode}>
          {ENCODE_LABELS[encode]}
        </option>
      ))}
    </select>
  );
}

/** How a text column becomes token ids, with the lengths of its texts to choose the sequence length by. */
function TokenizerChoice({ feature, summary, choose }: { feature: FeaturePlan; summary: ColumnSummary; choose: Choose }) {
  const settings = feature.tokenizer;
  const set = (patch: Partial<TokenizerSettings>) => choose({ tokenizer: { ...settings, ...patch } });
  const lengths = summary.textLengths?.[settings.level];
  const name = feature.name;
  return (
    <div className="tokenizer-choice" data-testid={`tokenizer-${name}`}>
      <div className="tokenizer-line">
        <select aria-label={`Tokens of ${name}`} data-testid={`tokenizer-level-${name}`} value={settings.level} onChange={(e) => set({ level: e.target.value as TokenLevel })}>
          <option value="word">word tokens</option>
          <option value="char">character tokens</option>
        </select>
        <label>
          <input type="checkbox" checked={settings.lowercase} onChange={(e) => set({ lowercase: e.target.checked })} /> lowercase
        </label>
        <label>
          <input type="checkbox" checked={settings.stripPunctuation} onChange={(e) => set({ stripPunctuation: e.target.checked })} /> drop punctuation
        </label>
      </div>
      <div className="tokenizer-line">
        <label>
          length{' '}
          <input
            type="number"
            className="tiny-number"
            data-testid={`tokenizer-length-${name}`}
            min={1}
            value={settings.sequenceLength}
            onChange={(e) => set({ sequenceLength: Number(e.target.value) })}
          />
        </label>
        <label>
          vocabulary{' '}
          <input
            type="number"
            className="small-number"
            data-testid={`tokenizer-vocabulary-${name}`}
            min={3}
            value={settings.maxVocabulary}
            onChange={(e) => set({ maxVocabulary: Number(e.target.value) })}
          />
        </label>
      </div>
      {lengths && lengths.texts > 0 && (
        <div className="text-lengths" data-testid={`text-lengths-${name}`}>
          <Bars
            label="Tokens per text"
            bars={lengths.bins.map((bin) => ({
              count: bin.count,
              // Texts longer than the sequence length are cut.
              marked: bin.min >= settings.sequenceLength,
              title: `${bin.min === bin.max ? bin.min : `${bin.min}–${bin.max}`} tokens: ${formatCount(bin.count)} texts`,
            }))}
          />
          <span className="hint">
            95% have ≤ {lengths.suggestedLength} tokens (longest {lengths.longest}){' '}
            {settings.sequenceLength !== lengths.suggestedLength && (
              <button type="button" className="link-button" data-testid={`use-suggested-length-${name}`} onClick={() => set({ sequenceLength: lengths.suggestedLength })}>
                use {lengths.suggestedLength}
              </button>
            )}
          </span>
        </div>
      )}
    </div>
  );
}

function ValueBars({ name, histogram }: { name: string; histogram: NonNullable<ColumnSummary['histogram']> }) {
  const width = (histogram.max - histogram.min) / histogram.counts.length;
  return (
    <Bars
      label={`Distribution of ${name}`}
      testId={`histogram-${name}`}
      bars={histogram.counts.map((count, i) => ({
        count,
        title: `${formatMetric(histogram.min + i * width)} – ${formatMetric(histogram.min + (i + 1) * width)}: ${formatCount(count)}`,
      }))}
    />
  );
}

function columnSummary(c: ColumnSummary): string {
  if (c.type === 'image') return `${c.width}×${c.height} ${c.channels === 1 ? 'grayscale' : 'RGB'}`;
  if (c.type === 'numeric')
    return `min ${formatMetric(c.min)} · max ${formatMetric(c.max)} · mean ${formatMetric(c.mean)} · std ${formatMetric(c.std)}`;
  return (c.topValues ?? []).map((v) => `${v.value} (${v.count})`).join(', ');
}
