/**
 * Chooses and starts the tfjs backend a run trains on, and says why in words the person can read.
 *
 * Policy (ARCHITECTURE.md, "Backends"): WebGPU when a real, non-fallback adapter exists; otherwise
 * the fastest CPU path that supports every layer in the graph (wasm, then the plain JS cpu backend).
 * `rankBackends` is the pure decision, tested in Node; `initBackend` probes the browser and starts
 * the first candidate that actually initialises. wasm trains on several threads where the page
 * is cross-origin isolated (`wasmThreads`), and names them in the reason (`wasmLabel`).
 */
import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../model/graph';
import { getLayerKind } from '../model/layers';
import type { BackendName } from '../model/layers/layerKind';
import { registerCustomLayers } from './build';
import { registerFilterGradientKernel } from './kernels/conv2dBackpropFilter';
import { registerCrossEntropyKernels } from './kernels/crossEntropy';
import { registerTileGradient } from './kernels/tileGradient';
import { registerSegmentSumKernel } from './kernels/unsortedSegmentSum';
import { registerWasmKernels } from './kernels/wasmKernels';
import { simdKernelsRunHere, simdKernelThreads } from './kernels/wasmModule';

/** What the browser offers, as `rankBackends` needs it. */
export interface BackendProbe {
  /** The WebGPU adapter, or null when `navigator.gpu` is missing or returns none. */
  readonly gpu: { readonly description: string; readonly isFallback: boolean } | null;
  readonly wasm: boolean;
  /** Per backend, the labels of the graph's layers it cannot train (a missing gradient kernel, say). */
  readonly blockedLayers: Readonly<Partial<Record<BackendName, readonly string[]>>>;
  /** A backend chosen by hand (the bench, a manual override); tried first unless a layer blocks it. */
  readonly forced?: BackendName;
  /** Another worker trains on the GPU (a sweep's CPU trial worker): only the CPU backends are chosen automatically. */
  readonly gpuReserved?: boolean;
  /** What wasm can use here; absent where it does not matter (Node's tests). */
  readonly wasmFeatures?: WasmFeatures;
}

/** What the browser gives wasm, as `initBackend` finds it. */
export interface WasmFeatures {
  /** 128-bit SIMD: the engine's wasm kernels need it. */
  readonly simd: boolean;
  /** The page is cross-origin isolated (COOP/COEP headers), so threads can share wasm's memory. */
  readonly crossOriginIsolated: boolean;
  /** Logical cores (`navigator.hardwareConcurrency`). */
  readonly cores: number;
  /** Threads this worker may train on: fewer than the cores when a sweep's trials share them. */
  readonly threadBudget: number;
}

/**
 * Most threads one run trains on: the products of the models this app trains are small, so more
 * threads would mostly spin waiting for work, taking cores from the rest of the machine. (Measured
 * on two cores only.)
 */
export const MAX_WASM_THREADS = 4;

export interface BackendChoice {
  readonly backend: BackendName;
  /** One or two sentences for the person: which backend runs and why. */
  readonly reason: string;
}

/** The tfjs version runs record; the workers' only way to it, as they import no tfjs themselves. */
export const TFJS_VERSION = tf.version.tfjs;

const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', wasm: 'wasm', cpu: 'cpu' };

/**
 * The backends worth trying, best first; the caller starts the first that initialises. Never
 * empty: cpu runs every layer and comes last.
 */
export function rankBackends(probe: BackendProbe): readonly BackendChoice[] {
  const blockedReason = (backend: BackendName): string | undefined => {
    // Without SIMD the engine's kernels cannot run, and tfjs's own wasm kernels lack gradients
    // some layers need (which ones changes as kernels are added): wasm is passed over whole.
    if (backend === 'wasm' && probe.wasmFeatures?.simd === false)
      return "wasm lacks SIMD in this browser (the engine's wasm kernels need it)";
    const layers = probe.blockedLayers[backend];
    return layers && layers.length > 0 ? `${LABEL[backend]} cannot train ${layers.join(', ')}` : undefined;
  };
  const webgpuBlocked = blockedReason('webgpu');
  const wasmBlocked = blockedReason('wasm');
  // Why the CPU paths below run at all; empty when a real GPU exists (then only a failure to start says why).
  const gpuTaken = probe.gpuReserved === true && probe.gpu !== null && !probe.gpu.isFallback;
  const gpuSentence = gpuTaken
    ? 'The GPU trains another trial of the sweep.'
    : probe.gpu === null
      ? 'No GPU adapter.'
      : probe.gpu.isFallback
        ? `No GPU adapter: WebGPU is only available as a slow software fallback (${probe.gpu.description}).`
        : webgpuBlocked
          ? `${webgpuBlocked}.`
          : '';

  const automatic: BackendChoice[] = [];
  if (probe.gpu && !probe.gpu.isFallback && !webgpuBlocked && !gpuTaken) {
    automatic.push({ backend: 'webgpu', reason: `WebGPU on ${probe.gpu.description}: a GPU trains fastest.` });
  }
  if (probe.wasm && !wasmBlocked) {
    automatic.push({ backend: 'wasm', reason: join(gpuSentence, 'wasm runs this graph fastest on CPU.') });
  }
  const cpuWhy = !probe.wasm
    ? 'This browser has no WebAssembly, so the plain JavaScript cpu backend runs (slowest).'
    : wasmBlocked
      ? `${wasmBlocked}, so the plain JavaScript cpu backend runs (slowest; it supports every layer).`
      : 'The plain JavaScript cpu backend runs (slowest).';
  automatic.push({ backend: 'cpu', reason: join(gpuSentence, cpuWhy) });

  if (probe.forced === undefined) return automatic;
  const forcedBlocked = blockedReason(probe.forced);
  if (forcedBlocked) return automatic.map((c) => ({ ...c, reason: join(`${forcedBlocked}.`, c.reason) }));
  return [
    { backend: probe.forced, reason: `${LABEL[probe.forced]} was chosen by hand.` },
    ...automatic.filter((c) => c.backend !== probe.forced),
  ];
}

