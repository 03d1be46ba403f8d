/**
 * The training worker: a training session (src/engine/session) exposed over Comlink. It reads the
 * rows from IndexedDB, trains one run at a time and streams its TrainEvents over the MessagePort
 * the caller passes; the last trained model stays here for `predict`, `exportModel` and
 * `evaluate`. What only a worker has is handed in: the OffscreenCanvas image decoder, and
 * Comlink's transfer for results whose buffers are handed over rather than copied.
 */
import * as Comlink from 'comlink';
import { createTrainingSession } from '../engine/session/trainingSession';
import { decodeImage } from './decodeImage';
import type { TrainWorkerApi } from './protocol';

const api: TrainWorkerApi = {
  ping() {},
  ...createTrainingSession({ decodeImage, transfer: Comlink.transfer }),
};

Comlink.expose(api);
