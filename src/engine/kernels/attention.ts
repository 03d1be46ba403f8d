/**
 * Multi-head attention as one forward and one backward kernel: the four projections, the scaled
 * scores, the causal mask, the softmax, the dropout mask and the mix. tfjs runs the layer's own
 * call as ~25 kernels forward and ~50 backward, each with its own dispatch, allocation and (for a
 * head split) transpose copy; on the Transformer bench that dispatch, not the arithmetic, was the
 * cost. Both kernels read the per-head blocks in place with strides instead of transposing.
 *
 * The algorithm is written once, over `MatrixOps`: on cpu in plain JavaScript, on wasm through the
 * engine's SIMD kernels (assembly/gemm.ts, assembly/attention.ts) on tfjs's own memory. The fused
 * layer (engine/fused/attention.ts) runs them through `tf.customGrad`.
 *
 * Layouts (row-major): q and k are [batch, steps, heads, keyDim], v is [batch, valueSteps, heads,
 * valueDim] — the projections' own output, read per head with a row stride of heads·width; the
 * attention weights `probs` are [batch, heads, querySteps, valueSteps] (tf.dropout's mask has that
 * shape too); `mixed`, the heads side by side, is [batch, querySteps, heads, valueDim].
 */
import * as tf from '@tensorflow/tfjs';
import { addressOf, simdKernels, type WasmBackend } from './wasmModule';

/** Outputs: the layer's output, then q (scaled), k, v, probs (before dropout) and mixed, which the gradient reads. */
export const ATTENTION = 'TensorloomAttention';
/** Outputs: the gradients of the forward kernel's inputs, in their order, the dropout mask excepted. */
export const ATTENTION_GRAD = 'TensorloomAttentionGrad';

export interface AttentionAttrs {
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly causal: boolean;
}

/**
 * The forward kernel's inputs. Without `value` it is self-attention on `query`; the biases come
 * all or none; `dropoutMask` ([batch, heads, querySteps, valueSteps], 0 or 1/keep) multiplies the
 * attention weights while training.
 */
type AttentionInput =
  | 'query'
  | 'value'
  | 'queryKernel'
  | 'queryBias'
  | 'keyKernel'
  | 'keyBias'
  | 'valueKernel'
  | 'valueBias'
  | 'outputKernel'
  | 'outputBias'
  | 'dropoutMask';

/** What the gradient kernel reads: dy, the forward's inputs it needs, and the forward's outputs but the first. */
export const ATTENTION_GRAD_INPUTS = [
  'dy',
  'query',
  'value',
  'queryKernel',
  'keyKernel',
  'valueKernel',
  'outputKernel',
  'q',
  'k',
  'v',
  'probs',
  'mixed',
  'dropoutMask',
] as const;
type AttentionGradInput = (typeof ATTENTION_GRAD_INPUTS)[number];

interface Dims {
  readonly batch: number;
  readonly querySteps: number;
  readonly valueSteps: number;
  readonly heads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly queryWidth: number;
  readonly valueWidth: number;
}

/**
 * Row-major float matrices somewhere in memory (`P` says where one starts: a byte address on
 * wasm, an array and an index on cpu) and the steps attention takes on them. Row strides are in
 * floats; a matrix with no stride given is contiguous.
 */
interface MatrixOps<P> {
  at(p: P, floats: number): P;
  /** Scratch space, freed when the kernel ends. */
  allocate(floats: number): P;
  /** C[m, n] (row stride ldc) = A·B, or += when `accumulate`; A is [m, k] or, transposed, [k, m]; B is [k, n] or [n, k]. */
  gemm(
    m: number,
    n: number,
    k: number,
    a: P,
    lda: number,
    transA: boolean,
    b: P,
    ldb: number,
    transB: boolean,
    c: P,
    ldc: number,
    accumulate: boolean,
  ): void;
  addRowVector(rows: number, cols: number, x: P, vector: P): void;
  scale(count: number, x: P, factor: number): void;
  multiply(count: number, x: P, y: P, out: P): void;
  /** out[c] = Σ_r x[r, c]. */
  sumRows(rows: number, cols: number, x: P, out: P): void;
  /** In place; with a causalPeriod, row r (query step r mod period) weighs the value steps after it 0. */
  softmaxRows(rows: number, cols: number, x: P, causalPeriod: number): void;
  /** dp ← p ⊙ dp − rowsum(p ⊙ dp) ⊙ p (tfjs's order), in place. */
  softmaxGradRows(rows: number, cols: number, p: P, dp: P): void;
}

