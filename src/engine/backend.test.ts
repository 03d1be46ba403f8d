import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Graph } from '../model/graph';
import { layerKinds } from '../model/layers';
import {
  blockedLayersOf,
  lostWithin,
  MAX_WASM_THREADS,
  rankBackends,
  wasmLabel,
  wasmThreads,
  type BackendProbe,
  type WasmFeatures,
} from './backend';

const NO_GPU: BackendProbe = { gpu: null, wasm: true, blockedLayers: {} };
const SWIFTSHADER = { description: 'SwiftShader', isFallback: true };
const REAL_GPU = { description: 'NVIDIA H100', isFallback: false };

const backends = (probe: BackendProbe) => rankBackends(probe).map((c) => c.backend);

describe('rankBackends', () => {
  it('prefers a real GPU, then wasm, then cpu', () => {
    expect(backends({ ...NO_GPU, gpu: REAL_GPU })).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(rankBackends({ ...NO_GPU, gpu: REAL_GPU })[0]!.reason).toBe('WebGPU on NVIDIA H100: a GPU trains fastest.');
  });

  it('treats a software fallback adapter as no GPU and says so', () => {
    const [first] = rankBackends({ ...NO_GPU, gpu: SWIFTSHADER });
    expect(backends({ ...NO_GPU, gpu: SWIFTSHADER })).toEqual(['wasm', 'cpu']);
    expect(first!.reason).toBe(
      'No GPU adapter: WebGPU is only available as a slow software fallback (SwiftShader). wasm runs this graph fastest on CPU.',
    );
  });

  it('skips wasm when a layer cannot train on it, naming the layer', () => {
    const ranked = rankBackends({ ...NO_GPU, blockedLayers: { wasm: ['Custom', 'Other'] } });
    expect(ranked.map((c) => c.backend)).toEqual(['cpu']);
    expect(ranked[0]!.reason).toBe(
      'No GPU adapter. wasm cannot train Custom, Other, so the plain JavaScript cpu backend runs (slowest; it supports every layer).',
    );
  });

  it('skips a real GPU a layer cannot use, and says why the CPU runs', () => {
    const ranked = rankBackends({ ...NO_GPU, gpu: REAL_GPU, blockedLayers: { webgpu: ['Custom'] } });
    expect(ranked.map((c) => c.backend)).toEqual(['wasm', 'cpu']);
    expect(ranked[0]!.reason).toBe('WebGPU cannot train Custom. wasm runs this graph fastest on CPU.');
  });

  it('falls back to cpu without WebAssembly', () => {
    expect(backends({ ...NO_GPU, wasm: false })).toEqual(['cpu']);
  });

  it('tries a forced backend first, even the slow fallback GPU, with the automatic order behind it', () => {
    expect(backends({ ...NO_GPU, gpu: SWIFTSHADER, forced: 'webgpu' })).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(backends({ ...NO_GPU, forced: 'cpu' })).toEqual(['cpu', 'wasm']);
    expect(rankBackends({ ...NO_GPU, forced: 'cpu' })[0]!.reason).toBe('cpu was chosen by hand.');
  });

  it('ignores a forced backend that cannot train the graph, and says so', () => {
    const ranked = rankBackends({ ...NO_GPU, forced: 'wasm', blockedLayers: { wasm: ['Custom'] } });
    expect(ranked.map((c) => c.backend)).toEqual(['cpu']);
    expect(ranked[0]!.reason).toMatch(/^wasm cannot train Custom\. No GPU adapter\./);
  });

  it('leaves a real GPU that another trial worker holds, and says so', () => {
    const ranked = rankBackends({ ...NO_GPU, gpu: REAL_GPU, gpuReserved: true });
    expect(ranked.map((c) => c.backend)).toEqual(['wasm', 'cpu']);
    expect(ranked[0]!.reason).toBe('The GPU trains another trial of the sweep. wasm runs this graph fastest on CPU.');
    // Without a real GPU there is nothing to leave: the reason stays the usual one.
    expect(rankBackends({ ...NO_GPU, gpu: SWIFTSHADER, gpuReserved: true })).toEqual(
      rankBackends({ ...NO_GPU, gpu: SWIFTSHADER }),
    );
    // A backend chosen by hand still comes first.
    expect(backends({ ...NO_GPU, gpu: REAL_GPU, gpuReserved: true, forced: 'webgpu' })).toEqual([
      'webgpu',
      'wasm',
      'cpu',
    ]);
  });

  it('always ends with cpu', () => {
    for (const gpu of [null, SWIFTSHADER, REAL_GPU])
      for (const wasm of [true, false])
        expect(rankBackends({ gpu, wasm, blockedLayers: {} }).at(-1)!.backend).toBe('cpu');
  });
});

/** A two-core machine's browser on a cross-origin isolated page, every core for this worker. */
const ISOLATED: WasmFeatures = { simd: true, crossOriginIsolated: true, cores: 2, threadBudget: 2 };

