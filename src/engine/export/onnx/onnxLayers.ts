/**
 * One ONNX writer per tfjs layer class. Tensors stay channels-last (NHWC, as Keras and tfjs keep
 * them) between layers; the convolutions and poolings, which ONNX defines channels-first (NCHW),
 * transpose their input in and their output back (onnxruntime folds such pairs away).
 * A writer throws `Unsupported` with the reason when a configuration has no ONNX twin.
 */
import {
  float,
  int,
  ints,
  permute,
  string,
  strings,
  type Attribute,
  type FloatTensor,
  type OnnxGraph,
} from './onnxGraph';

/** What a writer knows of one layer: its class, tfjs config, input shapes and weights. */
export interface LayerView {
  readonly name: string;
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Keras-style, batch first (null). */
  readonly inputShapes: readonly (readonly (number | null)[])[];
  /** The weight whose name ends with `/${suffix}`, inside the path segment starting with `within` when given. */
  weight(suffix: string, within?: string): FloatTensor;
  hasWeight(suffix: string, within?: string): boolean;
}

export type LayerWriter = (layer: LayerView, g: OnnxGraph, inputs: readonly string[]) => string;

/** A layer, or one of its settings, that ONNX export does not write. */
export class Unsupported extends Error {}

/** The one input of a single-input layer. */
const only = (inputs: readonly string[]): string => inputs[0]!;

/** tfjs activation names → ONNX nodes. */
export function activation(g: OnnxGraph, name: unknown, x: string): string {
  switch (name) {
    case 'linear':
    case undefined:
      return x;
    case 'relu':
      return g.op('Relu', [x]);
    case 'relu6':
      return g.op('Clip', [x, g.scalar('zero', 0), g.scalar('six', 6)]);
    case 'elu':
      return g.op('Elu', [x], { alpha: float(1) });
    case 'selu':
      // ONNX's defaults are tfjs's constants, as float32.
      return g.op('Selu', [x]);
    case 'sigmoid':
      return g.op('Sigmoid', [x]);
    case 'hardSigmoid':
      return g.op('HardSigmoid', [x], { alpha: float(0.2), beta: float(0.5) });
    case 'tanh':
      return g.op('Tanh', [x]);
    case 'softplus':
      return g.op('Softplus', [x]);
    case 'softsign':
      return g.op('Softsign', [x]);
    case 'softmax':
      return g.op('Softmax', [x], { axis: int(-1) });
    case 'logSoftmax':
      return g.op('LogSoftmax', [x], { axis: int(-1) });
    case 'swish':
      return g.op('Mul', [x, g.op('Sigmoid', [x])]);
    case 'mish':
      return g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x])])]);
    case 'gelu': {
      // The exact GELU, as tfjs computes it: x · ½(1 + erf(x / √2)). ONNX's Gelu op needs opset 20.
      const erf = g.op('Erf', [g.op('Div', [x, g.scalar('sqrt2', Math.SQRT2)])]);
      return g.op('Mul', [x, g.op('Mul', [g.scalar('half', 0.5), g.op('Add', [erf, g.scalar('one', 1)])])]);
    }
    default:
      throw new Unsupported(`the activation ${String(name)}`);
  }
}

// ── channels-last ⇄ channels-first ────────────────────────────────────────────

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const toChannelsFirst = (g: OnnxGraph, x: string, rank: number) =>
  g.op('Transpose', [x], { perm: ints([0, rank + 1, ...range(rank).map((i) => i + 1)]) });
const toChannelsLast = (g: OnnxGraph, x: string, rank: number) =>
  g.op('Transpose', [x], { perm: ints([0, ...range(rank).map((i) => i + 2), 1]) });

/** A number or a per-axis list in tfjs configs, as one number per spatial axis. */
function perAxis(value: unknown, rank: number, what: string): number[] {
  const values = Array.isArray(value) ? (value as number[]) : Array.from({ length: rank }, () => value as number);
  if (values.length !== rank || values.some((v) => typeof v !== 'number'))
    throw new Unsupported(`${what} ${JSON.stringify(value)}`);
  return values;
}