/** Calls `each(b, h)` for every batch row and head. */
function forEachHead({ batch, heads }: Dims, each: (b: number, h: number) => void): void {
  for (let b = 0; b < batch; b++) for (let h = 0; h < heads; h++) each(b, h);
}

/** y[rows, outputs] = x[rows, inputs]·kernel (+ bias). */
function project<P>(
  ops: MatrixOps<P>,
  rows: number,
  inputs: number,
  outputs: number,
  x: P,
  kernel: P,
  bias: P | undefined,
  y: P,
): void {
  ops.gemm(rows, outputs, inputs, x, inputs, false, kernel, outputs, false, y, outputs, false);
  if (bias !== undefined) ops.addRowVector(rows, outputs, y, bias);
}

type Buffers<Name extends string, P> = Partial<Record<Name, P>>;

function attentionForward<P>(
  ops: MatrixOps<P>,
  dims: Dims,
  causal: boolean,
  input: Buffers<AttentionInput, P>,
  out: Record<'output' | 'q' | 'k' | 'v' | 'probs' | 'mixed', P>,
): void {
  const { batch, querySteps, valueSteps, heads, keyDim, valueDim, queryWidth, valueWidth } = dims;
  const value = input.value ?? input.query!;
  const [keysWide, valuesWide, scores] = [heads * keyDim, heads * valueDim, querySteps * valueSteps];
  project(ops, batch * querySteps, queryWidth, keysWide, input.query!, input.queryKernel!, input.queryBias, out.q);
  // Keras scales the queries, not the scores.
  ops.scale(batch * querySteps * keysWide, out.q, 1 / Math.sqrt(keyDim));
  project(ops, batch * valueSteps, valueWidth, keysWide, value, input.keyKernel!, input.keyBias, out.k);
  project(ops, batch * valueSteps, valueWidth, valuesWide, value, input.valueKernel!, input.valueBias, out.v);
  forEachHead(dims, (b, h) =>
    ops.gemm(
      querySteps,
      valueSteps,
      keyDim,
      ops.at(out.q, (b * querySteps * heads + h) * keyDim),
      keysWide,
      false,
      ops.at(out.k, (b * valueSteps * heads + h) * keyDim),
      keysWide,
      true,
      ops.at(out.probs, (b * heads + h) * scores),
      valueSteps,
      false,
    ),
  );
  ops.softmaxRows(batch * heads * querySteps, valueSteps, out.probs, causal ? querySteps : 0);
  const weights = droppedOut(ops, batch * heads * scores, out.probs, input.dropoutMask);
  forEachHead(dims, (b, h) =>
    ops.gemm(
      querySteps,
      valueDim,
      valueSteps,
      ops.at(weights, (b * heads + h) * scores),
      valueSteps,
      false,
      ops.at(out.v, (b * valueSteps * heads + h) * valueDim),
      valuesWide,
      false,
      ops.at(out.mixed, (b * querySteps * heads + h) * valueDim),
      valuesWide,
      false,
    ),
  );
  project(
    ops,
    batch * querySteps,
    valuesWide,
    queryWidth,
    out.mixed,
    input.outputKernel!,
    input.outputBias,
    out.output,
  );
}

/** The attention weights the mix uses: probs, or probs ⊙ mask in scratch while training with dropout. */
function droppedOut<P>(ops: MatrixOps<P>, count: number, probs: P, mask: P | undefined): P {
  if (mask === undefined) return probs;
  const dropped = ops.allocate(count);
  ops.multiply(count, probs, mask, dropped);
  return dropped;
}

/** The gradients, where the gradient kernel writes them; `dValue` and the biases' only when the forward had them. */
type Gradients<P> = Record<'dQuery' | 'dQueryKernel' | 'dKeyKernel' | 'dValueKernel' | 'dOutputKernel', P> &
  Partial<Record<'dValue' | 'dQueryBias' | 'dKeyBias' | 'dValueBias' | 'dOutputBias', P>>;

