import type { ColumnChoice } from './schema';
import type { ImageImportSettings } from './imageSettings';

/** The sample data sets shipped offline in public/samples, with where they come from. */
export interface Sample {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly target: string;
  readonly description: string;
  readonly licence: string;
  /** Image samples (a zip of class folders) are imported with these settings; the others are CSV. */
  readonly images?: ImageImportSettings;
  /** How its columns are used, where the defaults would not do. */
  readonly columns?: readonly ColumnChoice[];
}

export const SAMPLES: readonly Sample[] = [
  {
    id: 'iris',
    name: 'Iris flowers',
    file: 'iris.csv',
    target: 'species',
    description: '150 flowers, 4 measurements, 3 species: classification.',
    licence: "Fisher's Iris data (1936), via the UCI Machine Learning Repository; public domain.",
  },
  {
    id: 'us-macro',
    name: 'US macroeconomics',
    file: 'us-macro.csv',
    target: 'unemp',
    description: 'US quarterly data 1959–2009: predict unemployment (regression).',
    licence: 'Federal Reserve / BEA / BLS data as distributed with statsmodels; public domain.',
  },
  {
    id: 'digits',
    name: 'Handwritten digits',
    file: 'digits.zip',
    target: 'label',
    description: '1,797 digits 0–9 as 8×8 grayscale images: image classification.',
    licence: 'UCI "Optical Recognition of Handwritten Digits" (Alpaydin & Kaynak, 1998); CC BY 4.0.',
    // Its images are 8×8: importing them larger would only blur them.
    images: { size: 8, color: 'grayscale' },
  },
  {
    id: 'language-words',
    name: 'Language of a word',
    file: 'language-words.csv',
    target: 'language',
    description: '10,500 words from 7 languages: which language is a word from? Text classification, by characters.',
    licence:
      'Words from the Debian/SCOWL/ispell word lists (english, german, french, spanish, italian, portuguese, dutch); free licences, see the wamerican, wngerman, wfrench, wspanish, witalian, wportuguese and wdutch packages.',
    // Spelling tells languages apart: characters, not whole words, with the accents kept.
    columns: [
      {
        name: 'word',
        use: 'text',
        tokenizer: { level: 'char', lowercase: true, stripPunctuation: false, maxVocabulary: 100, sequenceLength: 16 },
      },
    ],
  },
];

export const DEFAULT_SAMPLE = SAMPLES[0]!;

/** The sample stored under a data-set id: an imported sample is `sample:<its id>` (see data.worker.ts). */
export function sampleOfDataset(datasetId: string | null): Sample | undefined {
  return SAMPLES.find((sample) => `sample:${sample.id}` === datasetId);
}