function requireChannelsLast(layer: LayerView): void {
  if (layer.config.dataFormat !== undefined && layer.config.dataFormat !== 'channelsLast')
    throw new Unsupported(`data format ${String(layer.config.dataFormat)}`);
}

/** ONNX padding attributes for tfjs's 'valid' and 'same' (TF pads the odd cell at the end: SAME_UPPER). */
function paddingOf(layer: LayerView, rank: number): Record<string, Attribute> {
  switch (layer.config.padding) {
    case 'valid':
      return { pads: ints(new Array<number>(2 * rank).fill(0)) };
    case 'same':
      return { auto_pad: string('SAME_UPPER') };
    default:
      throw new Unsupported(`padding ${String(layer.config.padding)}`);
  }
}

/** A spatial op (Conv, MaxPool …) run channels-first between two transposes. */
function channelsFirst(g: OnnxGraph, x: string, rank: number, run: (xT: string) => string): string {
  return toChannelsLast(g, run(toChannelsFirst(g, x, rank)), rank);
}

// ── convolutions ──────────────────────────────────────────────────────────────

/** The bias as the op's optional last input: none when the layer has no bias. */
function biasInput(layer: LayerView, g: OnnxGraph): string[] {
  return layer.hasWeight('bias') ? [g.floats('bias', layer.weight('bias'))] : [];
}

function convolution(rank: number): LayerWriter {
  return (layer, g, inputs) => {
    requireChannelsLast(layer);
    const kernel = layer.weight('kernel');
    const kernelShape = kernel.shape.slice(0, rank);
    const strides = perAxis(layer.config.strides, rank, 'strides');
    const dilations = perAxis(layer.config.dilationRate, rank, 'dilation rate');
    // tfjs: (…window, in, out); ONNX: (out, in, …window).
    const w = g.floats('kernel', permute(kernel, [rank + 1, rank, ...range(rank)]));
    const b = biasInput(layer, g);
    const y = channelsFirst(g, only(inputs), rank, (xT) =>
      g.op('Conv', [xT, w, ...b], {
        kernel_shape: ints(kernelShape),
        strides: ints(strides),
        dilations: ints(dilations),
        ...paddingOf(layer, rank),
      }),
    );
    return activation(g, layer.config.activation, y);
  };
}

/** A depthwise kernel (kh, kw, in, multiplier) as a grouped Conv's weight (in · multiplier, 1, kh, kw): output channel c·m + j. */
function depthwiseWeight({ values, shape }: FloatTensor): FloatTensor {
  const [kh, kw, channels, multiplier] = shape as [number, number, number, number];
  const flat = permute({ values, shape: [kh, kw, channels * multiplier] }, [2, 0, 1]);
  return { values: flat.values, shape: [channels * multiplier, 1, kh, kw] };
}

/** The depthwise step, channels-first: one group per input channel, `multiplier` filters each. */
function depthwiseStep(
  layer: LayerView,
  g: OnnxGraph,
  xT: string,
  kernel: FloatTensor,
  bias: readonly string[],
): string {
  return g.op('Conv', [xT, g.floats('depthwise_kernel', depthwiseWeight(kernel)), ...bias], {
    group: int(kernel.shape[2]!),
    kernel_shape: ints(kernel.shape.slice(0, 2)),
    strides: ints(perAxis(layer.config.strides, 2, 'strides')),
    dilations: ints(perAxis(layer.config.dilationRate, 2, 'dilation rate')),
    ...paddingOf(layer, 2),
  });
}

const depthwiseConv2d: LayerWriter = (layer, g, inputs) => {
  requireChannelsLast(layer);
  const bias = biasInput(layer, g);
  const y = channelsFirst(g, only(inputs), 2, (xT) =>
    depthwiseStep(layer, g, xT, layer.weight('depthwise_kernel'), bias),
  );
  return activation(g, layer.config.activation, y);
};

