/**
 * The export dialog's two questions, answered for a trained model: what does each format write
 * (`exportModel`), and what do pruning and quantisation cost in size and accuracy (`previewExport`).
 */
import type * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { headlineMetric, type Evaluation, type HeadlineMetric } from '../../model/evaluation';
import { HTML_CARD } from '../../model/card/modelCard';
import { exportFormatInfo, exportFormats, type ExportFormat } from '../../model/exportFormats';
import {
  TEST_UNTOUCHED,
  type ExportCompression,
  type ExportedModel,
  type ExportFile,
  type ExportOptions,
  type ExportPreview,
} from '../../model/modelExport';
import type { Result } from '../../model/result';
import { modelCardFiles } from './card';
import { exportWriters } from './formats';
import { modelMetadata } from './metadata';
import { zeroShare } from './prune';
import { readme } from './readme';
import { loadTfjsLayersFiles, tfjsFileBytes, tfjsLayersFiles } from './tfjs';
import type { TrainedModel } from './trainedModel';

const AS_TRAINED: ExportCompression = { precision: 'float32', sparsity: 0 };

/** The files of `options.format` with metadata.json, README.txt and the model card, zipped when asked. The model is left untouched. */
export async function exportModel(trained: TrainedModel, options: ExportOptions): Promise<Result<ExportedModel>> {
  const written = await exportFiles(trained, options);
  if (!written.ok) return written;
  const { files, test, compression } = written.value;
  if (options.packaging === 'files') return { ok: true, value: { files, test } };
  return { ok: true, value: { files: [{ name: 'model.zip', bytes: zipExport(files, compression) }], test } };
}

/** The model card of the export `options` describe, alone: its self-contained HTML page. */
export async function exportModelCard(
  trained: TrainedModel,
  options: Omit<ExportOptions, 'packaging'>,
): Promise<Result<ExportedModel>> {
  const written = await exportFiles(trained, options);
  if (!written.ok) return written;
  const { files, test } = written.value;
  return { ok: true, value: { files: files.filter((file) => file.name === HTML_CARD), test } };
}

async function exportFiles(
  trained: TrainedModel,
  options: Omit<ExportOptions, 'packaging'>,
): Promise<Result<{ files: ExportFile[]; test: HeadlineMetric; compression: ExportCompression }>> {
  // Quantisation is written by the formats that say so; pruning is the weights themselves, so every format carries it.
  const compression = {
    precision: exportFormatInfo(options.format).quantises ? options.precision : 'float32',
    sparsity: options.sparsity,
  } as const;
  const refused = withoutSavedPipeline(trained, options.format);
  if (refused.length > 0) return { ok: false, error: refused[0]! };
  const exported = await exportedModel(trained.model, compression);
  const writer = exportWriters[options.format];
  try {
    const evaluation: Result<Evaluation> =
      options.testSplit === 'untouched' ? { ok: false, error: TEST_UNTOUCHED } : await trained.evaluate(exported.model);
    const test = headlineOf(evaluation, trained);
    const exportedAs = { format: options.format, ...compression };
    const reference = await trained.reference();
    const metadata = modelMetadata(trained, exportedAs, test, reference.ok ? reference.value : undefined);
    const written = await writer.write({
      ...trained,
      model: exported.model,
      tfjsFiles: exported.files,
      compression,
      metadata,
    });
    if (!written.ok) return written;
    const card = await modelCardFiles(trained, exported.model, {
      createdAt: metadata.createdAt,
      exported: exportedAs,
      // The network's own files; the code and pages beside them (predict.py, tensorloom-layers.js, the web app) are not the model.
      modelBytes: sum(
        written.value.filter((file) => !/\.(py|js|html|md)$/.test(file.name)).map((file) => file.bytes.byteLength),
      ),
      test: evaluation.ok ? evaluation.value : { undefinedBecause: evaluation.error },
    });
    const described = [...written.value, ...card];
    const usage = writer.usage(trained.pipeline, described);
    const files: ExportFile[] = [
      ...written.value.map(({ name, bytes }) => ({ name, bytes })),
      { name: 'metadata.json', bytes: strToU8(JSON.stringify(metadata, null, 2)) },
      { name: 'README.txt', bytes: strToU8(readme(trained.pipeline, described, usage)) },
      ...card.map(({ name, bytes }) => ({ name, bytes })),
    ];
    return { ok: true, value: { files, test, compression } };
  } finally {
    exported.dispose();
  }
}

