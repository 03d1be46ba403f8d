/**
 * The messages between the exported web app's page and its worker, which runs TF.js: the page
 * hands over the model's files once, then asks for predictions. The app's own contract, apart
 * from the studio's workers/protocol.ts: it is bundled into the export and never talks to the studio.
 */
import type { PredictedTable, Prediction } from '../model/prediction';
import type { Result } from '../model/result';
import type { FittedPipeline } from '../data/preprocess';
import type { ReferenceProfile } from '../data/monitor/profile';
import type { MonitorReport } from '../data/monitor/report';
import type { HeadlineMetric } from '../model/evaluation';

/** The names the export gives TF.js's browser bundle and the app's script (src/webapp/index.ts). */
export const TFJS_FILE = 'tf.min.js';
export const RUNTIME_FILE = 'webapp-runtime.js';

/** What one prediction is made from: a raw table row (a text model's text under its column name), or an image file's bytes. */
export type AppInput =
  | { readonly kind: 'row'; readonly raw: Readonly<Record<string, string>> }
  | { readonly kind: 'image'; readonly bytes: Uint8Array };

export type AppCommand =
  /** model.json and its weight shards, by name; answered with `null` once the model is loaded. */
  | {
      readonly type: 'load';
      readonly id: number;
      readonly pipeline: FittedPipeline;
      readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
    }
  | { readonly type: 'predict'; readonly id: number; readonly input: AppInput }
  /** A CSV table's text: every row predicted, as the studio's "Download predictions" writes them. */
  | { readonly type: 'predictTable'; readonly id: number; readonly text: string }
  /** A CSV table's text held against the training data's profile (metadata.json's `reference`), as the studio's Monitor view does. */
  | {
      readonly type: 'driftReport';
      readonly id: number;
      readonly text: string;
      readonly reference: ReferenceProfile;
      readonly test: HeadlineMetric;
    };

/** Exactly one answer per command, with its id. */
export interface AppReply {
  readonly id: number;
  readonly result: Result<Prediction | PredictedTable | MonitorReport | null>;
}
