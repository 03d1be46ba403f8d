/**
 * A small writer of ONNX graphs over the generated protobuf schema (onnx-proto): nodes, weights
 * as initialisers, and names that never collide. It knows nothing of tfjs.
 */
import { onnx } from 'onnx-proto';

/** Opset 17: the first with LayerNormalization; Reduce* still take their axes as an attribute. */
export const OPSET = 17;
/** IR version 8 is what opset 17 ships with (ONNX 1.12). */
const IR_VERSION = 8;

const { AttributeType } = onnx.AttributeProto;
const { DataType } = onnx.TensorProto;

export type Attribute = Omit<onnx.IAttributeProto, 'name'>;
export const int = (i: number): Attribute => ({ type: AttributeType.INT, i });
export const ints = (values: readonly number[]): Attribute => ({ type: AttributeType.INTS, ints: [...values] });
export const float = (f: number): Attribute => ({ type: AttributeType.FLOAT, f });
export const string = (s: string): Attribute => ({ type: AttributeType.STRING, s: new TextEncoder().encode(s) });
export const strings = (values: readonly string[]): Attribute => ({
  type: AttributeType.STRINGS,
  strings: values.map((s) => new TextEncoder().encode(s)),
});

/** A float32 tensor, row-major. */
export interface FloatTensor {
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly taken = new Set<string>();
  /** Prefixes the names of the tensors made next: the layer being written. */
  scope = 'model';

  /** A name no tensor has yet, built from `base`. */
  name(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }

  /** Adds one node; returns its (first) output's name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, Attribute>> = {},
    output = this.name(`${this.scope}/${opType}`),
  ): string {
    return this.opOutputs(opType, inputs, [output], attributes)[0]!;
  }

  /** Adds one node with several (possibly unused, '') outputs. */
  opOutputs(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: Readonly<Record<string, Attribute>> = {},
  ): string[] {
    this.nodes.push({
      opType,
      name: this.name(`${outputs.find(Boolean) ?? opType}:node`),
      input: [...inputs],
      output: [...outputs],
      attribute: Object.entries(attributes).map(([name, attribute]) => ({ name, ...attribute })),
    });
    return [...outputs];
  }

  /** A float32 initialiser (a weight, or a constant when `shape` is []). */
  floats(base: string, { values, shape }: FloatTensor): string {
    const name = this.name(`${this.scope}/${base}`);
    const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    this.initializers.push({ name, dims: [...shape], dataType: DataType.FLOAT, rawData: bytes });
    return name;
  }

  /** An int64 vector (shapes, axes). */
  int64s(base: string, values: readonly number[]): string {
    const name = this.name(`${this.scope}/${base}`);
    this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, int64Data: [...values] });
    return name;
  }

  scalar(base: string, value: number): string {
    return this.floats(base, { values: Float32Array.of(value), shape: [] });
  }

  /** The model file: `inputs` and `outputs` as float32 tensors, the batch axis named `batch`. */
  encode(
    inputs: readonly ValueInfo[],
    outputs: readonly ValueInfo[],
    producer: { name: string; version: string },
  ): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: producer.name,
      producerVersion: producer.version,
      graph: {
        name: 'tensorloom',
        node: this.nodes,
        initializer: this.initializers,
        input: inputs.map(valueInfo),
        output: outputs.map(valueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** A graph input or output: its name and Keras-style shape (null = any, the batch axis). */
export interface ValueInfo {
  readonly name: string;
  readonly shape: readonly (number | null)[];
}

function valueInfo({ name, shape }: ValueInfo): onnx.IValueInfoProto {
  const dim = shape.map((d, i) => (d === null ? { dimParam: i === 0 ? 'batch' : `dim${i}` } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim } } } };
}

/** `values` (row-major, `shape`) with its axes reordered: axis i of the result is axis perm[i] of the input. */
export function permute({ values, shape }: FloatTensor, perm: readonly number[]): FloatTensor {
  const outShape = perm.map((axis) => shape[axis]!);
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(values.length);
  const index = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let from = 0;
    for (let k = 0; k < perm.length; k++) from += index[k]! * strides[perm[k]!]!;
    out[i] = values[from]!;
    for (let k = outShape.length - 1; k >= 0; k--) {
      if (++index[k]! < outShape[k]!) break;
      index[k] = 0;
    }
  }
  return { values: out, shape: outShape };
}
