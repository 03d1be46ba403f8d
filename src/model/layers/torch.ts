/**
 * What a layer kind tells the PyTorch code generator (`../codegen/torch.ts`), and the pieces the
 * kinds share to say it. Every tensor of the generated module stays in the studio's layout
 * (channels last: NWC, NHWC), so each layer means what its tfjs twin means and Flatten lays
 * values out in the same order; the convolutions and pooling move the channels first for
 * PyTorch's op and back (`channels_first` / `channels_last` in the module's helpers).
 */
import type { Shape } from '../shapes';
import type { DataContext } from '../task';

/** A float32 array with its shape, as tfjs holds a weight and numpy's .npz stores it. */
export interface TensorData {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export interface TorchContext {
  /** The node id: the module's attribute and the forward's variable are named after it. */
  readonly name: string;
  readonly data: DataContext;
  /** The inputs' shapes as inferred (channels last). */
  readonly inputShapes: readonly Shape[];
  /**
   * Python for an input's length along an axis (channels-last axes, negative from the end): a
   * literal, or read from the probe tensor when the module is written for swept params, whose
   * widths upstream may change with a trial.
   */
  dim(input: number, axis: number): string;
}

export interface TorchLayer {
  /** The nn.Module made in `__init__` as `self.<name>`; absent for a layer without weights. */
  readonly module?: string;
  /** The forward expression, from the Python expressions of the inputs and of `self.<name>`. */
  forward(inputs: readonly string[], self: string): string;
  /**
   * The module's state_dict entries (keys relative to it) from the layer's tfjs weights, in
   * tfjs's order: the kernels transposed and reordered as PyTorch holds them.
   */
  weights?(tfjsWeights: readonly TensorData[]): TensorData[];
}

/** The array with its axes in the order `perm` (numpy's `transpose(perm)`). */
export function transposed(array: TensorData, perm: readonly number[], name = array.name): TensorData {
  const { shape, values } = array;
  const outShape = perm.map((axis) => shape[axis]!);
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((n, d) => n * d, 1));
  const outStrides = perm.map((axis) => strides[axis]!);
  const out = new Float32Array(values.length);
  const index = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let source = 0;
    for (let axis = 0; axis < index.length; axis++) source += index[axis]! * outStrides[axis]!;
    out[i] = values[source]!;
    for (let axis = index.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < outShape[axis]!) break;
      index[axis] = 0;
    }
  }
  return { name, shape: outShape, values: out };
}

/** The same values under another name and shape (numpy's `reshape`). */
export function reshaped(array: TensorData, shape: readonly number[], name = array.name): TensorData {
  return { name, shape, values: array.values };
}

/** An array of one value, for a parameter PyTorch always has and Keras may leave out (a norm's γ or β). */
export function filled(name: string, length: number, value: number): TensorData {
  return { name, shape: [length], values: new Float32Array(length).fill(value) };
}

/** A Dense kernel (in, out) as nn.Linear's weight (out, in), and its bias as is. */
export function linearWeights([kernel, bias]: readonly TensorData[], prefix = ''): TensorData[] {
  return [transposed(kernel!, [1, 0], `${prefix}weight`), ...(bias ? [{ ...bias, name: `${prefix}bias` }] : [])];
}

/** An input through a channels-first op `call`, back to channels last. */
export function channelsFirst(x: string, call: (channelsFirstX: string) => string): string {
  return `channels_last(${call(`channels_first(${x})`)})`;
}
