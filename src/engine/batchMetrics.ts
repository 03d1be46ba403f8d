/**
 * One epoch's per-batch loss and metric, kept on the backend as the steps make them and read a
 * few batches at a time in one read, so that no step waits for the backend to answer. The sums
 * are the ones a read after every batch gave: each batch's float32 values, weighted by its rows and
 * added in batch order.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * A read starts once this many batches wait, or once this long has passed since the last one,
 * whichever comes first. Reads overlap the steps after them (one read in flight at a time), so a
 * loss that goes bad is seen at most about two reads' worth of batches later.
 */
const READ_EVERY_BATCHES = 4;
const READ_EVERY_MS = 100;

/** The first batch of the epoch whose loss was not finite, and that loss. */
export interface Divergence {
  /** 0-based, in the epoch. */
  readonly batch: number;
  readonly loss: number;
}

interface Pending {
  readonly batch: number;
  readonly rows: number;
  /** [loss, metric], owned until read. */
  readonly values: readonly tf.Scalar[];
}

export class BatchMetrics {
  /** Σ over the batches read so far of loss × rows, and of metric × rows. */
  lossSum = 0;
  metricSum = 0;
  private pending: Pending[] = [];
  private inFlight: Promise<Divergence | undefined> | undefined;
  private lastReadAt = performance.now();
  private divergence: Divergence | undefined;

  /** Takes `values`, the batch's [loss, metric] scalars: they are disposed once read, or by `dispose`. */
  add(batch: number, rows: number, values: readonly tf.Scalar[]): void {
    this.pending.push({ batch, rows, values });
  }

  /** Whether enough batches have waited, or long enough, for `read` to be worth its round trip. */
  due(): boolean {
    return (
      this.pending.length >= READ_EVERY_BATCHES ||
      (this.pending.length > 0 && performance.now() - this.lastReadAt >= READ_EVERY_MS)
    );
  }

  /**
   * Starts reading the batches waiting and resolves when the read before it is in: with the first
   * non-finite loss of the epoch, once one is found (and then only after every read is in, so none
   * outlives the run). Rejects when the backend's read fails (a lost GPU).
   */
  async read(): Promise<Divergence | undefined> {
    const previous = this.inFlight;
    this.start();
    if (!(await previous)) return undefined;
    return this.readAll();
  }

  /** Reads every batch still waiting; resolves with the first non-finite loss of the epoch, if any. */
  async readAll(): Promise<Divergence | undefined> {
    const reading = this.start();
    const divergence = await reading;
    this.inFlight = undefined;
    return divergence;
  }

  /** Frees the values not read (a run that ends mid-epoch). */
  dispose(): void {
    for (const { values } of this.pending) tf.dispose(values as tf.Scalar[]);
    this.pending = [];
  }

  private start(): Promise<Divergence | undefined> {
    const reading = this.readPending(this.inFlight);
    // A failed read fails every one after it: the caller hears of it from the first it awaits.
    reading.catch(() => undefined);
    this.inFlight = reading;
    return reading;
  }

  private async readPending(previous: Promise<Divergence | undefined> | undefined): Promise<Divergence | undefined> {
    const batches = this.pending;
    this.pending = [];
    this.lastReadAt = performance.now();
    // Made now, in order, so the read waits only for these batches' steps, not for those queued after.
    const stacked = batches.length > 0 ? tf.tidy(() => tf.stack(batches.flatMap((b) => b.values))) : undefined;
    for (const { values } of batches) tf.dispose(values as tf.Scalar[]);
    try {
      await previous;
      if (!stacked) return this.divergence;
      const values = await stacked.data();
      batches.forEach(({ batch, rows }, i) => {
        const loss = values[2 * i]!;
        const metric = values[2 * i + 1]!;
        if (!Number.isFinite(loss)) this.divergence ??= { batch, loss };
        this.lossSum += loss * rows;
        this.metricSum += metric * rows;
      });
      return this.divergence;
    } finally {
      stacked?.dispose();
    }
  }
}