/** A depthwise step without bias, then a 1×1 convolution across channels with it. */
const separableConv2d: LayerWriter = (layer, g, inputs) => {
  requireChannelsLast(layer);
  const pointwise = g.floats('pointwise_kernel', permute(layer.weight('pointwise_kernel'), [3, 2, 0, 1]));
  const bias = biasInput(layer, g);
  const y = channelsFirst(g, only(inputs), 2, (xT) => {
    const spread = depthwiseStep(layer, g, xT, layer.weight('depthwise_kernel'), []);
    return g.op('Conv', [spread, pointwise, ...bias], { kernel_shape: ints([1, 1]) });
  });
  return activation(g, layer.config.activation, y);
};

/**
 * Keras sizes a transposed convolution's output as input · stride (same) or input · stride +
 * max(kernel − stride, 0) (valid); ONNX's is stride · (input − 1) + kernel − pads + output_padding.
 * 'same' crops what the forward convolution would have padded, the smaller half first.
 */
const conv2dTranspose: LayerWriter = (layer, g, inputs) => {
  requireChannelsLast(layer);
  const kernel = layer.weight('kernel');
  const window = kernel.shape.slice(0, 2);
  const strides = perAxis(layer.config.strides, 2, 'strides');
  if (perAxis(layer.config.dilationRate ?? 1, 2, 'dilation rate').some((d) => d !== 1))
    throw new Unsupported('a dilated transposed convolution');
  const crop = window.map((k, i) => (layer.config.padding === 'same' ? Math.max(k - strides[i]!, 0) : 0));
  const pads = [...crop.map((total) => Math.floor(total / 2)), ...crop.map((total) => total - Math.floor(total / 2))];
  const outputPadding = window.map((k, i) => Math.max(strides[i]! - k, 0));
  // tfjs: (kh, kw, out, in); ONNX ConvTranspose: (in, out, kh, kw).
  const w = g.floats('kernel', permute(kernel, [3, 2, 0, 1]));
  const b = biasInput(layer, g);
  const y = channelsFirst(g, only(inputs), 2, (xT) =>
    g.op('ConvTranspose', [xT, w, ...b], {
      kernel_shape: ints(window),
      strides: ints(strides),
      pads: ints(pads),
      output_padding: ints(outputPadding),
    }),
  );
  return activation(g, layer.config.activation, y);
};

// ── pooling ───────────────────────────────────────────────────────────────────

function pooling(opType: 'MaxPool' | 'AveragePool', rank: number): LayerWriter {
  return (layer, g, inputs) => {
    requireChannelsLast(layer);
    const window = perAxis(layer.config.poolSize, rank, 'pool size');
    const strides = perAxis(layer.config.strides ?? layer.config.poolSize, rank, 'strides');
    // ONNX AveragePool leaves padding out of the mean by default (count_include_pad = 0), as TF does.
    return channelsFirst(g, only(inputs), rank, (xT) =>
      g.op(opType, [xT], { kernel_shape: ints(window), strides: ints(strides), ...paddingOf(layer, rank) }),
    );
  };
}

function globalPooling(opType: 'ReduceMean' | 'ReduceMax', rank: number): LayerWriter {
  return (layer, g, inputs) => {
    requireChannelsLast(layer);
    return g.op(opType, [only(inputs)], {
      axes: ints(range(rank).map((i) => i + 1)),
      keepdims: int(layer.config.keepDims ? 1 : 0),
    });
  };
}

// ── core, normalisation, reshaping, merging ──────────────────────────────────

const dense: LayerWriter = (layer, g, inputs) => {
  let y = g.op('MatMul', [only(inputs), g.floats('kernel', layer.weight('kernel'))]);
  if (layer.hasWeight('bias')) y = g.op('Add', [y, g.floats('bias', layer.weight('bias'))]);
  return activation(g, layer.config.activation, y);
};

/** Normalises the last axis only, as every layer the studio builds does. */
function requireLastAxis(layer: LayerView): void {
  const rank = layer.inputShapes[0]!.length;
  const axes = ([] as unknown[]).concat(layer.config.axis ?? -1);
  if (axes.length !== 1 || (axes[0] !== -1 && axes[0] !== rank - 1))
    throw new Unsupported(`normalising axis ${JSON.stringify(layer.config.axis)} (only the last axis is written)`);
}

