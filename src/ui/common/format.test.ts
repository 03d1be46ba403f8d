import { describe, expect, it } from 'vitest';
import { shortened } from './format';

describe('shortened', () => {
  it('keeps text that fits', () => {
    expect(shortened('abc', 3)).toBe('abc');
  });

  it('cuts long text to the limit, the ellipsis included', () => {
    const cut = shortened('x'.repeat(5_000_000), 100);
    expect(cut).toHaveLength(100);
    expect(cut.endsWith('x…')).toBe(true);
  });

  it('never leaves half of a surrogate pair', () => {
    // '😀' is two UTF-16 units: a cut after "ab" and the first half would leave a lone surrogate.
    expect(shortened('ab😀cdef', 4)).toBe('ab…');
    expect(shortened('ab😀cdef', 5)).toBe('ab😀…');
  });
});
