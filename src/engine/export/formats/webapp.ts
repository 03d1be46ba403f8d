/**
 * Web app: a complete static web app with the model inside. index.html, webapp-runtime.js (the
 * app, its worker and the `Tensorloom.load` API, built from src/webapp with the studio's own
 * preprocessing), tf.min.js (TF.js's browser bundle, so nothing is fetched from a CDN), the TF.js
 * model files and README.md on hosting and embedding. When the weights are small, index.html
 * also carries every file inlined, so that page alone is the whole app and opens from disk.
 */
import { escapeHtml } from '../../../model/card/escape';
import type { ModelMetadata } from '../metadata';
import type { ExportFile } from '../../../model/modelExport';
import { TFJS_VERSION } from '../../backend';
import { exampleRow } from '../readme';
import { RUNTIME_FILE, TFJS_FILE } from '../../../webapp/protocol';
import type { ExportWriter } from './exportWriter';

/** Weights up to this size are inlined in index.html (base64, a third larger), making it the whole app. */
export const INLINE_WEIGHT_BYTES = 2 * 1024 * 1024;

export const webapp: ExportWriter<'webapp'> = {
  format: 'webapp',
  // The runtime registers Tensorloom's own layers; tfjs loads every other layers model.
  unsupported: async () => [],
  write: async ({ tfjsFiles, metadata }) => {
    const { tfjs, runtime, style } = await appSources();
    const [modelJson, ...shards] = tfjsFiles;
    const weightBytes = shards.reduce((sum, shard) => sum + shard.bytes.byteLength, 0);
    const encoder = new TextEncoder();
    const tfjsFile = { name: TFJS_FILE, bytes: encoder.encode(tfjs) };
    const runtimeFile = { name: RUNTIME_FILE, bytes: encoder.encode(runtime) };
    const metadataFile = { name: 'metadata.json', bytes: encoder.encode(JSON.stringify(metadata)) };
    const selfContained = weightBytes <= INLINE_WEIGHT_BYTES;
    const page = appPage({
      title: `Predict ${metadata.pipeline.target.name}`,
      style,
      inline: selfContained ? [tfjsFile, runtimeFile, metadataFile, modelJson!, ...shards] : [],
      runtime: selfContained ? { inline: runtime } : { src: RUNTIME_FILE },
    });
    return {
      ok: true,
      value: [
        {
          name: 'index.html',
          bytes: encoder.encode(page),
          holds: selfContained
            ? 'the app, every file below inlined: open it from any static host, or from disk'
            : 'the app: open it from any static host (npx serve, GitHub Pages …)',
        },
        { ...runtimeFile, holds: 'the app and its JavaScript API (Tensorloom.load), with the studio’s preprocessing' },
        { ...tfjsFile, holds: `TensorFlow.js ${TFJS_VERSION}, its browser bundle: the app needs no network` },
        { ...modelJson!, holds: 'the network, TensorFlow.js layers format' },
        ...shards.map((shard) => ({ ...shard, holds: 'weights' })),
        {
          name: 'README.md',
          bytes: encoder.encode(appReadme(metadata, selfContained)),
          holds: 'how to host it and embed the predictor',
        },
      ],
    };
  },
  usage: () => `Open index.html from a static host (or, when it says so above, straight from disk): README.md says
how to host it and how to call the predictor from another page.
`,
};

/** Loaded when a web app is exported, never before: tfjs's bundle alone is 1.4 MB. */
async function appSources(): Promise<{ tfjs: string; runtime: string; style: string }> {
  const [tfjs, runtime, style] = await Promise.all([
    import('@tensorflow/tfjs/dist/tf.min.js?raw'),
    import('virtual:webapp-runtime'),
    import('../../../webapp/app.css?raw'),
  ]);
  return { tfjs: tfjs.default, runtime: runtime.default, style: style.default };
}

export interface AppPage {
  readonly title: string;
  readonly style: string;
  /** Files the page carries as base64, read by src/webapp/files.ts instead of fetching them. */
  readonly inline: readonly ExportFile[];
  /** The runtime in the page, or where it lies beside it. */
  readonly runtime: { readonly inline: string } | { readonly src: string };
}

