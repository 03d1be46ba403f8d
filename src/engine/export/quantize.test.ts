import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { quantizeWeights, toFloat16 } from './quantize';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Weights as tfjs saves them: float32 values back to back, one manifest entry each. */
function saved(weights: Record<string, number[]>) {
  const specs = Object.entries(weights).map(([name, values]) => ({
    name,
    shape: [values.length],
    dtype: 'float32' as const,
  }));
  const data = Float32Array.from(Object.values(weights).flat());
  return { specs, data: data.buffer };
}

/** What tfjs's own loader makes of the quantised bytes. */
function decoded(weights: Record<string, number[]>, precision: 'float16' | 'uint16' | 'uint8') {
  const { specs, data } = saved(weights);
  const quantized = quantizeWeights(specs, data, precision);
  const tensors = tf.io.decodeWeights(quantized.data.slice().buffer, quantized.specs);
  const values = Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, Array.from(t.dataSync())]));
  tf.dispose(Object.values(tensors));
  return { values, specs: quantized.specs, bytes: quantized.data.byteLength };
}

describe('toFloat16', () => {
  it('writes IEEE half precision, rounding to nearest even and overflowing to infinity', () => {
    expect(toFloat16(1)).toBe(0x3c00);
    expect(toFloat16(-2)).toBe(0xc000);
    expect(toFloat16(0.5)).toBe(0x3800);
    expect(toFloat16(65504)).toBe(0x7bff); // the largest half
    expect(toFloat16(65520)).toBe(0x7c00); // halfway to the next power: rounds up, to infinity
    expect(toFloat16(1e6)).toBe(0x7c00);
    expect(toFloat16(-0)).toBe(0x8000);
    expect(toFloat16(2 ** -24)).toBe(0x0001); // the smallest subnormal
    expect(toFloat16(2 ** -26)).toBe(0x0000);
    expect(toFloat16(1 + 2 ** -11)).toBe(0x3c00); // a tie: to the even mantissa
    expect(toFloat16(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });
});

describe('quantizeWeights', () => {
  const weights = { 'dense/kernel': [-1.5, -0.25, 0, 0.1, 0.7, 2.25], 'dense/bias': [0.5, 0.5, 0.5] };

  it.each(['uint8', 'uint16'] as const)(
    '%s: tfjs dequantises every value to within half a step; zero and constants stay exact',
    (precision) => {
      const { values, specs, bytes } = decoded(weights, precision);
      const step = (2.25 + 1.5) / (precision === 'uint8' ? 255 : 65535);
      values['dense/kernel']!.forEach((v, i) =>
        expect(Math.abs(v - weights['dense/kernel'][i]!)).toBeLessThanOrEqual(step / 2 + 1e-7),
      );
      expect(values['dense/kernel']![2]).toBe(0);
      expect(values['dense/bias']).toEqual([0.5, 0.5, 0.5]);
      expect(specs[0]).toMatchObject({ name: 'dense/kernel', dtype: 'float32', quantization: { dtype: precision } });
      expect(bytes).toBe(9 * (precision === 'uint8' ? 1 : 2));
    },
  );

  it('float16: tfjs decodes the half floats', () => {
    const { values, specs, bytes } = decoded(weights, 'float16');
    values['dense/kernel']!.forEach((v, i) => expect(v).toBeCloseTo(weights['dense/kernel'][i]!, 3));
    expect(specs[0]!.quantization).toEqual({ dtype: 'float16' });
    expect(bytes).toBe(18);
  });

  it('refuses weights that are not finite, naming them', () => {
    const { specs, data } = saved({ 'dense/kernel': [1, Number.NaN] });
    expect(() => quantizeWeights(specs, data, 'uint8')).toThrow(/dense\/kernel holds NaN/);
  });
});
