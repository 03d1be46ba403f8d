/**
 * How each column of a data set will be used — the person's choices (`ColumnChoice`) merged with
 * the defaults — decided from the summaries alone. The Data view shows it, the canvas gets its
 * input width from it, and `fitPipeline` follows it, so all three always agree.
 */
import type { ColumnChoice, ColumnSummary, DatasetMeta, Encoding, ImputeStrategy, Scaling } from './schema';
import { parseNumberCell } from './cells';
import {
  DEFAULT_TOKENIZER_SETTINGS,
  MAX_SEQUENCE_LENGTH,
  validateTokenizerSettings,
  type TokenizerSettings,
} from './text';

/** Above this many categories a column is not one-hot encoded unless the person asks for it. */
export const AUTO_ONE_HOT_LIMIT = 100;
/** Above this many categories one-hot encoding is refused: the model's first layer would dwarf the data. */
export const MAX_ONE_HOT = 1_000;

export interface FeaturePlan {
  readonly name: string;
  /** An image column is always used as an image (or ignored). */
  readonly use: 'numeric' | 'categorical' | 'text' | 'image';
  /** Whether the column's stored values are numbers (a numeric column can be used as categories). */
  readonly storedAs: ColumnSummary['type'];
  readonly impute: ImputeStrategy;
  /** For impute 'constant': the fill as typed. */
  readonly fillValue?: string;
  readonly scale: Scaling;
  readonly encode: Encoding;
  /** Text columns: the person's tokeniser settings over the defaults. */
  readonly tokenizer: TokenizerSettings;
  /** Model inputs this column becomes. */
  readonly width: number;
  /** Cells with no value as used: missing ones, and text read as numbers. */
  readonly missing: number;
}

export type ColumnPlan =
  | { readonly name: string; readonly role: 'target' }
  | { readonly name: string; readonly role: 'feature'; readonly feature: FeaturePlan; readonly error?: string }
  | {
      readonly name: string;
      readonly role: 'ignored';
      /** Why, when the studio ignored it by default rather than the person. */
      readonly reason?: string;
    };

export interface DataPlan {
  /** One entry per column of the data set, in its order. */
  readonly columns: readonly ColumnPlan[];
  readonly features: readonly FeaturePlan[];
  readonly inputSize: number;
  /** One example's input: [height, width, channels] for an image model, else [inputSize]. */
  readonly inputShape: readonly number[];
  /** A text model's token ids run from 0 to this − 1 (the vocabulary cap). */
  readonly vocabularySize?: number;
  /** The first column whose choices cannot work, as a sentence; training needs this undefined. */
  readonly problem?: string;
}

/** The defaults for a column, and why a column is ignored by default. */
export function defaultUse(
  summary: ColumnSummary,
  rowCount: number,
): { use: FeaturePlan['use'] | 'ignore'; reason?: string } {
  if (summary.type === 'image') return { use: 'image' };
  if (summary.missing >= rowCount) return { use: 'ignore', reason: 'no values' };
  if (summary.unique === 1) return { use: 'ignore', reason: 'one value only: nothing to learn from' };
  if (summary.imagePaths) {
    return {
      use: 'ignore',
      reason: 'names image files: import a zip or folder holding this CSV and the images to use them as images',
    };
  }
  if (isIdLike(summary, rowCount)) return { use: 'ignore', reason: ID_REASON };
  // A few text cells among numbers are more likely typos than categories: use the numbers, the text as missing.
  if (summary.textAmongNumbers) return { use: 'numeric' };
  if (isFreeText(summary, rowCount)) return { use: 'text' };
  if (summary.type === 'categorical' && summary.unique > AUTO_ONE_HOT_LIMIT) {
    return {
      use: 'ignore',
      reason: `${summary.unique.toLocaleString('en-US')} distinct values: too many to one-hot by default; use it as text to tokenise it`,
    };
  }
  return { use: summary.type as 'numeric' | 'categorical' };
}

/** Below this many rows, values that are all distinct say little: a short table's names may repeat in a longer one. */
export const MIN_ROWS_FOR_ID = 20;
export const ID_REASON = 'a distinct value in every row, like an ID: a new row would share none of them';

/**
 * Category names, a distinct one in every row that has one, with no spaces in them (codes, UUIDs,
 * e-mail addresses; free text has spaces): nothing a model could learn that carries to a new row.
 * Numeric IDs need the rows to be told from measurements (see rowFindings.ts).
 */