/** index.html: the app's root, the inlined files, then the runtime, which fills the root. */
export function appPage({ title, style, inline, runtime }: AppPage): string {
  const files = inline.map(
    ({ name, bytes }) =>
      `<script type="application/octet-stream" data-file="${escapeHtml(name)}">${base64(bytes)}</script>\n`,
  );
  const script =
    'inline' in runtime
      ? // Inside a script element only "</script" ends it early.
        `<script>${runtime.inline.replace(/<\/(script)/gi, '<\\/$1')}</script>`
      : `<script src="${escapeHtml(runtime.src)}"></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${style}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<main id="tensorloom-app" data-base="./"></main>
${files.join('')}${script}
</body>
</html>
`;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** README.md: what the app is, how to host it, and the JavaScript API. */
export function appReadme(metadata: ModelMetadata, selfContained: boolean): string {
  const { target } = metadata.pipeline;
  return `# Predict "${target.name}" — a web app made by Tensorloom

A static web app with the model inside: no server code, nothing fetched from elsewhere, works offline.
The model runs with TensorFlow.js in a web worker, on the inputs prepared exactly as in the studio
(the preprocessing saved in \`metadata.json\`).

${inputHelp(metadata)}

## Open it

- **Any static host**: copy the folder as it is (GitHub Pages, Netlify, S3, an nginx folder …).
- **On your machine**: \`npx serve .\` in this folder, then open the address it prints.
${
  selfContained
    ? '- **From disk**: `index.html` carries every file inlined, so it is the whole app on its own: copy it\n  anywhere and open it (file:// works).'
    : '- A page opened from disk (file://) cannot read the files beside it: serve the folder instead.'
}

## Embed the predictor in another page

\`webapp-runtime.js\` defines \`Tensorloom.load(folder)\`, which reads the model files from \`folder\`
(same origin, or a host that allows CORS):

\`\`\`html
<script src="path/to/this/folder/webapp-runtime.js"></script>
<script type="module">
  const predictor = await Tensorloom.load('path/to/this/folder/');
  const prediction = await predictor.predict(${exampleInput(metadata)});
  // ${OUTPUT_HELP[metadata.task]}
</script>
\`\`\`

- \`predict(input)\`: ${PREDICT_INPUT[metadata.inputKind]} It rejects with an \`Error\` whose message says what is
  wrong with the input.
- \`predictCsv(text)\`: every row of a CSV (a header row naming the columns), as \`{ csv, rowCount, failedRows }\`:
  the rows with \`predicted ${target.name}\` and each class's probability after them.
- \`driftReport(text)\`: the same CSV held against the training data (its profile is in \`metadata.json\`):
  each column's drift (PSI, and Kolmogorov–Smirnov or χ²) in a sentence, the predictions' drift, and the
  metric when the target column is there. The app does this when "Also check the file for drift" is ticked,
  all in the browser.
- \`metadata\`: \`metadata.json\` (the preprocessing, labels, metrics); \`dispose()\` stops the worker.

Files: \`index.html\` (the app), \`webapp-runtime.js\` (the app and this API), \`${TFJS_FILE}\` (TensorFlow.js),
\`model.json\` and its weight files, \`metadata.json\`.
`;
}

function inputHelp({ inputKind, pipeline }: ModelMetadata): string {
  if (inputKind === 'image')
    return `Drop an image (or draw one on the pad): it is resized to ${pipeline.inputShape[1]}×${pipeline.inputShape[0]}, as the training images were.`;
  if (inputKind === 'text') return 'Type or paste a text.';
  return 'Fill in a row (or paste one from a CSV or a spreadsheet), or drop a CSV file to download its predictions as CSV.';
}

const PREDICT_INPUT = {
  table: 'a row, `{ column: "cell text", … }`, cells as in the CSV (an empty cell takes the training fill).',
  image: 'an image: a `File` or `Blob`, its bytes (`ArrayBuffer`, `Uint8Array`), or a `<canvas>`.',
  text: 'a text (a string).',
} as const;

const OUTPUT_HELP = {
  multiclass: 'prediction.label, and prediction.probabilities: [{ label, p }, …] for every class',
  binary: 'prediction.label, and prediction.probabilities: [{ label, p }, …] for both classes',
  regression: 'prediction.value, in the target column’s units',
} as const;

function exampleInput(metadata: ModelMetadata): string {
  if (metadata.inputKind === 'image') return "document.querySelector('input[type=file]').files[0]";
  if (metadata.inputKind === 'text') return "'your text here'";
  return JSON.stringify(exampleRow(metadata.pipeline));
}
