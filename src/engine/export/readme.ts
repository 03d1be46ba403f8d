/**
 * README.txt: what each file of an export is, then its format's usage (the writer's `usage`, a
 * short program that loads the model and predicts on a raw input with nothing but metadata.json),
 * and the pieces those programs share.
 */
import type { FittedPipeline } from '../../data/preprocess';

/** A file of the export and what it holds, for the README's list. */
export interface FileNote {
  readonly name: string;
  readonly holds: string;
}

export function readme(pipeline: FittedPipeline, files: readonly FileNote[], usage: string): string {
  const list = [
    ...files,
    {
      name: 'metadata.json',
      holds: 'the preprocessing fitted on the training rows, labels, vocabulary, versions and metrics',
    },
  ];
  const width = Math.max(...list.map((file) => file.name.length)) + 2;
  return `Tensorloom model — predicts "${pipeline.target.name}" (${pipeline.target.task})

${list.map((file) => `${file.name.padEnd(width)}${file.holds}`).join('\n')}

${usage}`;
}

/** What the model's scores mean, for a comment after the program's prediction. */
export const OUTPUT = {
  multiclass: 'scores[i] is the probability of metadata.labels[i]',
  binary: 'scores[0] is the probability of metadata.labels[1]',
  regression: 'the predicted value is scores[0] * scale.std + scale.mean, with scale = metadata.pipeline.target.scale',
} as const;

/** JavaScript that leaves the model's input for one raw example, flattened, in \`features\`. */
export function inputCode(pipeline: FittedPipeline): string {
  const image = pipeline.features.find((f): f is ImageFeature => f.kind === 'image');
  if (image) return imageInput(image);
  if (pipeline.features.some((f) => f.kind === 'text')) return TEXT_INPUT;
  return tabularInput(pipeline);
}

type ImageFeature = Extract<FittedPipeline['features'][number], { kind: 'image' }>;

function imageInput({ width, height, channels }: ImageFeature): string {
  const pixel = channels === 1 ? '[(0.299 * r + 0.587 * g + 0.114 * b) / 255]' : '[r / 255, g / 255, b / 255]';
  return `  // One image drawn onto a ${width}×${height} canvas, ${channels === 1 ? 'grayscale (BT.601 luma)' : 'RGB'}, each value / 255, row by row:
  const { data } = canvas.getContext('2d').getImageData(0, 0, ${width}, ${height});
  const features = Array.from({ length: ${width * height} }, (_, i) => data.subarray(4 * i, 4 * i + 3)).flatMap(([r, g, b]) => ${pixel});
`;
}

/** The gist of the studio's tokeniser (src/data/text.ts, which also drops punctuation and collapses spaces when asked). */
const TEXT_INPUT = `  // Tokens (tokenizer.settings: level, lowercase), their ids in tokenizer.vocabulary (unknown → 1), padded with 0.
  const { settings, vocabulary } = metadata.pipeline.features[0].tokenizer;
  const ids = new Map(vocabulary.map((token, id) => [token, id]));
  const text = 'your text here';
  const normalised = (settings.lowercase ? text.toLowerCase() : text).normalize('NFC');
  const tokens = settings.level === 'char' ? [...normalised] : (normalised.match(/[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*/gu) ?? []);
  const features = Array.from({ length: settings.sequenceLength }, (_, i) => (i < tokens.length ? (ids.get(tokens[i]) ?? 1) : 0));
`;

function tabularInput(pipeline: FittedPipeline): string {
  return `  // An empty cell takes the feature's fill. Numbers: (g(x) - shift) / divisor, g = log1p or identity.
  // Categories: one-hot in \`categories\` order (unknown → all zeros), or their index (ordinal).
  const encode = (row) => metadata.pipeline.features.flatMap((f) => {
    const cell = String(row[f.name] ?? '').trim();
    if (f.kind === 'numeric') {
      const x = cell === '' ? f.fill : Number(cell);
      return [((f.log1p ? Math.log1p(x) : x) - f.shift) / f.divisor];
    }
    const slot = f.categories.indexOf(cell === '' ? f.fill : cell);
    return f.kind === 'ordinal' ? [Math.max(0, slot)] : f.categories.map((_, i) => (i === slot ? 1 : 0));
  });
  const row = ${JSON.stringify(exampleRow(pipeline))};
  const features = encode(row);
`;
}

/** A plausible raw row: each feature's fill (a typical value) or first category. */
export function exampleRow(pipeline: FittedPipeline): Record<string, string> {
  return Object.fromEntries(pipeline.features.map((f) => [f.name, exampleCell(f)]));
}

function exampleCell(feature: FittedPipeline['features'][number]): string {
  if (feature.kind === 'image' || feature.kind === 'text') return '';
  if (feature.kind !== 'numeric') return feature.fill ?? feature.categories[0] ?? '';
  const typical = feature.fill ?? (feature.log1p ? Math.expm1(feature.shift) : feature.shift);
  return String(Number(typical.toPrecision(4)));
}