function attentionBackward<P>(
  ops: MatrixOps<P>,
  dims: Dims,
  input: Buffers<AttentionGradInput, P>,
  grads: Gradients<P>,
): void {
  const { batch, querySteps, valueSteps, heads, keyDim, valueDim, queryWidth, valueWidth } = dims;
  const [keysWide, valuesWide, scores] = [heads * keyDim, heads * valueDim, querySteps * valueSteps];
  const [queryRows, valueRows] = [batch * querySteps, batch * valueSteps];
  const { dy, q, k, v, probs, mixed } = input as Required<typeof input>;
  const value = input.value ?? input.query!;

  ops.gemm(
    valuesWide,
    queryWidth,
    queryRows,
    mixed,
    valuesWide,
    true,
    dy,
    queryWidth,
    false,
    grads.dOutputKernel,
    queryWidth,
    false,
  );
  if (grads.dOutputBias !== undefined) ops.sumRows(queryRows, queryWidth, dy, grads.dOutputBias);
  const dMixed = ops.allocate(queryRows * valuesWide);
  ops.gemm(
    queryRows,
    valuesWide,
    queryWidth,
    dy,
    queryWidth,
    false,
    input.outputKernel!,
    queryWidth,
    true,
    dMixed,
    valuesWide,
    false,
  );

  const weights = droppedOut(ops, batch * heads * scores, probs, input.dropoutMask);
  const dScores = ops.allocate(batch * heads * scores);
  const dv = ops.allocate(valueRows * valuesWide);
  forEachHead(dims, (b, h) => {
    const dMixedHead = ops.at(dMixed, (b * querySteps * heads + h) * valueDim);
    const weightsHead = ops.at(weights, (b * heads + h) * scores);
    ops.gemm(
      querySteps,
      valueSteps,
      valueDim,
      dMixedHead,
      valuesWide,
      false,
      ops.at(v, (b * valueSteps * heads + h) * valueDim),
      valuesWide,
      true,
      ops.at(dScores, (b * heads + h) * scores),
      valueSteps,
      false,
    );
    ops.gemm(
      valueSteps,
      valueDim,
      querySteps,
      weightsHead,
      valueSteps,
      true,
      dMixedHead,
      valuesWide,
      false,
      ops.at(dv, (b * valueSteps * heads + h) * valueDim),
      valuesWide,
      false,
    );
  });
  if (input.dropoutMask !== undefined) ops.multiply(batch * heads * scores, dScores, input.dropoutMask, dScores);
  ops.softmaxGradRows(batch * heads * querySteps, valueSteps, probs, dScores);

  const dq = ops.allocate(queryRows * keysWide);
  const dk = ops.allocate(valueRows * keysWide);
  forEachHead(dims, (b, h) => {
    const dScoresHead = ops.at(dScores, (b * heads + h) * scores);
    const [queryAt, keyAt] = [(b * querySteps * heads + h) * keyDim, (b * valueSteps * heads + h) * keyDim];
    ops.gemm(
      querySteps,
      keyDim,
      valueSteps,
      dScoresHead,
      valueSteps,
      false,
      ops.at(k, keyAt),
      keysWide,
      false,
      ops.at(dq, queryAt),
      keysWide,
      false,
    );
    ops.gemm(
      valueSteps,
      keyDim,
      querySteps,
      dScoresHead,
      valueSteps,
      true,
      ops.at(q, queryAt),
      keysWide,
      false,
      ops.at(dk, keyAt),
      keysWide,
      false,
    );
  });
  // q was scaled after its projection: the projection's gradient is scaled alike.
  ops.scale(queryRows * keysWide, dq, 1 / Math.sqrt(keyDim));

  ops.gemm(
    queryWidth,
    keysWide,
    queryRows,
    input.query!,
    queryWidth,
    true,
    dq,
    keysWide,
    false,
    grads.dQueryKernel,
    keysWide,
    false,
  );
  ops.gemm(
    valueWidth,
    keysWide,
    valueRows,
    value,
    valueWidth,
    true,
    dk,
    keysWide,
    false,
    grads.dKeyKernel,
    keysWide,
    false,
  );
  ops.gemm(
    valueWidth,
    valuesWide,
    valueRows,
    value,
    valueWidth,
    true,
    dv,
    valuesWide,
    false,
    grads.dValueKernel,
    valuesWide,
    false,
  );
  if (grads.dQueryBias !== undefined) ops.sumRows(queryRows, keysWide, dq, grads.dQueryBias);
  if (grads.dKeyBias !== undefined) ops.sumRows(valueRows, keysWide, dk, grads.dKeyBias);
  if (grads.dValueBias !== undefined) ops.sumRows(valueRows, valuesWide, dv, grads.dValueBias);

  ops.gemm(
    queryRows,
    queryWidth,
    keysWide,
    dq,
    keysWide,
    false,
    input.queryKernel!,
    keysWide,
    true,
    grads.dQuery,
    queryWidth,
    false,
  );
  // Self-attention: the keys and values came from the query too, so their gradients add to its own.
  const dValue = grads.dValue ?? grads.dQuery;
  const selfAttention = grads.dValue === undefined;
  ops.gemm(
    valueRows,
    valueWidth,
    keysWide,
    dk,
    keysWide,
    false,
    input.keyKernel!,
    keysWide,
    true,
    dValue,
    valueWidth,
    selfAttention,
  );
  ops.gemm(
    valueRows,
    valueWidth,
    valuesWide,
    dv,
    valuesWide,
    false,
    input.valueKernel!,
    valuesWide,
    true,
    dValue,
    valueWidth,
    true,
  );
}

