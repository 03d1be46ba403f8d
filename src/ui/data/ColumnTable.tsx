import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import type { ColumnPlan, FeaturePlan } from '../../data/columnPlan';
import { planCached } from '../../state/analysis';
import type {
  ColumnChoice,
  ColumnSummary,
  ColumnUse,
  DatasetMeta,
  Encoding,
  ImputeStrategy,
  Scaling,
} from '../../data/schema';
import type { TokenizerSettings, TokenLevel } from '../../data/text';
import { useProjectStore } from '../../state/StudioProvider';
import { useActions } from '../common/ActionsContext';
import { formatCount, formatMetric, shortened } from '../common/format';
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

/** The table's columns and their fixed widths (px): cells clip long text rather than widen the table. */
const TABLE_COLUMNS = [
  ['Column', 150],
  ['Type', 90],
  ['Missing', 70],
  ['Unique', 70],
  ['Summary', 220],
  ['Use', 170],
  ['Missing cells', 210],
  ['Scale / encode', 230],
  ['Inputs', 60],
] as const;
/** A row's height until it is measured: a plain row's; rows with a tokenizer or a note measure taller. */
const ESTIMATED_ROW_HEIGHT = 33;
/** Rows rendered beyond the visible ones, so that Tab finds the next row's controls before it scrolls in. */
const OVERSCAN = 5;
/** Up to this many columns every row is rendered: it costs little, and the browser's find in page sees them all. */
const ALL_ROWS_UP_TO = 100;
/** Characters of a name, a summary's value or an example in the DOM: the cell shows what fits, its title the rest. */
const NAME_CHARS = 200;
const SUMMARY_VALUE_CHARS = 100;
const EXAMPLE_CHARS = 40;

/**
 * Every column with its statistics and how it becomes model inputs: use (numeric, categorical or
 * ignored), what fills its missing cells, and its scaling or encoding. Statistics for all of it
 * are fitted on the training rows only, when training starts.
 *
 * Beyond ALL_ROWS_UP_TO columns only the rows in view (and OVERSCAN more) are in the DOM, between spacer rows
 * of the others' height: a data set can have thousands of columns. The row holding focus stays rendered while
 * scrolled away.
 */
