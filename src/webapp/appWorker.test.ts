/**
 * The web app's worker, driven as its page drives it, with tfjs standing in for the global `tf`
 * that tf.min.js leaves: it loads the exported files and predicts what the studio predicts.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorBatch } from '../engine/monitor';
import { predictRow, predictTable } from '../engine/predict';
import { tfjsLayersFiles } from '../engine/export/tfjs';
import type { TrainedModel } from '../engine/export/trainedModel';
import { sampleDataset } from '../test/csvDataset';
import { trainedForExport } from '../test/training';
import { serveAppWorker, type AppWorkerScope } from './appWorker';
import type { AppCommand, AppReply } from './protocol';

let iris: TrainedModel;
let ask: (command: AppCommand) => Promise<AppReply['result']>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = await trainedForExport(sampleDataset('iris.csv'), 'species', 5);
  (globalThis as { tf?: typeof tf }).tf = tf;
  const waiting = new Map<number, (result: AppReply['result']) => void>();
  const scope: AppWorkerScope = {
    onmessage: null,
    postMessage: (reply) => waiting.get(reply.id)!(reply.result),
  };
  serveAppWorker(scope);
  ask = (command) =>
    new Promise((resolve) => {
      waiting.set(command.id, resolve);
      scope.onmessage!({ data: command } as MessageEvent<AppCommand>);
    });
});

afterAll(() => {
  iris.model.dispose();
  delete (globalThis as { tf?: typeof tf }).tf;
});

describe('the web app worker', () => {
  it('predicts from the exported files what the studio predicts, for a row and for a CSV', async () => {
    const files = await tfjsLayersFiles(iris.model, 'float32');
    expect(await ask({ type: 'load', id: 1, pipeline: iris.pipeline, files })).toEqual({ ok: true, value: null });

    const raw = { sepal_length: '6.1', sepal_width: '2.8', petal_length: '4.7', petal_width: '1.2' };
    const app = await ask({ type: 'predict', id: 2, input: { kind: 'row', raw } });
    expect(app).toEqual(await predictRow(iris.model, iris.pipeline, raw));

    const csv = 'petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n1.5,4.5,3.2,lots';
    const table = await ask({ type: 'predictTable', id: 3, text: csv });
    expect(table).toEqual(await predictTable(iris.model, iris.pipeline, { text: csv, columns: [] }));
    expect(table.ok && 'failedRows' in table.value! && table.value.failedRows).toBe(1);
  });

  it('says why a row cannot be predicted, and keeps serving', async () => {
    const bad = await ask({ type: 'predict', id: 4, input: { kind: 'row', raw: { sepal_length: '5' } } });
    expect(bad).toEqual({ ok: false, error: 'No value for "sepal_width".' });
    const image = await ask({ type: 'predict', id: 5, input: { kind: 'image', bytes: new Uint8Array(8) } });
    expect(image).toEqual({ ok: false, error: 'This model does not predict from images.' });
  });

  it('reports a CSV’s drift against the training data as the studio’s Monitor view does', async () => {
    const reference = await iris.reference();
    if (!reference.ok) throw new Error(reference.error);
    const test = { name: 'accuracy', split: 'test', value: { value: 0.9 } } as const;
    const csv = 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,9.4,0.2\n6.2,2.9,9.3,1.3\n5.9,3.0,9.1,1.8';
    const app = await ask({ type: 'driftReport', id: 6, text: csv, reference: reference.value, test });
    expect(app).toEqual(await monitorBatch(iris.model, iris.pipeline, reference.value, csv, test));
    expect(app.ok && 'columns' in app.value! && app.value.columns.find((c) => c.name === 'petal_length')?.level).toBe(
      'drifted',
    );
  });
});
