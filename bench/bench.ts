/**
 * Training throughput of an MLP 784-256-128-10 through the app's own engine (backend choice,
 * graph → model, training loop), on one forced backend per page load. bench/run.mjs calls
 * `window.runBench(backend)` and prints what it resolves with.
 */
import { mulberry32 } from '../src/data/split';
import { initBackend } from '../src/engine/backend';
import { buildModel } from '../src/engine/build';
import { trainModel } from '../src/engine/train';
import type { Graph } from '../src/model/graph';
import { dense } from '../src/model/layers/dense';
import { input } from '../src/model/layers/input';
import { defaultParams, type BackendName } from '../src/model/layers/layerKind';
import { output } from '../src/model/layers/output';
import { DEFAULT_TRAINING } from '../src/model/project';
import type { DataContext } from '../src/model/task';

const SAMPLES = 2048;
const BATCH_SIZE = 64;
const WARM_UP_EPOCHS = 1;
const TIMED_EPOCHS = 2;
const SEED = 1234;

const MNIST_LIKE: DataContext = { inputShape: [784], task: 'multiclass', labels: [...'0123456789'] };

export interface BenchResult {
  readonly model: 'mlp';
  readonly backend: BackendName;
  readonly samplesPerSec?: number;
  readonly adapter?: string;
  readonly error?: string;
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

async function runBench(backend: BackendName): Promise<BenchResult> {
  const graph = mlpGraph();
  const active = await initBackend(graph, { forced: backend });
  const adapter = active.adapter ? { adapter: active.adapter } : {};
  if (active.backend !== backend) return { model: 'mlp', backend, error: active.reason };

  const built = buildModel(graph, MNIST_LIKE);
  if (!built.ok) return { model: 'mlp', backend, error: built.error };
  const random = mulberry32(SEED);
  const x = Float32Array.from({ length: SAMPLES * 784 }, () => random());
  const y = Float32Array.from({ length: SAMPLES }, () => Math.floor(random() * 10));

  const epochEnds: number[] = [];
  const result = await trainModel(built.value, {
    data: MNIST_LIKE,
    settings: { ...DEFAULT_TRAINING, epochs: WARM_UP_EPOCHS + TIMED_EPOCHS, batchSize: BATCH_SIZE, learningRate: 0.001, optimizer: 'adam' },
    seed: SEED,
    train: { x, y, count: SAMPLES },
    onEpoch: () => epochEnds.push(performance.now()),
  });
  built.value.dispose();
  if (!result.ok) return { model: 'mlp', backend, ...adapter, error: result.error };
  const seconds = (epochEnds.at(-1)! - epochEnds[WARM_UP_EPOCHS - 1]!) / 1000;
  return { model: 'mlp', backend, samplesPerSec: Math.round((TIMED_EPOCHS * SAMPLES) / seconds), ...adapter };
}

Object.assign(window, { runBench });
