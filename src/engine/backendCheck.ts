/**
 * Before a backend trains anything in a worker, a few training steps of a small fixed model on
 * it are compared with the same steps on cpu, the reference: a backend whose kernels compute
 * wrong numbers (a driver bug, a broken build) is caught before the person's run, not after it.
 * The probe covers the kernels every run uses (matmul, relu, softmax, cross-entropy, their
 * gradients and Adam), not every kernel of every graph.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../data/split';
import type { BackendName } from '../model/layers/layerKind';
import { DEFAULT_TRAINING } from '../model/project';
import type { Result } from '../model/result';
import type { DataContext } from '../model/task';
import { defaultGraph } from '../model/templates';
import { fallBackToCpu, type ActiveBackend } from './backend';
import { buildModel } from './build';
import { trainModel, type Examples } from './train';

/** What a probe run ends with: the epoch's loss and every weight, in model order. */
export interface ProbeResult {
  readonly loss: number;
  readonly weights: readonly Float32Array[];
}

const PROBE_DATA: DataContext = { inputShape: [4], task: 'multiclass', labels: ['a', 'b', 'c'] };
/** 24 examples in batches of 8: three optimiser steps. */
const PROBE_EXAMPLES = 24;
const PROBE_BATCH = 8;
/** float32 kernels differ in the last bits (summation order, fused ops); a wrong kernel differs by far more. */
const TOLERANCE = 1e-3;

/** Three Adam steps of Input → Dense(16, relu) → Output on fixed data, with fixed initial weights, on the current backend. */
export async function probeTraining(): Promise<ProbeResult> {
  const built = buildModel(defaultGraph(), PROBE_DATA, { seed: 1 });
  if (!built.ok) throw new Error(`The backend probe's model does not build: ${built.error}`);
  const model = built.value;
  try {
    const outcome = await trainModel(model, {
      data: PROBE_DATA,
      settings: { ...DEFAULT_TRAINING, epochs: 1, batchSize: PROBE_BATCH },
      seed: 1,
      train: probeExamples(),
    });
    if (!outcome.ok) throw new Error(`The backend probe did not train: ${outcome.error}`);
    // Read asynchronously: tfjs's synchronous read on WebGPU copies through OffscreenCanvases, which
    // in Chromium's SwiftShader gave wrong numbers and then failed every later read, so WebGPU
    // never passed this check.
    return {
      loss: outcome.value.logs.loss!,
      weights: await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array)),
    };
  } finally {
    model.dispose();
  }
}

function probeExamples(): Examples {
  const random = mulberry32(7);
  const x = Float32Array.from({ length: PROBE_EXAMPLES * 4 }, () => random() * 2 - 1);
  // The class is the sign pattern of the first two features: something to learn.
  const y = Float32Array.from(
    { length: PROBE_EXAMPLES },
    (_, i) => (x[4 * i]! > 0 ? 1 : 0) + (x[4 * i + 1]! > 0 ? 1 : 0),
  );
  return { x, y, count: PROBE_EXAMPLES };
}

/** Undefined when `candidate` matches the cpu `reference` within float32 noise; otherwise what differs, for the person. */
export function probeDisagreement(reference: ProbeResult, candidate: ProbeResult): string | undefined {
  const differs = (a: number, b: number) => !(Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(b)));
  if (differs(candidate.loss, reference.loss))
    return `the loss was ${candidate.loss.toPrecision(4)} where cpu gives ${reference.loss.toPrecision(4)}`;
  let worst = 0;
  reference.weights.forEach((weights, i) =>
    weights.forEach((w, j) => {
      const other = candidate.weights[i]?.[j] ?? NaN;
      if (differs(other, w)) worst = Math.max(worst, Number.isNaN(other) ? Infinity : Math.abs(other - w));
    }),
  );
  return worst > 0 ? `the weights differed from cpu's by up to ${worst.toPrecision(3)}` : undefined;
}

/**
 * Runs the probe on `backend` (which must be registered and able to start) and on cpu, and leaves
 * `backend` set. Ok when they agree; otherwise an error naming the difference.
 */
export async function checkAgainstCpu(backend: BackendName): Promise<Result<void>> {
  if (!(await tf.setBackend(backend))) return { ok: false, error: `${backend} could not start.` };
  const candidate = await probeTraining();
  await tf.setBackend('cpu');
  const reference = await probeTraining();
  await tf.setBackend(backend);
  const disagreement = probeDisagreement(reference, candidate);
  return disagreement === undefined
    ? { ok: true, value: undefined }
    : { ok: false, error: `${backend} disagreed with cpu on a few test training steps: ${disagreement}.` };
}

/** Each backend's check, made at its first use: module state, so once per worker. */
const checks = new Map<BackendName, Promise<Result<void>>>();

/**
 * The backend `initBackend` started, once checked against cpu (at its first use in this worker;
 * cpu itself needs no check); cpu, with the reason, when it disagrees.
 */
export async function checkedBackend(active: ActiveBackend): Promise<ActiveBackend> {
  if (active.backend === 'cpu') return active;
  let check = checks.get(active.backend);
  if (!check) {
    check = checkAgainstCpu(active.backend);
    checks.set(active.backend, check);
  }
  const result = await check;
  return result.ok ? active : fallBackToCpu(result.error);
}
