/**
 * Two measurements through the app's own code, driven by bench/run.mjs, which prints what they
 * resolve with:
 * - `window.runBench(backend, model)`: training throughput through the engine (backend choice,
 *   graph → model, training loop) on one forced backend per page load, of an MLP 784-256-128-10,
 *   the CNN template on 28×28×1 images, the LSTM template on sequences of 32 tokens, or the
 *   Transformer encoder template on words of 16 characters (the language-words sample's shape),
 *   with a checkpoint after every epoch: what taking it costs (reading the weights from the
 *   backend and copying them) and posting it with its buffers transferred, beside the epoch's time;
 * - `window.runCsvImportBench()`: the file in the page's file input imported by the real data
 *   worker (stream, check, encode, store in IndexedDB), then read back as the training worker does.
 */
import { mulberry32 } from '../src/data/split';
import { getDataset } from '../src/data/storage';
import { initBackend } from '../src/engine/backend';
import { buildModel } from '../src/engine/build';
import { buffersOf } from '../src/engine/checkpoint';
import { trainModel } from '../src/engine/train';
import type { Graph } from '../src/model/graph';
import { dense } from '../src/model/layers/dense';
import { input } from '../src/model/layers/input';
import { defaultParams, type BackendName } from '../src/model/layers/layerKind';
import { output } from '../src/model/layers/output';
import { DEFAULT_TRAINING } from '../src/model/project';
import { TEMPLATES } from '../src/model/templates';
import type { DataContext } from '../src/model/task';
import { createDataWorker } from '../src/workers/bridge';
import { zipSync } from 'fflate';

const WARM_UP_EPOCHS = 1;
const TIMED_EPOCHS = 2;
const SEED = 1234;
const DIGITS = [...'0123456789'];

/**
 * The models measured: an MLP on MNIST-sized rows, and the app's CNN, LSTM, Transformer and Text
 * CNN templates on data of their kind. bench/pytorch_twins.py holds their PyTorch twins.
 */
const MODELS = {
  mlp: {
    samples: 2048,
    batchSize: 64,
    data: { inputShape: [784], task: 'multiclass', labels: DIGITS },
    graph: mlpGraph,
  },
  cnn: {
    samples: 512,
    batchSize: 32,
    data: { inputShape: [28, 28, 1], task: 'multiclass', labels: DIGITS },
    graph: template('cnn'),
  },
  lstm: {
    samples: 512,
    batchSize: 32,
    data: { inputShape: [32], task: 'multiclass', labels: DIGITS, vocabularySize: 100 },
    graph: template('lstm-text'),
  },
  transformer: {
    samples: 1024,
    batchSize: 64,
    data: {
      inputShape: [16],
      task: 'multiclass',
      labels: ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'],
      vocabularySize: 100,
    },
    graph: template('transformer-text'),
  },
  'text-cnn': {
    samples: 512,
    batchSize: 32,
    data: { inputShape: [32], task: 'multiclass', labels: DIGITS, vocabularySize: 100 },
    graph: template('text-cnn'),
  },
} satisfies Record<
  string,
  { samples: number; batchSize: number; data: DataContext; graph: (data: DataContext) => Graph }
>;
export type BenchModel = keyof typeof MODELS;

/** A backend forced by hand, or 'auto': the one the app chooses for the model, as a run does. */
export type BenchBackend = BackendName | 'auto';

export interface BenchResult {
  readonly model: BenchModel;
  readonly backend: BackendName;
  /** The backend was the app's own choice, not forced. */
  readonly auto?: boolean;
  /** The backend line the Train view shows. */
  readonly reason?: string;
  readonly samplesPerSec?: number;
  /** Mean per epoch: the epoch's time, a checkpoint's time to take, and to post with its buffers transferred (ms). */
  readonly epochMs?: number;
  readonly checkpointMs?: number;
  readonly checkpointPostMs?: number;
  readonly checkpointMB?: number;
  readonly adapter?: string;
  /** Why this model was not measured on this backend (it cannot train there): not a failure. */
  readonly skipped?: string;
  readonly error?: string;
}

