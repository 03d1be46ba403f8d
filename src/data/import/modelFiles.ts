/**
 * The files of a model to import, picked or dropped: the studio's export zip, or model.json with
 * its weight files (and metadata.json, when there is one). Sizes are checked before any byte is
 * read, model.json before any weight file, and every weight file against the manifest.
 */
import {
  checkImportSize,
  checkWeightFiles,
  graphFromTopology,
  parseModelJson,
  type ImportedGraph,
} from '../../model/modelImport';
import type { Result } from '../../model/result';
import { readZipEntries } from './zip';

export interface ModelFiles {
  /** What the person chose, for messages: the zip's name, or "model.json". */
  readonly name: string;
  readonly modelJson: string;
  /** metadata.json's text, when it came along (the studio's own export). */
  readonly metadata?: string;
  /** The weight files' bytes, in the order the manifest joins them. */
  readonly weights: readonly ArrayBuffer[];
  readonly imported: ImportedGraph;
}

/** One file of the model, by its bare name, readable on demand. */
interface Source {
  readonly name: string;
  readonly size: number;
  read(): Promise<Result<Uint8Array>>;
}

const MODEL_JSON = 'model.json';
const METADATA_JSON = 'metadata.json';

/** Reads and checks a model's files; fails with a sentence for the person, having read as little as it could. */
export async function readModelFiles(files: readonly File[]): Promise<Result<ModelFiles>> {
  if (files.length === 0) return { ok: false, error: 'No file was chosen.' };
  const size = checkImportSize(files);
  if (!size.ok) return size;
  const zip = files.length === 1 && (await isZip(files[0]!)) ? files[0]! : undefined;
  const sources = zip ? await zipSources(zip) : { ok: true as const, value: files.map(fileSource) };
  if (!sources.ok) return sources;
  const byName = new Map(sources.value.map((source) => [source.name, source]));
  const name = zip?.name ?? MODEL_JSON;

  const modelSource = byName.get(MODEL_JSON) ?? onlyModelJsonLike(sources.value);
  if (!modelSource)
    return {
      ok: false,
      error: `${zip ? `${zip.name} holds` : 'The files chosen hold'} no model.json: choose model.json with its weight files (.bin), or the zip the studio exported.`,
    };
  const modelText = await textOf(modelSource);
  if (!modelText.ok) return modelText;
  const modelJson = parseModelJson(modelText.value);
  if (!modelJson.ok) return modelJson;
  const imported = graphFromTopology(modelJson.value.modelTopology);
  if (!imported.ok) return imported;
  const paths = checkWeightFiles(
    modelJson.value.weightsManifest,
    new Map(sources.value.map((source) => [source.name, source.size])),
  );
  if (!paths.ok) return paths;

  const weights: ArrayBuffer[] = [];
  for (const path of paths.value) {
    const bytes = await byName.get(path)!.read();
    if (!bytes.ok) return { ok: false, error: `The weight file ${path} cannot be read: ${bytes.error}.` };
    weights.push(bytes.value.slice().buffer);
  }
  const metadataSource = byName.get(METADATA_JSON);
  const metadata = metadataSource ? await textOf(metadataSource) : undefined;
  if (metadata && !metadata.ok) return metadata;
  return {
    ok: true,
    value: {
      name,
      modelJson: modelText.value,
      ...(metadata ? { metadata: metadata.value } : {}),
      weights,
      imported: imported.value,
    },
  };
}

/** A zip by its name or, whatever it is called (a download saved under another name), by its first bytes. */
async function isZip(file: File): Promise<boolean> {
  if (/\.zip$/i.test(file.name)) return true;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

function fileSource(file: File): Source {
  return {
    name: bareName(file.name),
    size: file.size,
    read: async () => {
      try {
        return { ok: true, value: new Uint8Array(await file.arrayBuffer()) };
      } catch {
        return { ok: false, error: 'the browser could not read it' };
      }
    },
  };
}

/** The zip's files by bare name (the export puts them at the top; a folder inside is fine too), sizes checked again. */
async function zipSources(zip: File): Promise<Result<Source[]>> {
  const entries = await readZipEntries(zip);
  if (!entries.ok) return { ok: false, error: `${zip.name}: ${entries.error}` };
  const files = entries.value
    .filter((entry) => !entry.path.endsWith('/'))
    .map((entry) => ({ name: bareName(entry.path), size: entry.size, read: entry.read }));
  // The sizes the directory states are what inflating will produce: a zip bomb stops here.
  const size = checkImportSize(files);
  return size.ok ? { ok: true, value: files } : size;
}

/** A single JSON file other than metadata.json stands for model.json (a converter may name it otherwise). */
function onlyModelJsonLike(sources: readonly Source[]): Source | undefined {
  const candidates = sources.filter((source) => /\.json$/i.test(source.name) && source.name !== METADATA_JSON);
  return candidates.length === 1 ? candidates[0] : undefined;
}

async function textOf(source: Source): Promise<Result<string>> {
  const bytes = await source.read();
  if (!bytes.ok) return { ok: false, error: `${source.name} cannot be read: ${bytes.error}.` };
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes.value) };
  } catch {
    return { ok: false, error: `${source.name} is not text (UTF-8): it is not a model file.` };
  }
}

function bareName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
