/**
 * The export format catalogs: the pure entries (src/model/exportFormats.ts) and their writers
 * (index.ts) agree, and every writer writes every template's model or names what it cannot.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataContextFor } from '../../../data/preprocess';
import { exportFormats, type ExportFormat } from '../../../model/exportFormats';
import { TEMPLATES } from '../../../model/templates';
import { definedIn } from '../../../test/definedIn';
import { TEMPLATE_CONTEXTS, TEMPLATE_PIPELINES } from '../../../test/templateContexts';
import { DEFAULT_TRAINING } from '../../../model/project';
import { buildModel } from '../../build';
import { modelMetadata } from '../metadata';
import { tfjsLayersFiles } from '../tfjs';
import type { ExportWriter } from './exportWriter';
import { exportWriters } from './index';

const writers: readonly ExportWriter[] = Object.values(exportWriters);

function isWriter(value: unknown): value is ExportWriter {
  return typeof value === 'object' && value !== null && 'format' in value && 'write' in value && 'usage' in value;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the export format catalog', () => {
  it('has one writer per format, under its own id, and lists every writer defined in formats/', async () => {
    expect(Object.keys(exportWriters).sort()).toEqual(exportFormats.map((format) => format.id).sort());
    for (const [id, writer] of Object.entries(exportWriters)) expect(writer.format).toBe(id);
    const defined = await definedIn(import.meta.dirname, isWriter);
    expect(defined.map((writer) => writer.format).sort()).toEqual(Object.keys(exportWriters).sort());
    for (const writer of defined) expect(writers).toContain(writer);
  });

  it.each(exportFormats.map((format) => [format.id, format] as const))(
    '%s: has its own label, help and size rows',
    (_id, format) => {
      expect(format.label).not.toBe('');
      expect(exportFormats.filter((other) => other.label === format.label)).toHaveLength(1);
      expect(format.help).toMatch(/\.$/);
      expect(format.sizes.length).toBeGreaterThan(0);
    },
  );
});

describe.each(TEMPLATES.map((template) => [template.name, template] as const))(
  'every format on the %s template',
  (_name, template) => {
    const data = TEMPLATE_CONTEXTS[template.dataKind];
    const pipeline = TEMPLATE_PIPELINES[template.dataKind];
    const graph = template.build(data);
    let model: tf.LayersModel;

    beforeAll(() => {
      expect(dataContextFor(pipeline)).toEqual(data);
      const built = buildModel(graph, data);
      if (!built.ok) throw new Error(built.error);
      model = built.value;
    });

    afterAll(() => model.dispose());

    it.each(Object.keys(exportWriters) as ExportFormat[])(
      '%s: writes its files and says how to use them, or names every layer it cannot write',
      async (id) => {
        const writer = exportWriters[id];
        const compression = { precision: 'float32', sparsity: 0 } as const;
        const tfjsFiles = await tfjsLayersFiles(model, compression.precision);
        const unsupported = await writer.unsupported(model);
        const metadata = modelMetadata(
          {
            pipeline,
            backend: 'cpu',
            record: { seed: 1, tfjsVersion: tf.version.tfjs, appVersion: '0.0.0-test' },
            trainSettings: DEFAULT_TRAINING,
            finalMetrics: {},
          },
          { format: id, ...compression },
          { name: 'accuracy', split: 'test', value: { value: null, undefinedBecause: 'not measured in this test' } },
          undefined,
        );
        const written = await writer.write({ model, graph, pipeline, tfjsFiles, compression, metadata });
        if (unsupported.length > 0) {
          expect(written.ok).toBe(false);
          for (const problem of unsupported) expect(!written.ok && written.error).toContain(problem);
          return;
        }
        if (!written.ok) throw new Error(written.error);
        const files = written.value;
        expect(files.length).toBeGreaterThan(0);
        expect(new Set(files.map((file) => file.name)).size).toBe(files.length);
        for (const file of files) {
          expect(file.bytes.byteLength).toBeGreaterThan(0);
          expect(file.holds).not.toBe('');
        }
        const usage = writer.usage(pipeline, files);
        expect(files.some((file) => usage.includes(file.name))).toBe(true);
      },
    );
  },
);
