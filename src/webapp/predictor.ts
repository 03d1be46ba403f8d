/**
 * The web app's JavaScript API, for its own page and for embedding the model in another:
 *
 *   const predictor = await Tensorloom.load('./');
 *   const { label, probabilities, value } = await predictor.predict({ sepal_length: '5.1', … });
 *
 * The model runs in a worker made from the export's own tf.min.js and this script; nothing is
 * fetched from anywhere but `base`.
 */
import type { MonitorReport } from '../data/monitor/report';
import type { ModelMetadata } from '../engine/export/metadata';
import type { PredictedTable, Prediction } from '../model/prediction';
import { fileSource } from './files';
import { RUNTIME_FILE, TFJS_FILE, type AppCommand, type AppInput, type AppReply } from './protocol';

/** A raw table row (column → cell text), a text (text models), or an image: a file, its bytes, or a canvas. */
export type PredictorInput =
  Readonly<Record<string, string>> | string | Blob | ArrayBuffer | Uint8Array | HTMLCanvasElement;

export interface Predictor {
  /** metadata.json: the pipeline, labels, task, input columns, metrics. */
  readonly metadata: ModelMetadata;
  /** One prediction; rejects with an Error whose message says what is wrong with the input. */
  predict(input: PredictorInput): Promise<Prediction>;
  /** Every row of a CSV text (with a header row naming the columns), as `csv` with the predictions in columns after each row's own. */
  predictCsv(text: string): Promise<PredictedTable>;
  /**
   * A CSV text (a batch of rows with a header) held against the training data: each column's drift
   * (PSI, and KS or χ²), the predictions' drift, and the metric when the target column is there.
   * Rejects with a sentence when metadata.json has no profile of the training data.
   */
  driftReport(text: string): Promise<MonitorReport>;
  /** Stops the worker. */
  dispose(): void;
}

/** Loads the model exported to the folder `base` (a URL, relative to the page). */
export async function load(base = './'): Promise<Predictor> {
  const read = fileSource(base);
  const text = async (name: string) => new TextDecoder().decode(await read(name));
  const [tfjs, runtime, metadataText, modelJson] = await Promise.all([
    text(TFJS_FILE),
    text(RUNTIME_FILE),
    text('metadata.json'),
    read('model.json'),
  ]);
  const metadata = JSON.parse(metadataText) as ModelMetadata;
  const manifest = (JSON.parse(new TextDecoder().decode(modelJson)) as { weightsManifest: { paths: string[] }[] })
    .weightsManifest;
  const shards = await Promise.all(
    manifest.flatMap((group) => group.paths).map(async (name) => ({ name, bytes: await read(name) })),
  );
  // One script in a Blob: it runs from file:// too, where a worker script fetched by URL is refused.
  const url = URL.createObjectURL(new Blob([tfjs, ';\n', runtime], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);

  let nextId = 0;
  const waiting = new Map<number, (reply: AppReply) => void>();
  worker.onmessage = ({ data }: MessageEvent<AppReply>) => {
    waiting.get(data.id)?.(data);
    waiting.delete(data.id);
  };
  // A worker that cannot start or dies answers nothing: every call waiting would wait forever.
  worker.onerror = (event) => {
    event.preventDefault();
    for (const [id, settle] of waiting)
      settle({ id, result: { ok: false, error: `The model stopped: ${event.message}` } });
    waiting.clear();
  };
  const ask = <T>(command: WithoutId<AppCommand>): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, ({ result }) => (result.ok ? resolve(result.value as T) : reject(new Error(result.error))));
      worker.postMessage({ ...command, id });
    });

  await ask<null>({
    type: 'load',
    pipeline: metadata.pipeline,
    files: [{ name: 'model.json', bytes: modelJson }, ...shards],
  });
  return {
    metadata,
    predict: async (input) => ask<Prediction>({ type: 'predict', input: await appInput(metadata, input) }),
    predictCsv: (csv) => ask<PredictedTable>({ type: 'predictTable', text: csv }),
    driftReport: async (csv) => {
      if (!metadata.reference) throw new Error(NO_REFERENCE);
      return ask<MonitorReport>({
        type: 'driftReport',
        text: csv,
        reference: metadata.reference,
        test: metadata.metrics.test,
      });
    },
    dispose: () => worker.terminate(),
  };
}

const NO_REFERENCE =
  'This model’s metadata.json has no profile of its training data: export it again from the studio to check for drift.';

/** A command before it is numbered (Omit over each member of the union). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

async function appInput(metadata: ModelMetadata, input: PredictorInput): Promise<AppInput> {
  if (typeof input === 'string') {
    const textFeature = metadata.pipeline.features.find((feature) => feature.kind === 'text');
    if (!textFeature) throw new Error('This model does not read text: give it a row of its columns.');
    return { kind: 'row', raw: { [textFeature.name]: input } };
  }
  if (input instanceof Uint8Array) return { kind: 'image', bytes: input };
  if (input instanceof ArrayBuffer) return { kind: 'image', bytes: new Uint8Array(input) };
  if (input instanceof Blob) return { kind: 'image', bytes: new Uint8Array(await input.arrayBuffer()) };
  if (input instanceof HTMLCanvasElement) return { kind: 'image', bytes: await canvasPng(input) };
  return { kind: 'row', raw: input };
}

/** A drawing as the studio's drawing pad sends it: a PNG, decoded and resized in the worker like any image file. */
function canvasPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(async (blob) => {
      if (blob) resolve(new Uint8Array(await blob.arrayBuffer()));
      else reject(new Error('The drawing could not be read.'));
    }, 'image/png'),
  );
}
