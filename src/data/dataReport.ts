/**
 * The data report: how the studio prepares each column of a table and why, in words, and what it
 * found that the person should decide on — columns left out (IDs, one value only), a column that
 * predicts the target suspiciously well, classes out of balance — each with the change that
 * follows from it, or the change that undoes it. Nothing here changes the project: the person
 * applies a change (or all suggestions at once) through actions.
 *
 * What is left out by default comes from `planColumns` (one source of truth: the report explains
 * what the plan decided); what needs the rows (numeric IDs, leakage) comes from `RowFindings`.
 */
import type { ClassWeighting } from '../model/classWeights';
import { formatCount, formatValue } from '../model/format';
import { defaultUse, ID_REASON, isIdLike, MIN_ROWS_FOR_ID, type ColumnPlan, type DataPlan } from './columnPlan';
import type { RowFindings, StrongPredictor } from './rowFindings';
import type { ColumnChoice, ColumnSummary, DatasetMeta, ImputeStrategy, Scaling } from './schema';
import { describeTarget } from './task';

/** Classes count as out of balance when the smallest has fewer than this share of the largest's rows. */
export const IMBALANCE_RATIO = 0.2;
/** A class with fewer rows (images) than this is too small to learn, or to be left some to validate on. */
export const TINY_CLASS = 5;

/** A change the report proposes or offers back: one column's choice, or the class weighting. */
export type DataChange =
  | { readonly kind: 'column'; readonly choice: ColumnChoice }
  | { readonly kind: 'classWeights'; readonly classWeights: ClassWeighting };

export interface FindingAction {
  readonly label: string;
  readonly change: DataChange;
}

export interface ReportFinding {
  readonly kind: 'id' | 'constant' | 'leftOut' | 'leakage' | 'imbalance' | 'tinyClasses' | 'imageSizes';
  /** The column it is about; absent for the classes and the images. */
  readonly column?: string;
  /** What was found, why it matters and where things stand, in words. */
  readonly text: string;
  /**
   * The button beside it: the suggestion while not taken, else the way back; absent where the remedy lies
   * outside the studio (more images of a class).
   */
  readonly action?: FindingAction;
  /** True when `action` is a suggestion not yet taken: "Apply suggestions" makes it. */
  readonly suggested: boolean;
}

/** A finding whose suggestion "Apply suggestions" makes. */
export type SuggestedFinding = ReportFinding & { readonly action: FindingAction };

export interface ColumnTreatment {
  readonly column: string;
  /** What the studio does with the column, and why, in words. */
  readonly text: string;
}

export interface DataReport {
  readonly findings: readonly ReportFinding[];
  readonly treatments: readonly ColumnTreatment[];
}

export interface ReportInputs {
  readonly meta: DatasetMeta;
  readonly target: string | null;
  /** The person's column choices: a use they chose is theirs, and no suggestion overrides it. */
  readonly choices: readonly ColumnChoice[];
  readonly plan: DataPlan;
  readonly classWeights: ClassWeighting;
  /** Absent until the data worker has read the rows (or when it could not). */
  readonly rows?: RowFindings;
}

export function buildDataReport(inputs: ReportInputs): DataReport {
  const { meta, plan } = inputs;
  const summaries = new Map(meta.columns.map((summary) => [summary.name, summary]));
  const chosenUses = new Set(inputs.choices.flatMap((choice) => (choice.use ? [choice.name] : [])));
  const rows = inputs.rows?.datasetId === meta.id && inputs.rows.target === inputs.target ? inputs.rows : undefined;
  const sequenceIds = new Set(rows?.sequenceIds);
  const strong = new Map(rows?.strongPredictors.map((predictor) => [predictor.name, predictor]));
  const findings: ReportFinding[] = [];
  for (const column of plan.columns) {
    const summary = summaries.get(column.name)!;
    const finding = columnFinding(
      column,
      summary,
      meta.rowCount,
      {
        sequenceId: sequenceIds.has(column.name),
        strong: strong.get(column.name),
      },
      chosenUses.has(column.name),
    );
    if (finding) findings.push(finding);
  }
  const classFindings = [imbalanceFinding(inputs), tinyClassesFinding(inputs), imageSizesFinding(meta)].filter(
    (finding) => finding !== undefined,
  );
  return {
    findings: [...findings, ...classFindings],
    treatments: plan.columns.map((column) => ({
      column: column.name,
      text: treatmentOf(column, summaries.get(column.name)!, inputs.meta.rowCount),
    })),
  };
}

