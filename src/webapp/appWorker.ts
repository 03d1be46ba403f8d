/**
 * The web app's worker: TF.js's browser bundle (tf.min.js, run before this script in the same
 * worker, leaves the global `tf`) loads the model; predictions go through the studio's own
 * preprocessing and scoring (data/predictRaw.ts) and image decoding (imagePixelsFor), so the app
 * predicts what the studio's Predict view predicts.
 */
import type * as Tf from '@tensorflow/tfjs';
import { registerTensorloomLayers } from '../engine/export/tfjs/tensorloom-layers.js';
import { imagePixelsFor } from '../data/import/imageColumn';
import { monitorCsv } from '../data/monitor/report';
import { predictCsvTable, predictPixels, predictRawRows, type Scorer } from '../data/predictRaw';
import { imageInputOf, type FittedPipeline } from '../data/preprocess';
import type { Result } from '../model/result';
import { decodeImage } from '../workers/decodeImage';
import type { AppCommand, AppReply } from './protocol';

interface Loaded {
  readonly model: Tf.LayersModel;
  readonly pipeline: FittedPipeline;
}

/** What this script sees of its worker: the page's messages in, answers out. */
export interface AppWorkerScope {
  onmessage: ((event: MessageEvent<AppCommand>) => void) | null;
  postMessage(reply: AppReply): void;
}

/** Answers the page's commands, one at a time in arrival order. */
export function serveAppWorker(scope: AppWorkerScope): void {
  const { tf } = globalThis as unknown as { tf: typeof Tf };
  let loaded: Promise<Result<Loaded>> = Promise.resolve({ ok: false, error: 'The model is not loaded yet.' });
  let queue: Promise<unknown> = Promise.resolve();

  const score =
    (model: Tf.LayersModel): Scorer =>
    async (x, count, inputShape) => {
      const output = tf.tidy(() => model.predict(tf.tensor(x, [count, ...inputShape])) as Tf.Tensor);
      try {
        return (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
    };

  const answer = async (command: AppCommand): Promise<AppReply['result']> => {
    if (command.type === 'load') {
      loaded = loadModel(tf, command);
      const model = await loaded;
      return model.ok ? { ok: true, value: null } : model;
    }
    const held = await loaded;
    if (!held.ok) return held;
    const { model, pipeline } = held.value;
    if (command.type === 'driftReport')
      return monitorCsv(score(model), pipeline, command.reference, command.text, command.test);
    if (command.type === 'predictTable')
      return predictCsvTable(score(model), pipeline, { text: command.text, columns: [] });
    if (command.input.kind === 'row') return (await predictRawRows(score(model), pipeline, [command.input.raw]))[0]!;
    const pixels = await imagePixelsFor(imageInputOf(pipeline), command.input.bytes, decodeImage);
    return pixels.ok ? predictPixels(score(model), pipeline, pixels.value) : pixels;
  };

  scope.onmessage = ({ data }) => {
    queue = queue.then(async () => {
      let result: AppReply['result'];
      try {
        result = await answer(data);
      } catch (error) {
        result = {
          ok: false,
          error: `The prediction failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      scope.postMessage({ id: data.id, result } satisfies AppReply);
    });
  };
}

/** On TF.js's CPU backend: exact float32, as the studio's CPU backends compute, and present in every browser. */
async function loadModel(
  tf: typeof Tf,
  { pipeline, files }: Extract<AppCommand, { type: 'load' }>,
): Promise<Result<Loaded>> {
  if (!(await tf.setBackend('cpu'))) return { ok: false, error: "TensorFlow.js's CPU backend did not start." };
  registerTensorloomLayers(tf);
  const byName = new Map(files.map((file) => [file.name, file.bytes]));
  const modelJson = byName.get('model.json');
  if (!modelJson) return { ok: false, error: 'model.json is missing.' };
  const { modelTopology, weightsManifest } = JSON.parse(new TextDecoder().decode(modelJson)) as Tf.io.ModelJSON;
  const paths = weightsManifest.flatMap((group) => group.paths);
  const missing = paths.filter((path) => !byName.has(path));
  if (missing.length > 0) return { ok: false, error: `Weight files are missing: ${missing.join(', ')}.` };
  const weightData = tf.io.concatenateArrayBuffers(paths.map((path) => byName.get(path)!.slice().buffer));
  const weightSpecs = weightsManifest.flatMap((group) => group.weights);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData }));
  return { ok: true, value: { model, pipeline } };
}