describe('wasm threads', () => {
  it('trains on every core where the page is cross-origin isolated, up to a few', () => {
    expect(wasmThreads(ISOLATED)).toBe(2);
    expect(wasmThreads({ ...ISOLATED, cores: 64, threadBudget: 64 })).toBe(MAX_WASM_THREADS);
  });

  it('stays on one thread where the page is not isolated, SIMD is missing, or the machine has one core', () => {
    expect(wasmThreads({ ...ISOLATED, crossOriginIsolated: false })).toBe(1);
    expect(wasmThreads({ ...ISOLATED, simd: false })).toBe(1);
    expect(wasmThreads({ ...ISOLATED, cores: 1, threadBudget: 1 })).toBe(1);
  });

  it("keeps within a sweep trial's share of the cores", () => {
    expect(wasmThreads({ ...ISOLATED, cores: 8, threadBudget: 3 })).toBe(3);
    expect(wasmThreads({ ...ISOLATED, threadBudget: 1 })).toBe(1);
    expect(wasmThreads({ ...ISOLATED, threadBudget: 0 })).toBe(1);
  });

  it('names SIMD and the threads on the backend line, or why it runs on one thread', () => {
    expect(wasmLabel({ ...ISOLATED, threads: 2 })).toBe('wasm · SIMD · 2 threads');
    expect(wasmLabel({ ...ISOLATED, crossOriginIsolated: false, threads: 1 })).toBe(
      'wasm · SIMD · single-threaded: this page is not cross-origin isolated',
    );
    expect(wasmLabel({ ...ISOLATED, cores: 1, threadBudget: 1, threads: 1 })).toBe(
      'wasm · SIMD · single-threaded: this machine has one core',
    );
    expect(wasmLabel({ ...ISOLATED, threadBudget: 1, threads: 1 })).toBe(
      'wasm · SIMD · single-threaded: the other cores train other trials of the sweep',
    );
    expect(wasmLabel({ ...ISOLATED, threads: 1 })).toBe(
      'wasm · SIMD · single-threaded: the wasm threads did not start',
    );
  });
});

describe('rankBackends without wasm SIMD', () => {
  const OLD_BROWSER: BackendProbe = { ...NO_GPU, wasmFeatures: { ...ISOLATED, simd: false } };

  it('trains on cpu and says that wasm lacks SIMD', () => {
    const ranked = rankBackends(OLD_BROWSER);
    expect(ranked.map((c) => c.backend)).toEqual(['cpu']);
    expect(ranked[0]!.reason).toBe(
      "No GPU adapter. wasm lacks SIMD in this browser (the engine's wasm kernels need it), so the plain JavaScript cpu backend runs (slowest; it supports every layer).",
    );
  });

  it('passes over wasm chosen by hand, saying why', () => {
    const ranked = rankBackends({ ...OLD_BROWSER, forced: 'wasm' });
    expect(ranked.map((c) => c.backend)).toEqual(['cpu']);
    expect(ranked[0]!.reason).toMatch(
      /^wasm lacks SIMD in this browser \(the engine's wasm kernels need it\)\. No GPU adapter\./,
    );
  });

  it('still prefers a real GPU', () => {
    expect(backends({ ...OLD_BROWSER, gpu: REAL_GPU })).toEqual(['webgpu', 'cpu']);
  });

  it('keeps wasm where SIMD is there, isolated or not', () => {
    expect(backends({ ...NO_GPU, wasmFeatures: ISOLATED })).toEqual(['wasm', 'cpu']);
    expect(backends({ ...NO_GPU, wasmFeatures: { ...ISOLATED, crossOriginIsolated: false } })).toEqual(['wasm', 'cpu']);
  });
});

describe('blockedLayersOf', () => {
  it('is empty for layers every backend trains, and ignores unknown types', () => {
    const graph: Graph = {
      nodes: [
        { id: 'in', type: 'InputLayer', params: {}, position: { x: 0, y: 0 } },
        { id: 'd', type: 'Dense', params: {}, position: { x: 0, y: 0 } },
        { id: 'x', type: 'NotAKind', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [],
    };
    expect(blockedLayersOf(graph)).toEqual({});
  });

  it('keeps no palette layer off wasm: a graph of every kind trains there, and the reason says so', () => {
    const graph: Graph = {
      nodes: layerKinds
        .filter((kind) => kind.placeable !== false)
        .map((kind) => ({ id: kind.type, type: kind.type, params: {}, position: { x: 0, y: 0 } })),
      edges: [],
    };
    const blockedLayers = blockedLayersOf(graph);
    expect(blockedLayers.wasm).toBeUndefined();
    expect(rankBackends({ ...NO_GPU, gpu: SWIFTSHADER, blockedLayers })[0]).toEqual({
      backend: 'wasm',
      reason:
        'No GPU adapter: WebGPU is only available as a slow software fallback (SwiftShader). wasm runs this graph fastest on CPU.',
    });
  });
});

describe('lostWithin', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives what the browser said when the device is lost within the wait, as after a failed read', async () => {
    vi.useFakeTimers();
    let lose!: (detail: string) => void;
    const lost = new Promise<string>((resolve) => (lose = resolve));
    const answer = lostWithin(lost, 1000);
    await vi.advanceTimersByTimeAsync(5);
    lose('Device was destroyed.');
    await expect(answer).resolves.toBe('Device was destroyed.');
  });

  it('gives nothing when the device is still there after the wait, so the failure is reported as it is', async () => {
    vi.useFakeTimers();
    const answer = lostWithin(new Promise<string>(() => {}), 1000);
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void answer.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(answer).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
