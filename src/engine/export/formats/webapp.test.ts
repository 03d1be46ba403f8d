/** The web app export: its files, a page that carries them all when the weights are small, and its README. */
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDataset } from '../../../test/csvDataset';
import { valueOf } from '../../../test/results';
import { trainedForExport } from '../../../test/training';
import { exportModel, previewExport } from '../exportModel';
import { modelMetadata, type ModelMetadata } from '../metadata';
import type { TrainedModel } from '../trainedModel';
import { appPage, INLINE_WEIGHT_BYTES, webapp } from './webapp';

let iris: TrainedModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = await trainedForExport(sampleDataset('iris.csv'), 'species', 5);
});

afterAll(() => iris.model.dispose());

/** The files a page carries inlined, by name, decoded. */
function inlinedFiles(html: string): Map<string, Uint8Array> {
  const found = html.matchAll(/<script type="application\/octet-stream" data-file="([^"]+)">([^<]*)<\/script>/g);
  return new Map([...found].map(([, name, base64]) => [name!, Uint8Array.from(atob(base64!), (c) => c.charCodeAt(0))]));
}

describe('the web app export', () => {
  it('zips the app, its runtime, TF.js and the model; a small model’s index.html carries every file it needs', async () => {
    const exported = valueOf(
      await exportModel(iris, { format: 'webapp', precision: 'float32', sparsity: 0, packaging: 'zip' }),
    );
    const files = unzipSync(exported.files[0]!.bytes);
    expect(Object.keys(files).sort()).toEqual([
      'MODEL_CARD.md',
      'README.md',
      'README.txt',
      'group1-shard1of1.bin',
      'index.html',
      'metadata.json',
      'model-card.html',
      'model.json',
      'tf.min.js',
      'webapp-runtime.js',
    ]);
    // TF.js travels with the app: its own browser bundle, not a CDN's.
    expect(strFromU8(files['tf.min.js']!)).toContain(tf.version.tfjs);
    expect(strFromU8(files['webapp-runtime.js']!)).toContain('Tensorloom');

    const html = strFromU8(files['index.html']!);
    const inlined = inlinedFiles(html);
    expect([...inlined.keys()].sort()).toEqual([
      'group1-shard1of1.bin',
      'metadata.json',
      'model.json',
      'tf.min.js',
      'webapp-runtime.js',
    ]);
    for (const name of ['group1-shard1of1.bin', 'model.json', 'tf.min.js', 'webapp-runtime.js'])
      // Compared as buffers: a deep equality over 1.4 MB of tf.min.js, element by element, takes most of a minute.
      expect(Buffer.from(inlined.get(name)!).equals(Buffer.from(files[name]!)), name).toBe(true);
    const metadata = JSON.parse(strFromU8(files['metadata.json']!)) as ModelMetadata;
    expect({ ...JSON.parse(strFromU8(inlined.get('metadata.json')!)), createdAt: metadata.createdAt }).toEqual(
      metadata,
    );
    // Nothing is fetched from elsewhere: no external script, style or link.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('<main id="tensorloom-app"');
    expect(html).toContain('<title>Predict species</title>');

    const readme = strFromU8(files['README.md']!);
    expect(readme).toContain('npx serve');
    expect(readme).toContain("await Tensorloom.load('path/to/this/folder/')");
    expect(readme).toContain('"sepal_length":');
    expect(readme).toContain('file:// works');
    expect(strFromU8(files['README.txt']!)).toContain('index.html');
  });

  it('leaves large weights beside the page, which then loads its runtime and the model over HTTP', async () => {
    const [modelJson] = valueOf(
      await exportModel(iris, { format: 'tfjs', precision: 'float32', sparsity: 0, packaging: 'files' }),
    ).files;
    const shard = { name: 'group1-shard1of1.bin', bytes: new Uint8Array(INLINE_WEIGHT_BYTES + 4) };
    const metadata = modelMetadata(
      iris,
      { format: 'webapp', precision: 'float32', sparsity: 0 },
      { name: 'accuracy', split: 'test', value: { value: null, undefinedBecause: 'not measured in this test' } },
      undefined,
    );
    const written = valueOf(
      await webapp.write({
        model: iris.model,
        graph: iris.graph,
        pipeline: iris.pipeline,
        tfjsFiles: [modelJson!, shard],
        compression: { precision: 'float32', sparsity: 0 },
        metadata,
      }),
    );
    const html = strFromU8(written.find((file) => file.name === 'index.html')!.bytes);
    expect(inlinedFiles(html).size).toBe(0);
    expect(html).toContain('<script src="webapp-runtime.js"></script>');
    expect(written.find((file) => file.name === 'group1-shard1of1.bin')!.bytes).toBe(shard.bytes);
    const readme = strFromU8(written.find((file) => file.name === 'README.md')!.bytes);
    expect(readme).toContain('cannot read the files beside it: serve the folder');
  });

  it('writes a page whose title and inlined script cannot end its elements early', () => {
    const html = appPage({
      title: 'Predict <b>"x"</b>',
      style: 'body { margin: 0 }\n',
      inline: [],
      runtime: { inline: 'const end = "</script>"; const END = "</SCRIPT>";' },
    });
    expect(html).toContain('<title>Predict &lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>');
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(html).toContain('const end = "<\\/script>"; const END = "<\\/SCRIPT>";');
  });

  it('refuses, in a sentence, an imported model that came without its metadata.json: nothing says how to prepare its inputs', async () => {
    const imported = { ...iris, withoutMetadata: true };
    const written = await exportModel(imported, {
      format: 'webapp',
      precision: 'float32',
      sparsity: 0,
      packaging: 'zip',
    });
    expect(written).toEqual({ ok: false, error: expect.stringMatching(/^This model came without its metadata\.json/) });
    const { unsupported } = await previewExport(imported, { precision: 'float32', sparsity: 0 });
    expect(unsupported.webapp).toEqual([!written.ok && written.error]);
    // The formats that only carry the preprocessing along still write it.
    expect(unsupported.tfjs).toEqual([]);
  });
});
