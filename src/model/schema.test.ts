import { describe, expect, it } from 'vitest';
import { p, paramSpecLabel } from './schema';

describe('paramSpecLabel', () => {
  it('writes a key in sentence case', () => {
    expect(paramSpecLabel('units', p.int({ min: 1, max: 8, default: 1, help: '' }))).toBe('Units');
    expect(paramSpecLabel('useBias', p.bool({ default: true, help: '' }))).toBe('Use bias');
    expect(paramSpecLabel('kernelSize', p.int({ min: 1, max: 8, default: 1, help: '' }))).toBe('Kernel size');
  });

  it("prefers the schema's own label", () => {
    expect(paramSpecLabel('l2', p.float({ min: 0, max: 1, default: 0, label: 'L2 penalty', help: '' }))).toBe(
      'L2 penalty',
    );
  });
});