/** Per backend, the labels of the graph's layers that cannot train on it. */
export function blockedLayersOf(graph: Graph): Partial<Record<BackendName, string[]>> {
  const blocked: Partial<Record<BackendName, string[]>> = {};
  for (const node of graph.nodes) {
    const kind = getLayerKind(node.type);
    if (!kind) continue;
    for (const backend of kind.unsupportedOn ?? []) {
      const labels = (blocked[backend] ??= []);
      if (!labels.includes(kind.label)) labels.push(kind.label);
    }
  }
  return blocked;
}

export interface InitOptions extends Pick<BackendProbe, 'forced' | 'gpuReserved'> {
  /** Threads wasm may train on (a sweep's share of the cores); all of them (up to MAX_WASM_THREADS) when absent. */
  readonly threadBudget?: number;
}

/** Threads wasm trains on: several only where the page is isolated and has SIMD, within the budget. */
export function wasmThreads({ simd, crossOriginIsolated, cores, threadBudget }: WasmFeatures): number {
  if (!simd || !crossOriginIsolated) return 1;
  return Math.max(1, Math.min(cores, threadBudget, MAX_WASM_THREADS));
}

/**
 * How wasm runs, for the backend line: "wasm · SIMD · 2 threads", or why it runs on one thread.
 * `threads` is what the backend started with.
 */
export function wasmLabel(features: WasmFeatures & { readonly threads: number }): string {
  if (features.threads > 1) return `wasm · SIMD · ${features.threads} threads`;
  const why = !features.crossOriginIsolated
    ? 'this page is not cross-origin isolated'
    : features.cores <= 1
      ? 'this machine has one core'
      : features.threadBudget < features.cores
        ? 'the other cores train other trials of the sweep'
        : 'the wasm threads did not start';
  return `wasm · SIMD · single-threaded: ${why}`;
}

/** What this browser gives wasm; `threadBudget` defaults to every core. */
function probeWasm(threadBudget?: number): WasmFeatures {
  const cores = typeof navigator === 'object' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
  return {
    simd: simdKernelsRunHere(),
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    cores,
    threadBudget: threadBudget ?? cores,
  };
}

export interface ActiveBackend extends BackendChoice {
  /** The WebGPU adapter's description, when the backend is webgpu. */
  readonly adapter?: string;
}

/**
 * Probes the browser, then sets the first backend in `rankBackends` order that initialises.
 * `tf.setBackend` resolves false (or throws) when a backend cannot start; either way the next one
 * is tried and the reason says what failed. Resolves with cpu at worst.
 */
export async function initBackend(graph: Graph, options: InitOptions = {}): Promise<ActiveBackend> {
  const gpu = await probeGpu();
  const wasm = typeof WebAssembly === 'object';
  const wasmFeatures = wasm ? probeWasm(options.threadBudget) : undefined;
  const threads = wasmFeatures ? wasmThreads(wasmFeatures) : 1;
  const candidates = rankBackends({
    gpu,
    wasm,
    blockedLayers: blockedLayersOf(graph),
    ...(options.forced ? { forced: options.forced } : {}),
    ...(options.gpuReserved ? { gpuReserved: true } : {}),
    ...(wasmFeatures ? { wasmFeatures } : {}),
  });
  const failures: string[] = [];
  for (const candidate of candidates) {
    const error = await startBackend(candidate.backend, threads);
    if (error === undefined) {
      const started =
        candidate.backend === 'wasm' && wasmFeatures
          ? `${wasmLabel({ ...wasmFeatures, threads: simdKernelThreads() })}.`
          : '';
      const reason = join(failures.join(' '), candidate.reason, started);
      return candidate.backend === 'webgpu' && gpu
        ? { ...candidate, reason, adapter: gpu.description }
        : { ...candidate, reason };
    }
    failures.push(`${LABEL[candidate.backend]} could not start (${error}).`);
  }
  throw new Error(`No tfjs backend could start: ${failures.join(' ')}`);
}