/** At inference, batch normalisation is y = x · γ/√(var + ε) + (β − mean · γ/√(var + ε)), per feature of the last axis. */
const batchNormalization: LayerWriter = (layer, g, inputs) => {
  requireLastAxis(layer);
  const mean = layer.weight('moving_mean').values;
  const variance = layer.weight('moving_variance').values;
  const gamma = layer.hasWeight('gamma') ? layer.weight('gamma').values : undefined;
  const beta = layer.hasWeight('beta') ? layer.weight('beta').values : undefined;
  const epsilon = Number(layer.config.epsilon ?? 1e-3);
  const scale = variance.map((v, i) => (gamma?.[i] ?? 1) / Math.sqrt(v + epsilon));
  const shift = mean.map((m, i) => (beta?.[i] ?? 0) - m * scale[i]!);
  const shape = [mean.length];
  return g.op('Add', [
    g.op('Mul', [only(inputs), g.floats('scale', { values: scale, shape })]),
    g.floats('shift', { values: shift, shape }),
  ]);
};

const layerNormalization: LayerWriter = (layer, g, inputs) => {
  requireLastAxis(layer);
  const features = layer.inputShapes[0]!.at(-1)!;
  const gamma = layer.hasWeight('gamma')
    ? layer.weight('gamma')
    : { values: new Float32Array(features).fill(1), shape: [features] };
  const beta = layer.hasWeight('beta')
    ? layer.weight('beta')
    : { values: new Float32Array(features), shape: [features] };
  return g.op('LayerNormalization', [only(inputs), g.floats('gamma', gamma), g.floats('beta', beta)], {
    axis: int(-1),
    epsilon: float(Number(layer.config.epsilon ?? 1e-3)),
  });
};

/** Layers that only act while training. */
const identity: LayerWriter = (_layer, _g, inputs) => only(inputs);

const flatten: LayerWriter = (_layer, g, inputs) => g.op('Flatten', [only(inputs)], { axis: int(1) });

/** 0 keeps the batch axis as it is. */
const reshape: LayerWriter = (layer, g, inputs) =>
  g.op('Reshape', [only(inputs), g.int64s('shape', [0, ...(layer.config.targetShape as number[])])]);

/** Token ids arrive as float32 (as tfjs takes them) and index the embedding matrix's rows. */
const embedding: LayerWriter = (layer, g, inputs) => {
  if (layer.config.maskZero) throw new Unsupported('maskZero (masking)');
  const ids = g.op('Cast', [only(inputs)], { to: int(7) });
  return g.op('Gather', [g.floats('embeddings', layer.weight('embeddings')), ids], { axis: int(0) });
};

const activationLayer: LayerWriter = (layer, g, inputs) => activation(g, layer.config.activation, only(inputs));

/** Elementwise merges, folded pairwise where ONNX's op takes two inputs. */
function merge(opType: 'Sum' | 'Mul' | 'Mean' | 'Max' | 'Min' | 'Sub'): LayerWriter {
  return (_layer, g, inputs) =>
    opType === 'Mul' || opType === 'Sub'
      ? inputs.slice(1).reduce((y, x) => g.op(opType, [y, x]), inputs[0]!)
      : g.op(opType, inputs);
}

const concatenate: LayerWriter = (layer, g, inputs) =>
  g.op('Concat', inputs, { axis: int(Number(layer.config.axis ?? -1)) });

// ── recurrent ─────────────────────────────────────────────────────────────────

const RNN_ACTIVATIONS: Readonly<Record<string, string>> = {
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  hardSigmoid: 'HardSigmoid',
  relu: 'Relu',
};

/** Keras's gate blocks, reordered as ONNX wants them: LSTM (i, f, c, o) → (i, o, f, c); GRU (z, r, h) as it is. */
const CELLS = {
  SimpleRNN: { opType: 'RNN', gates: [0] },
  LSTM: { opType: 'LSTM', gates: [0, 3, 1, 2] },
  GRU: { opType: 'GRU', gates: [0, 1, 2] },
} as const;
type Cell = keyof typeof CELLS;