function template(id: string): (data: DataContext) => Graph {
  const found = TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`no template ${id}`);
  return found.build;
}

function mlpGraph(): Graph {
  const chain = [
    { id: 'input', type: input.type, params: defaultParams(input) },
    { id: 'dense_256', type: dense.type, params: { ...defaultParams(dense), units: 256 } },
    { id: 'dense_128', type: dense.type, params: { ...defaultParams(dense), units: 128 } },
    { id: 'output', type: output.type, params: defaultParams(output) },
  ];
  return {
    nodes: chain.map((node) => ({ ...node, position: { x: 0, y: 0 } })),
    edges: chain.slice(1).map((node, i) => ({ id: `e${i}`, source: chain[i]!.id, target: node.id })),
  };
}

/** Random examples for the model's input: pixels or features in [0, 1), or token ids below the vocabulary size. */
function randomExamples(data: DataContext, count: number): { x: Float32Array; y: Float32Array } {
  const random = mulberry32(SEED);
  const width = data.inputShape.reduce((a, b) => a * b, 1);
  const vocabulary = data.vocabularySize;
  const x = Float32Array.from({ length: count * width }, () =>
    vocabulary ? Math.floor(random() * vocabulary) : random(),
  );
  const y = Float32Array.from({ length: count }, () => Math.floor(random() * data.labels.length));
  return { x, y };
}

async function runBench(requested: BenchBackend, model: BenchModel = 'mlp'): Promise<BenchResult> {
  const { samples, batchSize, data, graph: graphFor } = MODELS[model];
  const graph = graphFor(data);
  const active = await initBackend(graph, requested === 'auto' ? {} : { forced: requested });
  const backend = active.backend;
  const about = {
    ...(active.adapter ? { adapter: active.adapter } : {}),
    ...(requested === 'auto' ? { auto: true, reason: active.reason } : {}),
  };
  if (requested !== 'auto' && backend !== requested) return { model, backend: requested, skipped: active.reason };

  const built = buildModel(graph, data);
  if (!built.ok) return { model, backend, error: built.error };
  const epochEnds: number[] = [];
  const checkpointMs: number[] = [];
  const postMs: number[] = [];
  let checkpointBytes = 0;
  // The worker posts checkpoints on a MessagePort; the studio's end receives them.
  const channel = new MessageChannel();
  channel.port2.onmessage = () => {};
  const result = await trainModel(built.value, {
    data,
    settings: {
      ...DEFAULT_TRAINING,
      epochs: WARM_UP_EPOCHS + TIMED_EPOCHS,
      batchSize,
      learningRate: 0.001,
      optimizer: 'adam',
    },
    seed: SEED,
    train: { ...randomExamples(data, samples), count: samples },
    onEpoch: () => epochEnds.push(performance.now()),
    checkpoints: {
      due: () => true,
      save: (checkpoint) => {
        const taken = performance.now();
        checkpointMs.push(taken - epochEnds.at(-1)!);
        checkpointBytes = checkpoint.weights.reduce((sum, w) => sum + w.buffer.byteLength, 0);
        channel.port1.postMessage({ type: 'train/checkpoint', checkpoint }, buffersOf(checkpoint.weights));
        postMs.push(performance.now() - taken);
      },
    },
  });
  built.value.dispose();
  channel.port1.close();
  if (!result.ok) return { model, backend, ...about, error: result.error };
  const seconds = (epochEnds.at(-1)! - epochEnds[WARM_UP_EPOCHS - 1]!) / 1000;
  const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
  return {
    model,
    backend,
    samplesPerSec: Math.round((TIMED_EPOCHS * samples) / seconds),
    epochMs: Math.round((seconds * 1000) / TIMED_EPOCHS),
    // Taken after every epoch but the last, so the epochs' time above includes them.
    checkpointMs: mean(checkpointMs),
    checkpointPostMs: mean(postMs),
    checkpointMB: Math.round((checkpointBytes / 2 ** 20) * 100) / 100,
    ...about,
  };
}

