import { readFileSync } from 'node:fs';
import { parseCsvText } from '../data/import/csv';
import type { StoredDataset } from '../data/schema';

/** A CSV text parsed into a stored data set, as an import would store it. */
export function csvDataset(name: string, text: string): StoredDataset {
  const parsed = parseCsvText(text, { id: name, name, source: 'file', bytes: text.length, createdAt: 0 });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** One of the app's own samples (public/samples). */
export function sampleDataset(file: string): StoredDataset {
  return csvDataset(file, readFileSync(new URL(`../../public/samples/${file}`, import.meta.url), 'utf8'));
}
