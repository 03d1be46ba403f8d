import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import unsharedBytes, { sharedMemory as sharedBytes } from 'virtual:wasm-kernels';
import { mulberry32 } from '../../data/split';
import { HELPER_MAIN, type HelperStart, type HelperThread } from './kernelThreads';
import type { SimdKernels } from './wasmModule';

// The shared-memory build's gemm on a memory of its own, with helper threads in Node's workers
// (tfjs does not start its threaded backend in Node): every product must equal, bit for bit, the
// same product on the caller alone, since each tile of C is computed the same way by whichever
// thread takes it.

type Kernels = SimdKernels & { gemmControlBytes(): number; gemmThreads(control: number, helpers: number): void };

/** A helper in one of Node's worker threads, as spawnHelperWorker starts one in a Web Worker; resolves once it is ready. */
function spawnNodeHelper(start: HelperStart): Promise<HelperThread> {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads'); parentPort.once('message', (data) => (${HELPER_MAIN})(data, () => parentPort.postMessage('ready')));`,
    {
      eval: true,
    },
  );
  worker.postMessage(start);
  return new Promise((resolve) => worker.once('message', () => resolve({ terminate: () => void worker.terminate() })));
}

const PAGES = 1024; // 64 MiB
const memory = new WebAssembly.Memory({ initial: PAGES, maximum: 65536, shared: true });
const floats = new Float32Array(memory.buffer);
let module: WebAssembly.Module;
let kernels: Kernels;
let control: number;
const helpers: HelperThread[] = [];
const MAX_HELPERS = 3;

/** A bump allocator over `memory`, 16-byte aligned; `reset` frees everything after the control block. */
let next = 0;
const allocate = (count: number): number => {
  const address = next;
  next += Math.ceil((count * 4) / 16) * 16;
  if (next > memory.buffer.byteLength) throw new Error('the test memory is too small');
  return address;
};
const reset = () => (next = 1024);

beforeAll(async () => {
  module = await WebAssembly.compile(sharedBytes as BufferSource);
  kernels = (await WebAssembly.instantiate(module, { env: { memory } })).exports as unknown as Kernels;
  control = 0; // the first 1 KiB holds the control block
  for (let helper = 0; helper < MAX_HELPERS; helper++)
    helpers.push(await spawnNodeHelper({ module, memory, control, helper }));
});

afterAll(() => helpers.forEach((helper) => helper.terminate()));

interface Product {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  accumulate: boolean;
  /** Extra floats at the end of each row of A, B and C (a row stride wider than the row). */
  pad: number;
}

/** Lays out random A, B and C for `p`; returns the addresses. */
function place(p: Product, seed: number) {
  const random = mulberry32(seed);
  const [aRows, aCols] = p.transA ? [p.k, p.m] : [p.m, p.k];
  const [bRows, bCols] = p.transB ? [p.n, p.k] : [p.k, p.n];
  const lda = aCols + p.pad;
  const ldb = bCols + p.pad;
  const ldc = p.n + p.pad;
  const a = allocate(aRows * lda);
  const b = allocate(bRows * ldb);
  const c = allocate(p.m * ldc);
  for (const [at, count] of [
    [a, aRows * lda],
    [b, bRows * ldb],
    [c, p.m * ldc],
  ] as const)
    for (let i = 0; i < count; i++) floats[at / 4 + i] = random() * 2 - 1;
  return { a, lda, b, ldb, c, ldc };
}

/** C after the product on `threads` threads (1: the caller alone); leaves the kernels single-threaded. */
function productOn(threads: number, p: Product, seed: number): Float32Array {
  reset();
  const { a, lda, b, ldb, c, ldc } = place(p, seed);
  kernels.gemmThreads(control, threads - 1);
  const scratch = allocate(kernels.gemmScratchFloats(p.m, p.n, p.k));
  kernels.gemm(p.m, p.n, p.k, a, lda, p.transA, b, ldb, p.transB, c, ldc, p.accumulate, scratch);
  kernels.gemmThreads(control, 0);
  return floats.slice(c / 4, c / 4 + p.m * ldc);
}