export interface CsvImportBenchResult {
  readonly bench: 'csv-import';
  readonly datasetId?: string;
  readonly rows?: number;
  readonly columns?: number;
  readonly seconds?: number;
  /** Pass 1 (checking the rows and inferring types) alone. */
  readonly checkSeconds?: number;
  readonly error?: string;
}

/** Imports the file chosen in #csv-file through the real data worker. */
async function runCsvImportBench(): Promise<CsvImportBenchResult> {
  const file = document.querySelector<HTMLInputElement>('#csv-file')?.files?.[0];
  if (!file) return { bench: 'csv-import', error: 'no file in #csv-file' };
  const worker = createDataWorker();
  const started = performance.now();
  let storingFrom: number | undefined;
  const imported = await worker.importCsv(
    { kind: 'file', file },
    { onProgress: ({ pass }) => void (pass === 2 && (storingFrom ??= performance.now())) },
  );
  const seconds = (performance.now() - started) / 1000;
  worker.terminate();
  if (!imported.ok) return { bench: 'csv-import', error: imported.error };
  const { id, rowCount, columns } = imported.value;
  return {
    bench: 'csv-import',
    datasetId: id,
    rows: rowCount,
    columns: columns.length,
    seconds,
    checkSeconds: ((storingFrom ?? started) - started) / 1000,
  };
}

/** Seconds to read a stored data set back into whole columns, as the training worker does. */
async function readBackBench(datasetId: string): Promise<number | string> {
  const started = performance.now();
  const dataset = await getDataset(datasetId);
  if (dataset === undefined || dataset.columns.length === 0) return 'the stored data set did not read back whole';
  return (performance.now() - started) / 1000;
}

/** PNGs encoded for the image import bench; reused under many names, since encoding would take longer than importing. */
const DISTINCT_PNGS = 500;
const IMAGE_CLASSES = 10;
let benchZip: File | undefined;

/** Builds, in the page, a zip of `count` 32×32 PNGs in IMAGE_CLASSES class folders; returns its size in bytes. */
async function prepareImageZip(count: number): Promise<number> {
  const canvas = new OffscreenCanvas(32, 32);
  const context = canvas.getContext('2d')!;
  const random = mulberry32(SEED);
  const pngs: Uint8Array[] = [];
  for (let i = 0; i < DISTINCT_PNGS; i++) {
    context.fillStyle = `rgb(${Math.floor(random() * 256)} ${Math.floor(random() * 256)} ${Math.floor(random() * 256)})`;
    context.fillRect(0, 0, 32, 32);
    context.fillStyle = '#fff';
    context.fillRect(Math.floor(random() * 24), Math.floor(random() * 24), 8, 8);
    pngs.push(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  }
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i++) files[`bench/class-${i % IMAGE_CLASSES}/${i}.png`] = pngs[i % DISTINCT_PNGS]!;
  // Stored, not deflated: PNGs are compressed already, as in most real zips of images.
  benchZip = new File([zipSync(files, { level: 0 })], 'bench.zip');
  return benchZip.size;
}

export interface ImageImportBenchResult {
  readonly bench: 'image-import';
  readonly datasetId?: string;
  readonly images?: number;
  readonly classes?: number;
  readonly seconds?: number;
  readonly error?: string;
}

/** Imports the zip `prepareImageZip` built through the real data worker, at 28×28 grayscale. */
async function runImageImportBench(): Promise<ImageImportBenchResult> {
  if (!benchZip) return { bench: 'image-import', error: 'prepareImageZip has not run' };
  const worker = createDataWorker();
  const started = performance.now();
  const imported = await worker.importImages(
    { kind: 'file', file: benchZip },
    { size: 28, color: 'grayscale' },
    { onProgress: () => undefined },
  );
  const seconds = (performance.now() - started) / 1000;
  worker.terminate();
  if (!imported.ok) return { bench: 'image-import', error: imported.error };
  const { id, rowCount, images } = imported.value;
  return { bench: 'image-import', datasetId: id, images: rowCount, classes: images?.thumbnails.length, seconds };
}

Object.assign(window, { runBench, runCsvImportBench, readBackBench, prepareImageZip, runImageImportBench });
