import { describe, expect, it } from 'vitest';
import { formatValue } from './format';

describe('formatValue', () => {
  it('writes whole numbers whole, never with decimals', () => {
    expect(formatValue(128)).toBe('128');
    expect(formatValue(4)).toBe('4');
    expect(formatValue(65_536)).toBe('65536');
    expect(formatValue(0)).toBe('0');
  });

  it('rounds other numbers to 3 significant digits without trailing zeros', () => {
    expect(formatValue(0.0012345678)).toBe('0.00123');
    expect(formatValue(0.5)).toBe('0.5');
    expect(formatValue(0.25000000001)).toBe('0.25');
    expect(formatValue(12.3456)).toBe('12.3');
  });

  it('writes choices and switches as they are, and a missing number as a dash', () => {
    expect(formatValue('adam')).toBe('adam');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(Number.NaN)).toBe('—');
  });
});
