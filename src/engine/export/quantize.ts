/**
 * Weight quantisation written the way tfjs's loader reads it back (tfjs-core io_utils
 * `decodeWeight`): a manifest entry keeps `dtype: 'float32'` and gains `quantization`, either
 * `{ dtype: 'float16' }` (IEEE half floats) or `{ dtype: 'uint8' | 'uint16', scale, min }`, from
 * which the loader computes `value = q · scale + min`. Only float32 weights are quantised.
 */
import type * as tf from '@tensorflow/tfjs';
import type { WeightPrecision } from '../../model/modelExport';

export interface EncodedWeights {
  readonly specs: tf.io.WeightsManifestEntry[];
  readonly data: Uint8Array;
}

/**
 * Re-encodes `data` (the weights as tfjs saved them, in `specs` order) at `precision`. Throws when
 * a weight holds NaN or infinity: no scale can represent it, and the model is broken anyway.
 */
export function quantizeWeights(
  specs: readonly tf.io.WeightsManifestEntry[],
  data: ArrayBuffer,
  precision: WeightPrecision,
): EncodedWeights {
  if (precision === 'float32') return { specs: [...specs], data: new Uint8Array(data) };
  const parts: Uint8Array[] = [];
  const quantized: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization) throw new Error(`${spec.name} is already quantised.`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = count * 4;
    if (spec.dtype !== 'float32') {
      // int32 and bool weights are stored as they are: 4 bytes per value, unquantised.
      parts.push(new Uint8Array(data, offset, bytes));
      quantized.push(spec);
    } else {
      const values = new Float32Array(data.slice(offset, offset + bytes));
      if (values.some((v) => !Number.isFinite(v)))
        throw new Error(`${spec.name} holds NaN or infinite values; train the model again.`);
      const encoded =
        precision === 'float16'
          ? { quantization: { dtype: 'float16' as const }, bytes: toFloat16Array(values) }
          : affine(values, precision);
      parts.push(new Uint8Array(encoded.bytes.buffer));
      quantized.push({ ...spec, quantization: encoded.quantization });
    }
    offset += bytes;
  }
  const out = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return { specs: quantized, data: out };
}

/**
 * Affine quantisation over the tensor's own range, as the tfjs converter does it: `levels` steps
 * from min to max. When the range straddles zero, min is nudged onto the grid so that zero (a
 * padded, pruned or ReLU-dead weight) stays exactly zero.
 */
function affine(values: Float32Array, dtype: 'uint8' | 'uint16') {
  const levels = dtype === 'uint8' ? 255 : 65535;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) min = max = 0;
  let scale = (max - min) / levels;
  // A constant tensor: every value decodes to min exactly.
  if (scale === 0) scale = 1;
  else if (min < 0 && max > 0) min = -Math.round(-min / scale) * scale;
  const q = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.min(levels, Math.max(0, Math.round((values[i]! - min) / scale)));
  return { quantization: { dtype, scale, min }, bytes: q };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half precision, rounded to nearest even; beyond ±65504 becomes ±infinity. */
export function toFloat16(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half: the implicit 1 joins the mantissa, shifted down by how far e is below 1.
    const shift = 14 - e;
    if (shift > 24) return sign;
    const full = mantissa | 0x800000;
    return sign | roundShifted(full, shift);
  }
  // A carry out of the mantissa rolls into the exponent, which is what rounding up should do.
  return sign | ((e << 10) + roundShifted(mantissa, 13));
}

/** `value >>> shift`, rounded to nearest, ties to even. */
function roundShifted(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

function toFloat16Array(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16(values[i]!);
  return out;
}
