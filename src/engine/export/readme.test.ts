import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitPipeline, transformRawRow, type FittedPipeline } from '../../data/preprocess';
import type { StoredDataset } from '../../data/schema';
import type { ExportFormat } from '../../model/exportFormats';
import { exportWriters } from './formats';
import { readme, type FileNote } from './readme';
import { tfjsLayersFiles } from './tfjs';

/** Six rows: a number, a category and a three-class target. */
const PETS: StoredDataset = {
  meta: {
    id: 'pets',
    name: 'pets.csv',
    source: 'file',
    rowCount: 6,
    bytes: 100,
    createdAt: 0,
    preview: [],
    columns: [
      { name: 'weight', type: 'numeric', missing: 0, unique: 6 },
      { name: 'colour', type: 'categorical', missing: 0, unique: 2 },
      {
        name: 'kind',
        type: 'categorical',
        missing: 0,
        unique: 3,
        valueCounts: { values: ['cat', 'dog', 'fish'], counts: [2, 2, 2] },
      },
    ],
  },
  columns: [
    { name: 'weight', type: 'numeric', values: Float32Array.of(4, 5, 20, 30, 0.1, 0.2) },
    { name: 'colour', type: 'categorical', codes: Int32Array.of(0, 1, 0, 1, 0, 1), vocabulary: ['black', 'white'] },
    { name: 'kind', type: 'categorical', codes: Int32Array.of(0, 0, 1, 1, 2, 2), vocabulary: ['cat', 'dog', 'fish'] },
  ],
};

function fitted(): FittedPipeline {
  const result = fitPipeline(PETS, { target: 'kind', columns: [] }, Uint32Array.of(0, 1, 2, 3, 4, 5));
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** README.txt as an export in `format` writes it: the file list, then that format's usage. */
function readmeOf(pipeline: FittedPipeline, format: ExportFormat, files: readonly FileNote[]): string {
  return readme(pipeline, files, exportWriters[format].usage(pipeline, files));
}

describe('readme', () => {
  it('names the weight files and shows an example row of the model’s own columns', () => {
    const text = readmeOf(fitted(), 'tfjs', [{ name: 'group1-shard1of1.bin', holds: 'the weights' }]);
    expect(text).toContain('group1-shard1of1.bin');
    expect(text).toContain('const row = {"weight":"9.883","colour":"black"}');
  });

  it('says to register our layers before tf.loadLayersModel when the export carries tensorloom-layers.js, and only then', () => {
    const files = [{ name: 'model.json', holds: 'the network' }];
    const plain = readmeOf(fitted(), 'tfjs', files);
    const custom = readmeOf(fitted(), 'tfjs', [...files, { name: 'tensorloom-layers.js', holds: 'our layers' }]);
    expect(plain).not.toContain('registerTensorloomLayers');
    const register = custom.indexOf('registerTensorloomLayers(tf);');
    expect(custom).toContain("await import('./tensorloom-layers.js')");
    expect(register).toBeGreaterThan(0);
    expect(register).toBeLessThan(custom.indexOf("tf.loadLayersModel('model.json')"));
  });

  it.each(['tfjs', 'onnx'] as const)('%s: has an encode() that matches the app’s own preprocessing', (format) => {
    const pipeline = fitted();
    const source = /const encode = ([\s\S]*?\n {2}\}\);)/.exec(readmeOf(pipeline, format, []))?.[1];
    expect(source).toBeDefined();
    const encode = new Function('metadata', `return ${source!.slice(0, -1)}`)({ pipeline }) as (
      row: object,
    ) => number[];
    for (const row of [
      { weight: '5', colour: 'white' },
      { weight: '-3.5', colour: 'purple' },
      { weight: '', colour: '' },
    ]) {
      const expected = transformRawRow(pipeline, row);
      expect(expected.ok && Array.from(expected.value)).toEqual(encode(row).map(Math.fround));
    }
  });

  it('tfjs: its Node program loads the files from disk into the same model', async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu' }), tf.layers.dense({ units: 2 })],
    });
    const files = await tfjsLayersFiles(model, 'float32', 0, 40);
    expect(files.length).toBeGreaterThan(2);
    const folder = await mkdtemp(join(tmpdir(), 'tfjs-export-'));
    for (const file of [...files, { name: 'metadata.json', bytes: new TextEncoder().encode('{}') }])
      await writeFile(join(folder, file.name), file.bytes);

    const text = readmeOf(
      fitted(),
      'tfjs',
      files.map((file) => ({ name: file.name, holds: '' })),
    );
    const program = /In Node[\s\S]*?\n\n([\s\S]*?)\n\n/
      .exec(text)![1]!
      .split('\n')
      .filter((line) => !line.trim().startsWith('import '));
    const load = new (Object.getPrototypeOf(async () => {}).constructor)(
      'tf',
      'readFile',
      `${program.join('\n')}\nreturn model;`,
    );
    const loaded = (await load(tf, (path: string, encoding?: 'utf8') =>
      readFile(join(folder, path), encoding),
    )) as tf.LayersModel;
    const x = tf.tensor2d([[1, -2, 0.5]]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );
  });
});