function dimsOf(
  query: tf.TensorInfo,
  value: tf.TensorInfo | undefined,
  { numHeads, keyDim, valueDim }: Omit<AttentionAttrs, 'causal'>,
): Dims {
  const [batch = 0, querySteps = 0, queryWidth = 0] = query.shape;
  const [, valueSteps = 0, valueWidth = 0] = (value ?? query).shape;
  return { batch, querySteps, valueSteps, heads: numHeads, keyDim, valueDim, queryWidth, valueWidth };
}

/** A backend's side of the kernels: its tensors as `P`s, its outputs, its scratch. */
interface KernelMemory<P> {
  readonly ops: MatrixOps<P>;
  input(info: tf.TensorInfo): P;
  output(shape: readonly number[]): { info: tf.TensorInfo; at: P };
  /** Frees the scratch `ops.allocate` gave. */
  release(): void;
}

function forwardKernel<P>(memoryOf: (backend: unknown) => KernelMemory<P>): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const memory = memoryOf(backend);
    const { causal, ...sizes } = attrs as unknown as AttentionAttrs;
    const named = inputs as Partial<Record<AttentionInput, tf.TensorInfo>>;
    const dims = dimsOf(named.query!, named.value, sizes);
    const { batch, querySteps, valueSteps, heads, keyDim, valueDim, queryWidth } = dims;
    const outputs = {
      output: memory.output([batch, querySteps, queryWidth]),
      q: memory.output([batch, querySteps, heads, keyDim]),
      k: memory.output([batch, valueSteps, heads, keyDim]),
      v: memory.output([batch, valueSteps, heads, valueDim]),
      probs: memory.output([batch, heads, querySteps, valueSteps]),
      mixed: memory.output([batch, querySteps, heads, valueDim]),
    };
    try {
      attentionForward(
        memory.ops,
        dims,
        causal,
        buffersOf(memory, named),
        mapValues(outputs, (o) => o.at),
      );
    } finally {
      memory.release();
    }
    return Object.values(outputs).map((o) => o.info);
  };
}