/** The suggestions not yet taken, in the report's order: what "Apply suggestions" changes. */
export function pendingSuggestions(report: DataReport): readonly SuggestedFinding[] {
  return report.findings.filter(
    (finding): finding is SuggestedFinding => finding.suggested && finding.action !== undefined,
  );
}

function columnFinding(
  column: ColumnPlan,
  summary: ColumnSummary,
  rowCount: number,
  rows: { readonly sequenceId: boolean; readonly strong: StrongPredictor | undefined },
  useChosen: boolean,
): ReportFinding | undefined {
  if (column.role === 'target' || summary.type === 'image') return undefined;
  const name = column.name;
  const used = column.role === 'feature';
  const leaveOut = { label: 'Leave it out', change: { kind: 'column', choice: { name, use: 'ignore' } } } as const;
  const useAgain = { label: 'Use it', change: { kind: 'column', choice: useAgainChoice(summary, rowCount) } } as const;
  const idLike = rows.sequenceId || (isIdLike(summary, rowCount) && !(used && column.feature.use === 'text'));
  if (idLike) {
    const why = rows.sequenceId ? 'a distinct whole number in every row, counting the rows like an ID' : ID_REASON;
    return used
      ? {
          kind: 'id',
          column: name,
          text: useChosen ? `${why}. You chose to use it.` : `${why}. It is used as a feature: leave it out.`,
          action: leaveOut,
          suggested: !useChosen,
        }
      : { kind: 'id', column: name, text: `left out: ${why}.`, action: useAgain, suggested: false };
  }
  if (rows.strong && summary.unique > 1) {
    const text = `${predictsAlone(rows.strong)} Likely a leak: a copy of the target, or known only after it. Check before you train on it.`;
    return used
      ? { kind: 'leakage', column: name, text, action: leaveOut, suggested: false }
      : { kind: 'leakage', column: name, text: `left out. ${text}`, action: useAgain, suggested: false };
  }
  if (column.role !== 'ignored' || column.reason === undefined) return undefined;
  return {
    kind: summary.unique === 1 && summary.missing < rowCount ? 'constant' : 'leftOut',
    column: name,
    text: `left out: ${column.reason}.`,
    action: useAgain,
    suggested: false,
  };
}

/** The use the column's values suit: its default where it has one, else numbers or categories as stored. */
function useAgainChoice(summary: ColumnSummary, rowCount: number): ColumnChoice {
  const byDefault = defaultUse(summary, rowCount).use;
  if (byDefault === 'numeric' || byDefault === 'categorical' || byDefault === 'text')
    return { name: summary.name, use: byDefault };
  return {
    name: summary.name,
    use: summary.type === 'numeric' || summary.textAmongNumbers ? 'numeric' : 'categorical',
  };
}

function predictsAlone(predictor: StrongPredictor): string {
  const percent = (x: number) => `${formatValue(Math.round(x * 1000) / 10)} %`;
  return predictor.measure === 'accuracy'
    ? `Alone it predicts the target on ${percent(predictor.score)} of held-out rows (always answering the commonest class: ${percent(predictor.baseline)}).`
    : `Alone it explains ${percent(predictor.score)} of the target's variance on held-out rows (R² ${formatValue(predictor.score)}).`;
}

function imbalanceFinding({ meta, target, classWeights }: ReportInputs): ReportFinding | undefined {
  const summary = meta.columns.find((c) => c.name === target);
  const described = summary && describeTarget(summary);
  if (!described?.ok || described.value.task === 'regression' || meta.rowCount < MIN_ROWS_FOR_ID) return undefined;
  const counts = described.value.classCounts;
  const smallest = counts.reduce((a, b) => (b.count < a.count ? b : a));
  const largest = counts.reduce((a, b) => (b.count > a.count ? b : a));
  if (smallest.count >= IMBALANCE_RATIO * largest.count) return undefined;
  const balance = `Classes out of balance: "${smallest.label}" has ${formatCount(smallest.count)} ${unitOf(meta)}, "${largest.label}" ${formatCount(largest.count)}.`;
  return classWeights === 'none'
    ? {
        kind: 'imbalance',
        text: `${balance} A model may learn to answer the commonest class; balanced class weights make every class count the same in the loss.`,
        action: { label: 'Use balanced class weights', change: { kind: 'classWeights', classWeights: 'balanced' } },
        suggested: true,
      }
    : {
        kind: 'imbalance',
        text: `${balance} Training weighs every class the same (balanced class weights).`,
        action: { label: 'Train without class weights', change: { kind: 'classWeights', classWeights: 'none' } },
        suggested: false,
      };
}

