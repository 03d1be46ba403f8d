/**
 * The preprocessing an imported model was trained with (its metadata.json), read back and held
 * against the current data: a model can be evaluated on the current data set only when it reads
 * the same columns the same way and predicts the same target, classes in the same order.
 */
import { z } from 'zod';
import type { Result } from '../model/result';
import type { FittedPipeline } from './preprocess';

const name = z.string().max(1000);
const count = z.number().int().min(1).max(1_000_000);

const featureSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('numeric'),
    name,
    fill: z.number().nullable(),
    log1p: z.boolean(),
    shift: z.number(),
    divisor: z.number().refine((d) => d !== 0, 'must not be 0'),
  }),
  z.object({
    kind: z.enum(['oneHot', 'ordinal']),
    name,
    categories: z.array(z.string()).max(100_000),
    fill: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('image'),
    name,
    height: count,
    width: count,
    channels: z.union([z.literal(1), z.literal(3)]),
  }),
  z.object({
    kind: z.literal('text'),
    name,
    tokenizer: z.object({
      version: z.literal(1),
      settings: z.object({
        level: z.enum(['word', 'char']),
        lowercase: z.boolean(),
        stripPunctuation: z.boolean(),
        maxVocabulary: count,
        sequenceLength: count,
      }),
      vocabulary: z.array(z.string()).max(1_000_000),
    }),
  }),
]);

const pipelineSchema = z.object({
  version: z.literal(2),
  features: z.array(featureSchema).min(1).max(100_000),
  target: z.object({
    name,
    task: z.enum(['binary', 'multiclass', 'regression']),
    labels: z.array(z.string()).max(100_000),
    scale: z.object({ mean: z.number(), std: z.number().positive() }).optional(),
  }),
  inputSize: count,
  inputShape: z.array(count).min(1).max(3),
  vocabularySize: count.optional(),
});

/** metadata.json's `pipeline`, checked field by field (it comes from a file), or why it cannot be used. */
export function parseSavedPipeline(raw: unknown): Result<FittedPipeline> {
  const parsed = pipelineSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data as FittedPipeline };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    error: `its metadata.json's preprocessing is not valid at ${issue?.path.join('.') || 'the top'}: ${issue?.message ?? 'unknown problem'}`,
  };
}

/**
 * Why a model trained through `saved` cannot be evaluated on data prepared as `current`, in one
 * sentence naming the first difference; undefined when they agree (statistics such as means may
 * differ: the saved ones encode the data, as at training).
 */
export function pipelineMismatch(saved: FittedPipeline, current: FittedPipeline): string | undefined {
  if (saved.target.name !== current.target.name)
    return `the model predicts "${saved.target.name}", but the project's target is "${current.target.name}"`;
  if (saved.target.task !== current.target.task)
    return `the model was trained for ${saved.target.task}, the current target is ${current.target.task}`;
  if (!sameList(saved.target.labels, current.target.labels))
    return `the model's classes are ${listed(saved.target.labels)}, the current data's ${listed(current.target.labels)}`;
  const savedColumns = saved.features.map((f) => f.name);
  const currentColumns = current.features.map((f) => f.name);
  if (!sameList(savedColumns, currentColumns)) {
    const missing = savedColumns.filter((column) => !currentColumns.includes(column));
    const extra = currentColumns.filter((column) => !savedColumns.includes(column));
    if (missing.length > 0)
      return `the model reads the column${missing.length > 1 ? 's' : ''} ${listed(missing)}, which the current data set does not use`;
    if (extra.length > 0) return `the current data set also uses ${listed(extra)}, which the model does not read`;
    return `the model reads the columns in another order (${listed(savedColumns)})`;
  }
  const different = saved.features.find((feature, i) => feature.kind !== current.features[i]!.kind);
  if (different)
    return `the model encodes "${different.name}" as ${different.kind}, the current data as ${current.features[saved.features.indexOf(different)]!.kind}`;
  if (!sameList(saved.inputShape, current.inputShape))
    return `the model takes examples of shape (${saved.inputShape.join(', ')}), the current data gives (${current.inputShape.join(', ')})`;
  return undefined;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function listed(values: readonly string[]): string {
  const shown = values.slice(0, 5).join(', ');
  return values.length > 5 ? `${shown} … (${values.length})` : shown;
}