/**
 * The model as the export writes it: TF.js files pruned and quantised as asked, and the model
 * those files load back to (through tfjs's own loader, which dequantises), or the model itself
 * when nothing changes its weights. `dispose` frees the copy, never the trained model.
 */
async function exportedModel(model: tf.LayersModel, { precision, sparsity }: ExportCompression) {
  const files = await tfjsLayersFiles(model, precision, sparsity);
  if (precision === 'float32' && sparsity === 0) return { files, model, dispose: () => {} };
  const copy = await loadTfjsLayersFiles(files);
  return { files, model: copy, dispose: () => copy.dispose() };
}

/** Accuracy or R²; undefined, with the reason, when there is nothing to evaluate on. */
export function headlineOf(evaluation: Result<Evaluation>, trained: TrainedModel): HeadlineMetric {
  if (evaluation.ok) return headlineMetric(evaluation.value);
  return {
    name: trained.pipeline.target.task === 'regression' ? 'R²' : 'accuracy',
    split: 'test',
    value: { value: null, undefinedBecause: evaluation.error },
  };
}

/**
 * The export as one zip. Text is compressed. Weights barely compress and are stored, which saves
 * the time, unless pruned: runs of zeros do compress, and that is what pruning is for.
 */
function zipExport(files: readonly ExportFile[], { sparsity }: ExportCompression): Uint8Array {
  const compressible = (name: string) =>
    /\.(json|txt|md|html|py|js)$/.test(name) || (sparsity > 0 && !name.endsWith('.png'));
  const entries: Zippable = Object.fromEntries(
    files.map(({ name, bytes }) => [name, compressible(name) ? bytes : [bytes, { level: 0 }]]),
  );
  return zipSync(entries);
}

export async function previewExport(trained: TrainedModel, compression: ExportCompression): Promise<ExportPreview> {
  const measured = async (at: ExportCompression) => {
    const exported = await exportedModel(trained.model, at);
    try {
      return {
        ...tfjsFileBytes(exported.files),
        zipBytes: zipExport(exported.files, at).byteLength,
        zeroShare: zeroShare(
          await Promise.all(
            exported.model.weights.map(async (w) => ({
              shape: w.shape as number[],
              dtype: w.dtype,
              values: await w.read().data(),
            })),
          ),
        ),
        test: headlineOf(await trained.evaluate(exported.model), trained),
      };
    } finally {
      exported.dispose();
    }
  };
  const float32 = await measured(AS_TRAINED);
  const unsupported = await Promise.all(
    exportFormats.map(
      async ({ id }) =>
        [id, [...withoutSavedPipeline(trained, id), ...(await exportWriters[id].unsupported(trained.model))]] as const,
    ),
  );
  return {
    compression,
    float32,
    exported: compression.precision === 'float32' && compression.sparsity === 0 ? float32 : await measured(compression),
    unsupported: Object.fromEntries(unsupported) as Record<ExportFormat, readonly string[]>,
  };
}

/** Why `format` cannot be written for `trained` as it is, when it runs the saved preprocessing and there is none. */
function withoutSavedPipeline(trained: TrainedModel, format: ExportFormat): string[] {
  if (!trained.withoutMetadata || !exportFormatInfo(format).needsSavedPipeline) return [];
  return [
    `This model came without its metadata.json, so nothing says how its inputs were prepared in training: import it with its metadata.json, or train it here, to export it as a ${exportFormatInfo(format).label}.`,
  ];
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
