import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Graph } from '../model/graph';
import { layerKinds } from '../model/layers';
import { blockedLayersOf, lostWithin, rankBackends, type BackendProbe } from './backend';

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

  it("leaves a real GPU that another trial worker holds, and says so", () => {
    const ranked = rankBackends({ ...NO_GPU, gpu: REAL_GPU, gpuReserved: true });
    expect(ranked.map((c) => c.backend)).toEqual(['wasm', 'cpu']);
    expect(ranked[0]!.reason).toBe('The GPU trains another trial of the sweep. wasm runs this graph fastest on CPU.');
    // Without a real GPU there is nothing to leave: the reason stays the usual one.
    expect(rankBackends({ ...NO_GPU, gpu: SWIFTSHADER, gpuReserved: true })).toEqual(rankBackends({ ...NO_GPU, gpu: SWIFTSHADER }));
    // A backend chosen by hand still comes first.
    expect(backends({ ...NO_GPU, gpu: REAL_GPU, gpuReserved: true, forced: 'webgpu' })).toEqual(['webgpu', 'wasm', 'cpu']);
  });

  it('always ends with cpu', () => {
    for (const gpu of [null, SWIFTSHADER, REAL_GPU])
      for (const wasm of [true, false]) expect(rankBackends({ gpu, wasm, blockedLayers: {} }).at(-1)!.backend).toBe('cpu');
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
      nodes: layerKinds.filter((kind) => kind.placeable !== false).map((kind) => ({ id: kind.type, type: kind.type, params: {}, position: { x: 0, y: 0 } })),
      edges: [],
    };
    const blockedLayers = blockedLayersOf(graph);
    expect(blockedLayers.wasm).toBeUndefined();
    expect(rankBackends({ ...NO_GPU, gpu: SWIFTSHADER, blockedLayers })[0]).toEqual({
      backend: 'wasm',
      reason: 'No GPU adapter: WebGPU is only available as a slow software fallback (SwiftShader). wasm runs this graph fastest on CPU.',
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