/** Starts cpu after the chosen backend was found wanting; `why` says what was wrong with it. */
export async function fallBackToCpu(why: string): Promise<ActiveBackend> {
  const error = await startBackend('cpu');
  if (error !== undefined) throw new Error(`No tfjs backend could start: cpu could not start (${error}).`);
  return {
    backend: 'cpu',
    reason: `${why} This run trains on the plain JavaScript cpu backend instead (slowest; it supports every layer).`,
  };
}

/**
 * Resolves with what the browser said when the current backend's GPU device is lost (a driver
 * reset, the GPU taken away): tfjs 4.22 does not notice; its next read fails or never settles.
 * Any reason counts, 'destroyed' too: the app never destroys the device it trains on, so a
 * destroyed one is as gone as a lost one. Undefined on backends without a device.
 */
export function deviceLost(): Promise<string> | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const { device } = tf.backend() as unknown as { device: GPUDevice };
  return device.lost.then((info) => info.message || `reason: ${info.reason}`);
}

/**
 * How long a failure on the GPU waits to learn whether the device was lost. When it goes, the
 * read in flight is rejected at once and `device.lost` settles a moment later (a millisecond
 * after `destroy()` in Chromium): without the wait, the loss would look like a plain failure.
 */
export const DEVICE_LOSS_GRACE_MS = 1000;

/** What `lost` (from `deviceLost`) resolved with, if it does within `ms`; else undefined. */
export function lostWithin(lost: Promise<string>, ms: number): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([lost, late]).finally(() => clearTimeout(timer));
}

/** The adapter `navigator.gpu` offers, if any; SwiftShader counts as a fallback whatever the flag says. */
export async function probeGpu(): Promise<BackendProbe['gpu']> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) return null;
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return null;
    const { vendor, architecture, description, isFallbackAdapter } = adapter.info;
    const isSwiftShader = [vendor, architecture, description].some((s) => /swiftshader/i.test(s ?? ''));
    const name = description || [vendor, architecture].filter(Boolean).join(' ') || 'an unnamed adapter';
    return {
      description: isSwiftShader ? 'SwiftShader' : name,
      isFallback: Boolean(isFallbackAdapter) || isSwiftShader,
    };
  } catch {
    return null;
  }
}

/** tfjs-backend-webgpu's MatMulProgramType.MatMulPackedProgram. */
const WEBGPU_PACKED_MATMUL = 3;

/** Undefined when the backend is set and ready; otherwise why not. wasm starts with `threads` where it can. */
async function startBackend(backend: BackendName, threads = 1): Promise<string | undefined> {
  try {
    if (backend === 'webgpu') {
      await import('@tensorflow/tfjs-backend-webgpu');
      // The default picks a split-K matmul for some shapes, which adds with atomics in no fixed
      // order: the same seed would not give the same run. The packed program sums in order.
      tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', WEBGPU_PACKED_MATMUL);
    }
    if (backend === 'wasm') await prepareWasm(threads);
    const started = await tf.setBackend(backend);
    if (!started) return 'initialisation failed';
    await tf.ready();
    await registerEngineKernels(backend, threads);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Puts the engine's own kernels, gradients and custom layers in place on `backend`, the current
 * one, as every run has them (wasm's products shared among `threads`); calling again is harmless.
 */
export async function registerEngineKernels(backend: BackendName, threads = 1): Promise<void> {
  registerSegmentSumKernel(backend);
  registerCrossEntropyKernels(backend);
  if (backend === 'wasm') await registerWasmKernels(threads);
  if (backend === 'cpu') registerFilterGradientKernel();
  registerTileGradient();
  registerCustomLayers();
}

/**
 * Registers the wasm backend and points it at the .wasm files Vite emits: the threaded SIMD build
 * for `threads` > 1 (tfjs checks that the page may share memory), else the SIMD one. Threads are
 * fixed once the backend has started, for the worker's life. (build/tfjsWasmThreads.ts keeps
 * the pthreads working once bundled.)
 *
 * The other threads go to the engine's gemm, which shares only products large enough to gain;
 * tfjs's own pool (XNNPACK's) stays at one thread: it splits every op however small, and its
 * spinning workers took the core from the gemm's helpers (a Transformer trained 7–11 % slower
 * with it at two threads, and no slower with it at one).
 */
async function prepareWasm(threads: number): Promise<void> {
  const [wasm, plain, simd, threadedSimd] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
  ]);
  if (threads > 1) wasm.setThreadsCount(1);
  else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': plain.default,
    'tfjs-backend-wasm-simd.wasm': simd.default,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd.default,
  });
}

function join(...sentences: string[]): string {
  return sentences.filter((s) => s.length > 0).join(' ');
}