function rnnActivation(name: unknown, what: string): string {
  const onnxName = RNN_ACTIVATIONS[String(name)];
  if (!onnxName)
    throw new Unsupported(`the ${what} ${String(name)} (ONNX recurrent ops take tanh, sigmoid, hardSigmoid or relu)`);
  return onnxName;
}

/** A (rows, gates · units) Keras kernel as ONNX's (gates · units, rows), its gate blocks reordered. */
function gateRows(kernel: FloatTensor, gates: readonly number[]): Float32Array {
  const transposed = permute(kernel, [1, 0]);
  const [rows, columns] = transposed.shape as [number, number];
  const units = rows / gates.length;
  const out = new Float32Array(rows * columns);
  gates.forEach((from, to) =>
    out.set(transposed.values.subarray(from * units * columns, (from + 1) * units * columns), to * units * columns),
  );
  return out;
}

function gateBias(bias: Float32Array, gates: readonly number[]): Float32Array {
  const units = bias.length / gates.length;
  const out = new Float32Array(bias.length);
  gates.forEach((from, to) => out.set(bias.subarray(from * units, (from + 1) * units), to * units));
  return out;
}

interface RecurrentConfig {
  readonly units: number;
  readonly activation: unknown;
  readonly recurrentActivation?: unknown;
  readonly returnSequences?: boolean;
  readonly goBackwards?: boolean;
  readonly stateful?: boolean;
  readonly returnState?: boolean;
  readonly resetAfter?: boolean;
}

/**
 * SimpleRNN, LSTM and GRU as ONNX's RNN, LSTM and GRU ops, one direction or both (`directions`
 * names the weights' path segments: tfjs's Bidirectional keeps forward_… and backward_… copies).
 * ONNX runs time-major: (steps, batch, features) in, Y (steps, directions, batch, units) and
 * Y_h (directions, batch, units) out.
 */
function recurrent(
  cell: Cell,
  config: RecurrentConfig,
  layer: LayerView,
  g: OnnxGraph,
  x: string,
  directions: readonly (string | undefined)[],
  mergeMode?: unknown,
): string {
  if (config.goBackwards) throw new Unsupported('goBackwards');
  if (config.stateful) throw new Unsupported('a stateful layer');
  if (config.returnState) throw new Unsupported('returnState');
  if (cell === 'GRU' && config.resetAfter)
    throw new Unsupported('resetAfter (ONNX GRU with linear_before_reset is not written yet)');
  const { opType, gates } = CELLS[cell];
  const units = config.units;
  const features = layer.inputShapes[0]!.at(-1)!;
  const acts =
    cell === 'SimpleRNN'
      ? [rnnActivation(config.activation, 'activation')]
      : [
          rnnActivation(config.recurrentActivation, 'recurrent activation'),
          rnnActivation(config.activation, 'activation'),
        ];
  const cellActs = cell === 'LSTM' ? [...acts, acts[1]!] : acts;

  const blocks = gates.length * units;
  const w = new Float32Array(directions.length * blocks * features);
  const r = new Float32Array(directions.length * blocks * units);
  // ONNX adds an input bias and a recurrent bias; Keras has one, the recurrent one stays zero.
  const b = new Float32Array(directions.length * 2 * blocks);
  directions.forEach((within, d) => {
    w.set(gateRows(layer.weight('kernel', within), gates), d * blocks * features);
    r.set(gateRows(layer.weight('recurrent_kernel', within), gates), d * blocks * units);
    if (layer.hasWeight('bias', within)) b.set(gateBias(layer.weight('bias', within).values, gates), d * 2 * blocks);
  });
  const n = directions.length;
  const timeMajor = g.op('Transpose', [x], { perm: ints([1, 0, 2]) });
  const [y, yH] = g.opOutputs(
    opType,
    [
      timeMajor,
      g.floats('W', { values: w, shape: [n, blocks, features] }),
      g.floats('R', { values: r, shape: [n, blocks, units] }),
      g.floats('B', { values: b, shape: [n, 2 * blocks] }),
    ],
    [g.name(`${g.scope}/Y`), g.name(`${g.scope}/Y_h`)],
    {
      hidden_size: int(units),
      direction: string(n === 2 ? 'bidirectional' : 'forward'),
      activations: strings(Array.from({ length: n }, () => cellActs).flat()),
      ...(cell === 'GRU' ? { linear_before_reset: int(0) } : {}),
    },
  );

  if (!config.returnSequences) {
    // Y_h: (directions, batch, units).
    if (n === 1) return g.op('Squeeze', [yH!, g.int64s('axes', [0])]);
    if (mergeMode === 'concat')
      return g.op('Reshape', [g.op('Transpose', [yH!], { perm: ints([1, 0, 2]) }), g.int64s('shape', [0, -1])]);
    return mergeDirections(g, yH!, 0, mergeMode);
  }
  // Y: (steps, directions, batch, units); the backward direction's steps are already in input order, as Keras returns them.
  if (n === 1) return g.op('Transpose', [g.op('Squeeze', [y!, g.int64s('axes', [1])])], { perm: ints([1, 0, 2]) });
  if (mergeMode === 'concat')
    return g.op('Reshape', [g.op('Transpose', [y!], { perm: ints([2, 0, 1, 3]) }), g.int64s('shape', [0, 0, -1])]);
  return g.op('Transpose', [mergeDirections(g, y!, 1, mergeMode)], { perm: ints([1, 0, 2]) });
}

