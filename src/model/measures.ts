/**
 * What a trained model costs to ship and to run, beside what it scores: the numbers a person weighs
 * against its metric when choosing a model small and fast enough (Auto's accuracy-versus-size and
 * -latency chart, a distilled student against its teacher).
 */
import type { BackendName } from './layers/layerKind';

export interface ModelMeasures {
  /** Weights, trainable or not. */
  readonly params: number;
  /**
   * The TF.js export (model.json and its weight shards) as trained, in bytes: the export dialog's size, shown
   * with formatBytes (decimal kB, as the dialog and browsers write sizes).
   */
  readonly float32Bytes: number;
  /** The same export with its weights quantised to uint8, in bytes. */
  readonly uint8Bytes: number;
  /**
   * The median time of one prediction at batch 1, in ms, on `backend` in the thread that trained it:
   * what a page answering one request at a time waits, not a throughput.
   */
  readonly latencyMs: number;
  /** The backend the latency was measured on; another backend gives another figure. */
  readonly backend: BackendName;
}