export function ColumnTable({ meta }: { meta: DatasetMeta }) {
  const target = useProjectStore((s) => s.project.data.target);
  const choices = useProjectStore((s) => s.project.data.columns);
  const plan = planCached(meta, { target, columns: choices });
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusedRow, setFocusedRow] = useState<number>();
  // The warning is React Compiler's, which this build does not use: this component renders anew on every scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: meta.columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: meta.columns.length <= ALL_ROWS_UP_TO ? meta.columns.length : OVERSCAN,
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      return focusedRow === undefined || indexes.includes(focusedRow)
        ? indexes
        : [...indexes, focusedRow].sort((a, b) => a - b);
    },
  });

  const onFocus = (event: FocusEvent<HTMLTableSectionElement>) => {
    const row = event.target.closest('tr')?.dataset.index;
    setFocusedRow(row === undefined ? undefined : Number(row));
  };
  const onBlur = (event: FocusEvent<HTMLTableSectionElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget)) setFocusedRow(undefined);
  };

  const rendered: ReactNode[] = [];
  let renderedEnd = 0;
  for (const row of rows.getVirtualItems()) {
    if (row.start > renderedEnd)
      rendered.push(<SpacerRow key={`before-${row.index}`} height={row.start - renderedEnd} />);
    const summary = meta.columns[row.index]!;
    rendered.push(
      <ColumnRow
        key={summary.name}
        index={row.index}
        measureRef={rows.measureElement}
        summary={summary}
        plan={plan.columns[row.index]!}
      />,
    );
    renderedEnd = row.end;
  }
  if (rows.getTotalSize() > renderedEnd)
    rendered.push(<SpacerRow key="after" height={rows.getTotalSize() - renderedEnd} />);

  return (
    <div className="table-scroll" ref={scrollRef}>
      <table className="columns-table data-columns" data-testid="columns-table" aria-rowcount={meta.columns.length + 1}>
        <colgroup>
          {TABLE_COLUMNS.map(([label, width]) => (
            <col key={label} style={{ width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {TABLE_COLUMNS.map(([label]) => (
              <th key={label}>{label}</th>
            ))}
          </tr>
        </thead>
        <tbody onFocus={onFocus} onBlur={onBlur}>
          {rendered}
        </tbody>
      </table>
    </div>
  );
}

/** Stands in for rows not rendered; hidden from assistive technology, which counts rows by aria-rowindex. */
function SpacerRow({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="spacer-row">
      <td colSpan={TABLE_COLUMNS.length} style={{ height }} />
    </tr>
  );
}

/** Memoised: scrolling renders the table again, and a row already in view has nothing new to show. */
const ColumnRow = memo(function ColumnRow({
  index,
  measureRef,
  summary,
  plan,
}: {
  index: number;
  measureRef: (row: HTMLTableRowElement | null) => void;
  summary: ColumnSummary;
  plan: ColumnPlan;
}) {
  const name = summary.name;
  const isTarget = plan.role === 'target';
  const shownName = shortened(name, NAME_CHARS);
  const text = columnSummary(summary);
  return (
    <tr
      ref={measureRef}
      data-index={index}
      aria-rowindex={index + 2}
      className={isTarget ? 'is-target' : plan.role === 'ignored' ? 'is-ignored' : undefined}
      data-testid={`column-row-${name}`}
    >
      <td>
        <div className="column-name">
          <span title={shownName}>{shownName}</span>
          {isTarget && <span className="pill small">target</span>}
        </div>
      </td>
      <td data-testid={`column-type-${name}`}>{summary.imagePaths ? 'image path' : summary.type}</td>
      <td>{formatCount(summary.missing)}</td>
      <td>{summary.uniqueIsLowerBound ? `over ${formatCount(summary.unique)}` : formatCount(summary.unique)}</td>
      <td title={text}>
        {summary.histogram && <ValueBars name={name} histogram={summary.histogram} />}
        {text}
      </td>
      {isTarget ? (
        <td colSpan={4} className="hint">
          predicted
          {summary.type === 'numeric' && summary.unique > 2
            ? ' (standardised for training, reported in its own units)'
            : ''}
        </td>
      ) : (
        <ColumnChoices summary={summary} plan={plan} />
      )}
    </tr>
  );
});

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
        {plan.role === 'ignored' && plan.reason && (
          <div className="hint" data-testid={`column-ignored-${name}`}>
            {plan.reason}
          </div>
        )}
        {summary.textAmongNumbers && <TextAmongNumbersNote summary={summary} asNumbers={use === 'numeric'} />}
        {plan.role === 'feature' && plan.error && (
          <div className="column-error" role="alert" data-testid={`column-error-${name}`}>
            {plan.error}
          </div>
        )}
      </td>
      {plan.role === 'feature' ? (
        <>
          <td>
            {plan.feature.missing > 0 ? (
              <ImputeChoice feature={plan.feature} choose={choose} />
            ) : (
              <span className="hint">none missing</span>
            )}
          </td>
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
      {more > 0 && ` and ${formatCount(more)} more`} hold text (
      {examples.map((e) => `"${shortened(e, EXAMPLE_CHARS)}"`).join(', ')}){asNumbers ? ': read as missing.' : '.'}
    </div>
  );
}

type Choose = (patch: Omit<ColumnChoice, 'name'>) => void;

function ImputeChoice({ feature, choose }: { feature: FeaturePlan; choose: Choose }) {
  const strategies: readonly ImputeStrategy[] =
    feature.use === 'numeric'
      ? ['mean', 'median', 'mostFrequent', 'constant', 'drop']
      : ['mostFrequent', 'constant', 'drop'];
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
function TokenizerChoice({
  feature,
  summary,
  choose,
}: {
  feature: FeaturePlan;
  summary: ColumnSummary;
  choose: Choose;
}) {
  const settings = feature.tokenizer;
  const set = (patch: Partial<TokenizerSettings>) => choose({ tokenizer: { ...settings, ...patch } });
  const lengths = summary.textLengths?.[settings.level];
  const name = feature.name;
  return (
    <div className="tokenizer-choice" data-testid={`tokenizer-${name}`}>
      <div className="tokenizer-line">
        <select
          aria-label={`Tokens of ${name}`}
          data-testid={`tokenizer-level-${name}`}
          value={settings.level}
          onChange={(e) => set({ level: e.target.value as TokenLevel })}
        >
          <option value="word">word tokens</option>
          <option value="char">character tokens</option>
        </select>
        <label>
          <input type="checkbox" checked={settings.lowercase} onChange={(e) => set({ lowercase: e.target.checked })} />{' '}
          lowercase
        </label>
        <label>
          <input
            type="checkbox"
            checked={settings.stripPunctuation}
            onChange={(e) => set({ stripPunctuation: e.target.checked })}
          />{' '}
          drop punctuation
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
              <button
                type="button"
                className="link-button"
                data-testid={`use-suggested-length-${name}`}
                onClick={() => set({ sequenceLength: lengths.suggestedLength })}
              >
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
  return (c.topValues ?? []).map((v) => `${shortened(v.value, SUMMARY_VALUE_CHARS)} (${v.count})`).join(', ');
}