function backwardKernel<P>(memoryOf: (backend: unknown) => KernelMemory<P>): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const memory = memoryOf(backend);
    const { useBias, ...sizes } = attrs as unknown as Omit<AttentionAttrs, 'causal'> & { useBias: boolean };
    const named = inputs as Partial<Record<AttentionGradInput, tf.TensorInfo>>;
    const dims = dimsOf(named.query!, named.value, sizes);
    const { heads, keyDim, valueDim, queryWidth, valueWidth } = dims;
    const gradient = (shape: readonly number[], when = true) => (when ? memory.output(shape) : undefined);
    const outputs = {
      dQuery: gradient(named.query!.shape),
      dValue: gradient(named.value?.shape ?? [], named.value !== undefined),
      dQueryKernel: gradient([queryWidth, heads, keyDim]),
      dQueryBias: gradient([heads, keyDim], useBias),
      dKeyKernel: gradient([valueWidth, heads, keyDim]),
      dKeyBias: gradient([heads, keyDim], useBias),
      dValueKernel: gradient([valueWidth, heads, valueDim]),
      dValueBias: gradient([heads, valueDim], useBias),
      dOutputKernel: gradient([heads, valueDim, queryWidth]),
      dOutputBias: gradient([queryWidth], useBias),
    };
    try {
      attentionBackward(memory.ops, dims, buffersOf(memory, named), mapValues(outputs, (o) => o?.at) as Gradients<P>);
    } finally {
      memory.release();
    }
    return Object.values(outputs).flatMap((o) => (o ? [o.info] : []));
  };
}

function buffersOf<Name extends string, P>(
  memory: KernelMemory<P>,
  named: Partial<Record<Name, tf.TensorInfo>>,
): Buffers<Name, P> {
  return Object.fromEntries(
    Object.entries<tf.TensorInfo | undefined>(named).map(([name, info]) => [name, info && memory.input(info)]),
  ) as Buffers<Name, P>;
}

function mapValues<K extends string, A, B>(record: Record<K, A>, f: (a: A) => B): Record<K, B> {
  return Object.fromEntries(Object.entries(record).map(([key, a]) => [key, f(a as A)])) as Record<K, B>;
}

/* The cpu backend: plain JavaScript over its typed arrays. */

interface CpuAt {
  readonly data: Float32Array;
  readonly at: number;
}

/** tfjs's cpu BatchMatMul sums this many products at a time in double precision (MathBackendCPU.blockSize). */
const CPU_BLOCK = 48;

/**
 * Each step rounds where tfjs's cpu kernels round (a product's blocks of 48 summed in double, then
 * added to the float32 result; the softmax's max, f32 difference, exp, double sum and division),
 * so the fused forward gives the layer's own numbers exactly on cpu.
 */
const CPU_OPS: MatrixOps<CpuAt> = {
  at: ({ data, at }, floats) => ({ data, at: at + floats }),
  allocate: (floats) => ({ data: new Float32Array(floats), at: 0 }),
  gemm(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate) {
    const [A, B, C] = [a.data, b.data, c.data];
    const [aRowStep, aStep] = transA ? [1, lda] : [lda, 1];
    const [bStep, bColumnStep] = transB ? [1, ldb] : [ldb, 1];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const at = c.at + i * ldc + j;
        let value = accumulate ? C[at]! : 0;
        for (let p0 = 0; p0 < k; p0 += CPU_BLOCK) {
          let sum = 0;
          let aAt = a.at + i * aRowStep + p0 * aStep;
          let bAt = b.at + j * bColumnStep + p0 * bStep;
          for (let p = p0; p < Math.min(p0 + CPU_BLOCK, k); p++, aAt += aStep, bAt += bStep) sum += A[aAt]! * B[bAt]!;
          value = Math.fround(value + sum);
        }
        C[at] = value;
      }
    }
  },
  addRowVector(rows, cols, x, vector) {
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) x.data[x.at + r * cols + c]! += vector.data[vector.at + c]!;
  },
  scale(count, x, factor) {
    const f32Factor = Math.fround(factor);
    for (let i = 0; i < count; i++) x.data[x.at + i]! *= f32Factor;
  },
  multiply(count, x, y, out) {
    for (let i = 0; i < count; i++) out.data[out.at + i] = x.data[x.at + i]! * y.data[y.at + i]!;
  },
  sumRows(rows, cols, x, out) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += x.data[x.at + r * cols + c]!;
      out.data[out.at + c] = sum;
    }
  },
  softmaxRows(rows, cols, { data, at }, causalPeriod) {
    for (let r = 0; r < rows; r++) {
      const row = at + r * cols;
      const visible = causalPeriod > 0 ? Math.min(cols, (r % causalPeriod) + 1) : cols;
      let largest = -Infinity;
      for (let c = 0; c < visible; c++) largest = Math.max(largest, data[row + c]!);
      let sum = 0;
      for (let c = 0; c < visible; c++) {
        data[row + c] = Math.exp(Math.fround(data[row + c]! - largest));
        sum += data[row + c]!;
      }
      const f32Sum = Math.fround(sum);
      for (let c = 0; c < visible; c++) data[row + c]! /= f32Sum;
      data.fill(0, row + visible, row + cols);
    }
  },
  softmaxGradRows(rows, cols, p, dp) {
    for (let r = 0; r < rows; r++) {
      const [pRow, dpRow] = [p.at + r * cols, dp.at + r * cols];
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += Math.fround(p.data[pRow + c]! * dp.data[dpRow + c]!);
      const f32Dot = Math.fround(dot);
      for (let c = 0; c < cols; c++) {
        const pc = p.data[pRow + c]!;
        dp.data[dpRow + c] = Math.fround(pc * dp.data[dpRow + c]!) - Math.fround(f32Dot * pc);
      }
    }
  },
};

