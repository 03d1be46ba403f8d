import { describe, expect, it } from 'vitest';
import { definedIn } from '../../test/definedIn';
import { LEARNING_RATE_SWEEP } from '../../test/sweepConfig';
import { SAMPLERS } from '../configSchema';
import { samplerKind, samplerKinds } from './index';
import type { SamplerKind } from './sampler';

function isSamplerKind(value: unknown): value is SamplerKind {
  return typeof value === 'object' && value !== null && 'id' in value && 'create' in value && 'optuna' in value;
}

describe('the sampler catalog', () => {
  it('lists every kind defined in src/sweep/samplers/, and every id a config may store', async () => {
    const defined = await definedIn(import.meta.dirname, isSamplerKind);
    expect(defined.map((k) => k.id).sort()).toEqual(samplerKinds.map((k) => k.id).sort());
    for (const kind of defined) expect(samplerKinds).toContain(kind);
    expect(samplerKinds.map((k) => k.id).sort()).toEqual([...SAMPLERS].sort());
    for (const kind of samplerKinds) expect(samplerKind(kind.id)).toBe(kind);
  });

  it.each(samplerKinds.map((kind) => [kind.id, kind] as const))(
    '%s: has a label, help, and an Optuna twin with the same seed, or the seed the script is given',
    (_id, kind) => {
      expect(kind.label).not.toBe('');
      expect(kind.help).toMatch(/^[A-Z].*\.$/);
      const config = { ...LEARNING_RATE_SWEEP, sampler: kind.id, seed: 1234 };
      expect(kind.optuna(config)).toMatch(/^optuna\.samplers\.\w+\(.*\bseed=1234\)$/);
      expect(kind.optuna(config, 'args.seed')).toBe(kind.optuna(config).replace(/seed=1234\)$/, 'seed=args.seed)'));
      const note = kind.note?.(config);
      if (note !== undefined) expect(note).toMatch(/^[A-Z].*\.$/);
    },
  );

  it('gives every kind its own label', () => {
    expect(new Set(samplerKinds.map((k) => k.label)).size).toBe(samplerKinds.length);
  });
});