export function isIdLike(summary: ColumnSummary, rowCount: number): boolean {
  if (summary.type !== 'categorical' || rowCount < MIN_ROWS_FOR_ID || summary.missing > rowCount / 2) return false;
  const examples = summary.valueCounts?.values ?? summary.topValues?.map((top) => top.value) ?? [];
  return summary.unique === rowCount - summary.missing && !examples.some((value) => /\s/u.test(value.trim()));
}

/**
 * Free text: too many distinct values to be categories, most of them distinct from one another,
 * and most of them several words long (descriptions, reviews, titles). Tokenised by default.
 */
export function isFreeText(summary: ColumnSummary, rowCount: number): boolean {
  const words = summary.textLengths?.word;
  if (summary.type !== 'categorical' || !words || words.texts === 0 || summary.unique <= AUTO_ONE_HOT_LIMIT)
    return false;
  const multiWord = words.bins.reduce((sum, bin) => sum + (bin.min >= 2 ? bin.count : 0), 0);
  return summary.unique >= 0.5 * (rowCount - summary.missing) && multiWord >= 0.5 * words.texts;
}

/**
 * Each column's default use. A text model takes its text alone, so free text is tokenised by
 * default only where it would be the one input: beside other inputs, or a second free-text
 * column, it is left out with a word on how to use it.
 */
function defaultUses(
  meta: DatasetMeta,
  target: string | null,
  choices: ReadonlyMap<string, ColumnChoice>,
  imageInput: boolean,
) {
  const defaults = new Map(
    meta.columns.map(
      (summary) =>
        [
          summary.name,
          imageInput && summary.type !== 'image' ? IMAGE_TAKES_THE_INPUT : defaultUse(summary, meta.rowCount),
        ] as const,
    ),
  );
  const inputs = meta.columns.filter(
    (summary) =>
      summary.name !== target && (choices.get(summary.name)?.use ?? defaults.get(summary.name)!.use) !== 'ignore',
  );
  const textByDefault = inputs.filter(
    (summary) => !choices.get(summary.name)?.use && defaults.get(summary.name)!.use === 'text',
  );
  for (const summary of textByDefault) {
    if (inputs.length === 1) continue;
    defaults.set(summary.name, {
      use: 'ignore',
      reason: `free text (${summary.unique.toLocaleString('en-US')} distinct values): use it as text to tokenise it; a text model takes it alone`,
    });
  }
  return defaults;
}

/** A text column's tokeniser: the person's settings over the defaults, its length the texts' own 95th percentile unless chosen. */
function tokenizerOf(summary: ColumnSummary, choice: ColumnChoice | undefined): TokenizerSettings {
  const settings = { ...DEFAULT_TOKENIZER_SETTINGS, ...choice?.tokenizer };
  const suggested = summary.textLengths?.[settings.level].suggestedLength;
  return choice?.tokenizer?.sequenceLength === undefined && suggested !== undefined
    ? { ...settings, sequenceLength: Math.min(suggested, MAX_SEQUENCE_LENGTH) }
    : settings;
}

const IMAGE_TAKES_THE_INPUT = {
  use: 'ignore',
  reason: 'the image column is the model’s input, and an image model takes it alone',
} as const;

export function defaultImpute(use: FeaturePlan['use']): ImputeStrategy {
  return use === 'numeric' ? 'mean' : 'mostFrequent';
}