/** How many values differ (NaN equal to NaN): 0 when bit for bit the same, or nearly. */
function differences(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let count = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) count++;
  return count;
}

function randomProduct(random: () => number): Product {
  const size = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  return {
    m: size(1, 400),
    n: size(1, 150),
    k: size(1, 200),
    transA: random() < 0.5,
    transB: random() < 0.5,
    accumulate: random() < 0.3,
    pad: random() < 0.3 ? size(1, 5) : 0,
  };
}

describe('gemm shared among threads', () => {
  it('gives the single-threaded product bit for bit, over random shapes, layouts and thread counts', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 60; trial++) {
      const p = randomProduct(random);
      const alone = productOn(1, p, trial);
      for (const threads of [2, 4])
        expect(differences(productOn(threads, p, trial), alone), JSON.stringify({ ...p, threads })).toBe(0);
    }
  });

  it('is a product at all: the caller alone matches a plain loop', () => {
    const p: Product = { m: 37, n: 29, k: 41, transA: true, transB: false, accumulate: true, pad: 2 };
    reset();
    const { a, lda, b, ldb, c, ldc } = place(p, 5);
    const before = floats.slice(c / 4, c / 4 + p.m * ldc);
    const expected = Float64Array.from(before);
    for (let i = 0; i < p.m; i++)
      for (let j = 0; j < p.n; j++) {
        let sum = 0;
        for (let q = 0; q < p.k; q++) sum += floats[a / 4 + q * lda + i]! * floats[b / 4 + q * ldb + j]!;
        expected[i * ldc + j] = before[i * ldc + j]! + sum;
      }
    const after = productOn(1, p, 5);
    for (let i = 0; i < after.length; i++) expect(after[i]).toBeCloseTo(expected[i]!, 4);
  });

  it('hands work to the helpers (their scratch is written) and stays right over many products in a row', () => {
    // Large enough to share: the helpers pack A panels into their own scratch slots.
    const p: Product = { m: 256, n: 64, k: 128, transA: false, transB: true, accumulate: false, pad: 0 };
    const alone = productOn(1, p, 99);
    reset();
    const { a, lda, b, ldb, c, ldc } = place(p, 99);
    const scratch = allocate(kernels.gemmScratchFloats(p.m, p.n, p.k) + 2 * (4 * p.k + 32));
    // Scratch slot 1 (the first helper's) starts after B's packed panels and the caller's slot.
    const slot1 = scratch / 4 + Math.ceil(p.n / 8) * 8 * p.k + 4 * p.k + 32;
    floats.fill(NaN, slot1, slot1 + 4 * p.k);
    kernels.gemmThreads(control, 2);
    let products = 0;
    let helped = false;
    while (products < 3000 && !(helped && products >= 200)) {
      kernels.gemm(p.m, p.n, p.k, a, lda, p.transA, b, ldb, p.transB, c, ldc, p.accumulate, scratch);
      expect(differences(floats.subarray(c / 4, c / 4 + p.m * ldc), alone)).toBe(0);
      helped ||= !Number.isNaN(floats[slot1]!);
      products++;
    }
    kernels.gemmThreads(control, 0);
    expect(helped).toBe(true);
  });

  it('leaves the build for unshared memory without threads', async () => {
    const unshared = new WebAssembly.Memory({ initial: 16 });
    const alone = (
      await WebAssembly.instantiate(await WebAssembly.compile(unsharedBytes as BufferSource), {
        env: { memory: unshared },
      })
    ).exports as unknown as Kernels;
    alone.gemmThreads(0, 3);
    kernels.gemmThreads(control, 0);
    // The scratch asked for counts one thread: its products never share.
    expect(alone.gemmScratchFloats(64, 64, 64)).toBe(kernels.gemmScratchFloats(64, 64, 64));
  });
});