type CpuBackend = {
  readSync(id: tf.DataId): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
};

function cpuMemory(untyped: unknown): KernelMemory<CpuAt> {
  const backend = untyped as CpuBackend;
  return {
    ops: CPU_OPS,
    input: (info) => ({ data: backend.readSync(info.dataId) as Float32Array, at: 0 }),
    output(shape) {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      // The cpu backend keeps `data` itself, so the kernel may fill it after.
      return { info: backend.makeTensorInfo([...shape], 'float32', data), at: { data, at: 0 } };
    },
    release: () => undefined,
  };
}

/* The wasm backend: the SIMD kernels on its memory, in place. */

function wasmMemory(untyped: unknown): KernelMemory<number> {
  const backend = untyped as WasmBackend;
  const kernels = simdKernels();
  const allocations: number[] = [];
  const allocate = (floats: number) => {
    const raw = backend.wasm._malloc(floats * 4 + 16);
    allocations.push(raw);
    return (raw + 15) & ~15;
  };
  let gemmScratch = { address: 0, floats: 0 };
  return {
    ops: {
      at: (address, floats) => address + floats * 4,
      allocate,
      gemm(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate) {
        const floats = kernels.gemmScratchFloats(m, n, k);
        if (floats > gemmScratch.floats) gemmScratch = { address: allocate(floats), floats };
        kernels.gemm(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate, gemmScratch.address);
      },
      addRowVector: (rows, cols, x, vector) => kernels.addRowVector(rows, cols, x, vector),
      scale: (count, x, factor) => kernels.scaleFloats(count, x, factor),
      multiply: (count, x, y, out) => kernels.multiplyFloats(count, x, y, out),
      sumRows: (rows, cols, x, out) => kernels.sumRows(rows, cols, x, out),
      softmaxRows: (rows, cols, x, causalPeriod) => kernels.softmaxRows(rows, cols, x, causalPeriod),
      softmaxGradRows: (rows, cols, p, dp) => kernels.softmaxGradRows(rows, cols, p, dp),
    },
    input: (info) => addressOf(backend, info),
    output(shape) {
      const info = backend.makeOutput([...shape], 'float32');
      return { info, at: addressOf(backend, info) };
    },
    release: () => allocations.forEach((raw) => backend.wasm._free(raw)),
  };
}

export const attentionWasmKernel = forwardKernel(wasmMemory);
export const attentionGradWasmKernel = backwardKernel(wasmMemory);
const attentionCpuKernel = forwardKernel(cpuMemory);
const attentionGradCpuKernel = backwardKernel(cpuMemory);

/** Registers the cpu kernels (the wasm ones are in wasmKernels.ts's catalog); calling again is harmless. */
export function registerAttentionCpuKernels(): void {
  if (!tf.getKernel(ATTENTION, 'cpu'))
    tf.registerKernel({ kernelName: ATTENTION, backendName: 'cpu', kernelFunc: attentionCpuKernel });
  if (!tf.getKernel(ATTENTION_GRAD, 'cpu'))
    tf.registerKernel({ kernelName: ATTENTION_GRAD, backendName: 'cpu', kernelFunc: attentionGradCpuKernel });
}