/** Every column's plan for predicting `target`; a target that is not a column leaves every column a feature. */
export function planColumns(
  meta: DatasetMeta,
  config: { readonly target: string | null; readonly columns: readonly ColumnChoice[] },
): DataPlan {
  const choices = new Map(config.columns.map((choice) => [choice.name, choice]));
  // A table whose CSV named image files holds their pixels: the image is the input, the other columns stay out unless chosen.
  const imageInput = meta.columns.some(
    (c) => c.type === 'image' && c.name !== config.target && choices.get(c.name)?.use !== 'ignore',
  );
  const defaults = defaultUses(meta, config.target, choices, imageInput);
  const columns = meta.columns.map((summary): ColumnPlan => {
    if (summary.name === config.target) return { name: summary.name, role: 'target' };
    const choice = choices.get(summary.name);
    const fallback = defaults.get(summary.name)!;
    const use = summary.type === 'image' && choice?.use !== 'ignore' ? 'image' : (choice?.use ?? fallback.use);
    if (use === 'ignore')
      return { name: summary.name, role: 'ignored', ...(choice?.use ? {} : { reason: fallback.reason }) };
    const feature: FeaturePlan = {
      name: summary.name,
      use,
      storedAs: summary.type,
      impute: choice?.impute ?? defaultImpute(use),
      ...(choice?.fillValue !== undefined ? { fillValue: choice.fillValue } : {}),
      scale: choice?.scale ?? 'standardize',
      encode: choice?.encode ?? 'oneHot',
      tokenizer: tokenizerOf(summary, choice),
      width: inputWidth(summary, use, choice),
      missing: summary.missing + (use === 'numeric' && summary.textAmongNumbers ? summary.textAmongNumbers.count : 0),
    };
    const error = featureError(summary, feature);
    return { name: summary.name, role: 'feature', feature, ...(error ? { error } : {}) };
  });
  const features = columns.flatMap((plan) => (plan.role === 'feature' ? [plan.feature] : []));
  const inputSize = features.reduce((sum, f) => sum + f.width, 0);
  // An image or a text takes the model's whole input: the other columns would be meaningless beside it.
  const image = features.find((f) => f.use === 'image');
  const imageSummary = image && meta.columns.find((c) => c.name === image.name);
  const whole = image ?? features.find((f) => f.use === 'text');
  const firstError = columns.find((plan) => plan.role === 'feature' && plan.error !== undefined);
  const problem =
    firstError?.role === 'feature'
      ? `Column "${firstError.name}": ${firstError.error}`
      : features.length === 0
        ? 'No column is used as a feature: set at least one column to numeric or categorical.'
        : whole && features.length > 1
          ? `${whole.use === 'image' ? 'An image model takes the image' : `A text model takes the text of "${whole.name}"`} alone: ignore the other columns (${features
              .filter((f) => f !== whole)
              .map((f) => `"${f.name}"`)
              .join(', ')}).`
          : undefined;
  const inputShape = imageSummary
    ? [imageSummary.height ?? 0, imageSummary.width ?? 0, imageSummary.channels ?? 1]
    : [inputSize];
  const vocabularySize = whole?.use === 'text' ? whole.tokenizer.maxVocabulary : undefined;
  return {
    columns,
    features,
    inputSize,
    inputShape,
    ...(vocabularySize ? { vocabularySize } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** Categories a column's values fall into: the whole column's, so the width does not depend on the split. */
export function categoryCount(summary: ColumnSummary): number {
  return summary.type === 'numeric' ? (summary.valueCounts?.values.length ?? summary.unique) : summary.unique;
}

function inputWidth(summary: ColumnSummary, use: FeaturePlan['use'], choice: ColumnChoice | undefined): number {
  if (use === 'image') return (summary.height ?? 0) * (summary.width ?? 0) * (summary.channels ?? 1);
  if (use === 'text') return tokenizerOf(summary, choice).sequenceLength;
  if (use === 'numeric' || choice?.encode === 'ordinal') return 1;
  // A constant fill for categories gets a slot of its own: "missing" becomes a category.
  return categoryCount(summary) + (choice?.impute === 'constant' ? 1 : 0);
}

function featureError(summary: ColumnSummary, feature: FeaturePlan): string | undefined {
  if (feature.use === 'text') {
    if (summary.type !== 'categorical') return 'only a column of text can be tokenised.';
    const settings = validateTokenizerSettings(feature.tokenizer);
    return settings.ok ? undefined : settings.error;
  }
  if (feature.use === 'numeric' && summary.type !== 'numeric' && !summary.textAmongNumbers) {
    return 'it holds text, so it cannot be used as numbers.';
  }
  if (feature.use === 'categorical' && summary.type === 'numeric' && summary.valueCounts === undefined) {
    return `it has over ${AUTO_ONE_HOT_LIMIT} distinct numbers: too many to use as categories.`;
  }
  if (feature.use === 'categorical' && feature.encode === 'oneHot' && feature.width > MAX_ONE_HOT) {
    return `${feature.width.toLocaleString('en-US')} categories are too many to one-hot encode; use ordinal encoding or ignore it.`;
  }
  if (feature.use === 'numeric' && feature.scale === 'log1p') {
    // A column read as text has no minimum in its summary: the check cannot be made before training.
    if (summary.min === undefined) return 'log1p needs a column of numbers only; choose another scaling.';
    if (summary.min <= -1) return `log1p needs values above −1, and its minimum is ${summary.min}.`;
  }
  if (feature.use === 'categorical' && (feature.impute === 'mean' || feature.impute === 'median')) {
    return `the ${feature.impute} of categories does not exist; fill missing cells with the most frequent category or a constant.`;
  }
  if (feature.impute === 'constant') {
    if (feature.fillValue === undefined || feature.fillValue.trim() === '')
      return 'enter the constant that fills its missing cells.';
    if (feature.use === 'numeric' && parseNumberCell(feature.fillValue) === undefined) {
      return `the fill for missing cells must be a number; it is "${feature.fillValue}".`;
    }
  }
  return undefined;
}
