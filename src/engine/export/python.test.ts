import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFile } from '../../model/modelExport';
import { sampleDataset } from '../../test/csvDataset';
import { small1d, smallCnn, smallRnn } from '../../test/exportModels';
import { valueOf } from '../../test/results';
import { trainedForExport } from '../../test/training';
import { predictRow } from '../predict';
import { exportModel } from './exportModel';
import { npy, npz } from './npz';
import { numpyFiles, PYTHON_LAYER_CLASSES, pythonUnsupported } from './python';

const HAS_NUMPY = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const NEEDS = '(needs python3 with numpy; skipped when absent)';

const folders: string[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** The files in a fresh folder, as a person unzips them. */
function unpacked(files: readonly ExportFile[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'tensorloom-python-'));
  folders.push(folder);
  for (const { name, bytes } of files) writeFileSync(join(folder, name), bytes);
  return folder;
}

/** Runs Python in `folder` and parses what it prints as JSON. */
function python(folder: string, code: string): unknown {
  const run = spawnSync('python3', ['-c', code], { cwd: folder, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

/** predict.py's outputs for the tensor x, next to tfjs's, for any model. */
async function numpyAndTfjs(model: tf.LayersModel, x: tf.Tensor): Promise<[number[], number[]]> {
  const folder = unpacked([
    ...(await numpyFiles(model)),
    { name: 'metadata.json', bytes: new TextEncoder().encode('{}') },
    { name: 'x.npy', bytes: npy(x.dataSync() as Float32Array, x.shape) },
  ]);
  const numpy = python(
    folder,
    'import json, numpy as np; from predict import load, predict; print(json.dumps(predict(load("."), np.load("x.npy")).ravel().tolist()))',
  ) as number[];
  const tfjs = Array.from(tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()));
  return [numpy, tfjs];
}

const largestDifference = ([a, b]: [number[], number[]]) => {
  expect(a).toHaveLength(b.length);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
};

describe('the Python export', () => {
  it('names the layers predict.py has no forward pass for', () => {
    const { model, x } = smallCnn({ transposed: true });
    const unsupported = pythonUnsupported(model);
    expect(unsupported).toHaveLength(2);
    for (const problem of unsupported) expect(problem).toMatch(/^\S+ \(Conv2DTranspose\)$/);
    model.dispose();
    x.dispose();
  });

  it.skipIf(!HAS_NUMPY)(`writes .npy and .npz files numpy loads with their shapes and values ${NEEDS}`, () => {
    const folder = unpacked([
      { name: 'one.npy', bytes: npy(Float32Array.of(1.5, -2, 3e-8), [3]) },
      {
        name: 'many.npz',
        bytes: npz([
          { name: 'dense/kernel', values: Float32Array.from({ length: 6 }, (_, i) => i / 4), shape: [2, 3] },
          { name: 'dense/bias', values: Float32Array.of(7), shape: [1] },
        ]),
      },
    ]);
    const loaded = python(
      folder,
      'import json, numpy as np; a = np.load("one.npy"); z = np.load("many.npz"); print(json.dumps([str(a.dtype), a.tolist(), z.files, [list(z[k].shape) for k in z.files], z["dense/kernel"].tolist()]))',
    );
    expect(loaded).toEqual([
      'float32',
      [1.5, -2, Math.fround(3e-8)],
      ['dense/kernel', 'dense/bias'],
      [[2, 3], [1]],
      [
        [0, 0.25, 0.5],
        [0.75, 1, 1.25],
      ],
    ]);
  });

  it.skipIf(!HAS_NUMPY)(
    `Iris: predict.py implements the classes the studio lists, and predicts a raw row as the studio does ${NEEDS}`,
    async () => {
      const iris = await trainedForExport(sampleDataset('iris.csv'), 'species', 15);
      const exported = valueOf(
        await exportModel(iris, { format: 'keras', precision: 'float32', sparsity: 0, packaging: 'files' }),
      );
      expect(exported.files.map((f) => f.name)).toEqual([
        'predict.py',
        'rows.py',
        'architecture.json',
        'weights.npz',
        'model.py',
        'metadata.json',
        'README.txt',
        'MODEL_CARD.md',
        'model-card.html',
      ]);
      const folder = unpacked(exported.files);

      const classes = python(folder, 'import json; from predict import LAYERS; print(json.dumps(sorted(LAYERS)))');
      expect(classes).toEqual([...PYTHON_LAYER_CLASSES].sort());

      const row = { sepal_length: '6.4', sepal_width: '3.2', petal_length: '4.5', petal_width: '1.5' };
      const studio = valueOf(await predictRow(iris.model, iris.pipeline, row));
      const numpy = python(
        folder,
        `import json; from predict import load, predict_raw; print(json.dumps(predict_raw(load("."), ${JSON.stringify(row)})))`,
      ) as {
        label: string;
        probabilities: Record<string, number>;
      };
      expect(numpy.label).toBe(studio.label);
      for (const { label, p } of studio.probabilities!)
        expect(Math.abs(numpy.probabilities[label]! - p)).toBeLessThan(1e-5);

      // The script a person runs: python predict.py '<row as JSON>'.
      const cli = spawnSync('python3', ['predict.py', JSON.stringify(row)], { cwd: folder, encoding: 'utf8' });
      expect(JSON.parse(cli.stdout)).toMatchObject({ label: studio.label });
      expect(new TextDecoder().decode(exported.files.find((f) => f.name === 'model.py')!.bytes)).toMatch(
        /layer\.set_weights\(own\)/,
      );
      iris.model.dispose();
    },
  );

  it.skipIf(!HAS_NUMPY).each([
    [
      'a CNN: convolutions (same, valid, strided, dilated), depthwise, separable, batch norm, pooling',
      () => smallCnn({ transposed: false }),
    ],
    ['1D convolutions, pooling over steps, layer norm, reshape, activations and merges', small1d],
    ['an RNN: embedding, LSTM, GRU, SimpleRNN, Bidirectional', smallRnn],
  ])(`predict.py reproduces %s to 1e-4 ${NEEDS}`, async (_name, make) => {
    const { model, x } = make();
    expect(largestDifference(await numpyAndTfjs(model, x))).toBeLessThan(1e-4);
    model.dispose();
  });
});