/** What an example of the data set is, in the plural. */
function unitOf(meta: DatasetMeta): string {
  return meta.kind === 'images' ? 'images' : 'rows';
}

/** The classes of a classification target too small to learn: a warning, since only more data mends it. */
function tinyClassesFinding({ meta, target }: ReportInputs): ReportFinding | undefined {
  const summary = meta.columns.find((c) => c.name === target);
  const described = summary && describeTarget(summary);
  if (!described?.ok || described.value.task === 'regression') return undefined;
  const tiny = described.value.classCounts.filter((c) => c.count < TINY_CLASS);
  if (tiny.length === 0) return undefined;
  const unit = unitOf(meta);
  const listed = tiny.map((c) => `"${c.label}" (${formatCount(c.count)})`).join(', ');
  const them = tiny.length === 1 ? 'it' : 'them';
  return {
    kind: 'tinyClasses',
    text: `${tiny.length === 1 ? 'A class has' : 'Classes have'} fewer than ${TINY_CLASS} ${unit}: ${listed}. Too few to learn ${them} from, and the split may leave ${them} none to validate on: add ${unit} to ${them}${meta.kind === 'images' ? ', or remove the folder' : ''}.`,
    suggested: false,
  };
}

/** Images that came in several sizes were all stretched to one: said once, with the commonest size. */
function imageSizesFinding(meta: DatasetMeta): ReportFinding | undefined {
  const images = meta.images;
  const [commonest] = images?.sourceSizes ?? [];
  if (!images || !commonest || images.sourceSizeCount < 2) return undefined;
  return {
    kind: 'imageSizes',
    text: `The images came in ${formatCount(images.sourceSizeCount)} sizes, the commonest ${commonest.width}×${commonest.height} (${formatCount(commonest.count)} images); all were resized to ${images.width}×${images.height}, those of other proportions stretched to fit. Import again at another size if shapes matter more than speed.`,
    suggested: false,
  };
}

const SCALE_WORDS: Record<Scaling, string> = {
  standardize:
    'standardised to mean 0 and standard deviation 1 (from the training rows), the scale a network learns best from',
  minmax: 'scaled to [0, 1] by the training rows’ minimum and maximum',
  log1p: 'taken as log(1 + x), which shortens a long tail, then standardised',
  none: 'used as they are, unscaled',
};

const IMPUTE_WORDS: Record<ImputeStrategy, string> = {
  mean: 'filled with the training rows’ mean',
  median: 'filled with the training rows’ median',
  mostFrequent: 'filled with the most frequent value',
  constant: 'filled with a constant',
  drop: 'drop their rows',
};

function treatmentOf(column: ColumnPlan, summary: ColumnSummary, rowCount: number): string {
  if (column.role === 'target') return 'the target: what the model learns to predict.';
  if (column.role === 'ignored') return `left out: ${column.reason ?? 'as you chose'}.`;
  const feature = column.feature;
  const missing =
    feature.missing > 0
      ? `; ${formatCount(feature.missing)} missing ${feature.missing === 1 ? 'cell' : 'cells'} ${IMPUTE_WORDS[feature.impute]}`
      : '';
  switch (feature.use) {
    case 'numeric':
      return `numbers, ${SCALE_WORDS[feature.scale]}${missing}.`;
    case 'categorical': {
      const values = `${formatCount(feature.width)} ${feature.width === 1 ? 'category' : 'categories'}`;
      const typed = summary.type === 'numeric' ? 'numbers used as categories' : 'categories';
      return feature.encode === 'oneHot'
        ? `${typed}: ${values}, one-hot encoded (an input each, none ranked above another)${missing}.`
        : `${typed}: each as its index, one input (an order the categories may not have)${missing}.`;
    }
    case 'text': {
      const { level, sequenceLength, maxVocabulary } = feature.tokenizer;
      const why =
        defaultUse(summary, rowCount).use === 'text' ? ' (free text: many distinct values, several words each)' : '';
      return `text${why}, tokenised by ${level === 'word' ? 'words' : 'characters'}: ${formatCount(sequenceLength)} tokens a row from a vocabulary of at most ${formatCount(maxVocabulary)}${missing}.`;
    }
    case 'image':
      return `images of ${summary.width ?? 0}×${summary.height ?? 0}×${summary.channels ?? 1}, pixels divided by 255.`;
  }
}