/** Bidirectional's sum, mul and ave: a reduction over the directions axis. */
function mergeDirections(g: OnnxGraph, x: string, axis: number, mergeMode: unknown): string {
  switch (mergeMode) {
    case 'sum':
      return g.op('ReduceSum', [x, g.int64s('axes', [axis])], { keepdims: int(0) });
    case 'ave':
      return g.op('ReduceMean', [x], { axes: ints([axis]), keepdims: int(0) });
    case 'mul':
      return g.op('ReduceProd', [x], { axes: ints([axis]), keepdims: int(0) });
    default:
      throw new Unsupported(`merge mode ${String(mergeMode)}`);
  }
}

function recurrentLayer(cell: Cell): LayerWriter {
  return (layer, g, inputs) =>
    recurrent(cell, layer.config as unknown as RecurrentConfig, layer, g, only(inputs), [undefined]);
}

const bidirectional: LayerWriter = (layer, g, inputs) => {
  const inner = layer.config.layer as { className: string; config: RecurrentConfig } | undefined;
  if (!inner || !(inner.className in CELLS))
    throw new Unsupported(`wrapping ${inner?.className ?? 'an unknown layer'}`);
  return recurrent(
    inner.className as Cell,
    inner.config,
    layer,
    g,
    only(inputs),
    ['forward_', 'backward_'],
    layer.config.mergeMode,
  );
};

/** Every tfjs layer class the ONNX export writes. Anything else is listed as not supported, by name. */
export const LAYER_WRITERS: Readonly<Record<string, LayerWriter>> = {
  Dense: dense,
  Activation: activationLayer,
  Dropout: identity,
  SpatialDropout1D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  Flatten: flatten,
  Reshape: reshape,
  Conv1D: convolution(1),
  Conv2D: convolution(2),
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  Conv2DTranspose: conv2dTranspose,
  MaxPooling1D: pooling('MaxPool', 1),
  MaxPooling2D: pooling('MaxPool', 2),
  AveragePooling1D: pooling('AveragePool', 1),
  AveragePooling2D: pooling('AveragePool', 2),
  GlobalMaxPooling1D: globalPooling('ReduceMax', 1),
  GlobalMaxPooling2D: globalPooling('ReduceMax', 2),
  GlobalAveragePooling1D: globalPooling('ReduceMean', 1),
  GlobalAveragePooling2D: globalPooling('ReduceMean', 2),
  Embedding: embedding,
  SimpleRNN: recurrentLayer('SimpleRNN'),
  LSTM: recurrentLayer('LSTM'),
  GRU: recurrentLayer('GRU'),
  Bidirectional: bidirectional,
  Add: merge('Sum'),
  Multiply: merge('Mul'),
  Average: merge('Mean'),
  Maximum: merge('Max'),
  Minimum: merge('Min'),
  Subtract: merge('Sub'),
  Concatenate: concatenate,
};
