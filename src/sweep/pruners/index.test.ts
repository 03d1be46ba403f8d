import { describe, expect, it } from 'vitest';
import { definedIn } from '../../test/definedIn';
import { LEARNING_RATE_SWEEP } from '../../test/sweepConfig';
import { PRUNERS } from '../configSchema';
import { prunerKind, prunerKinds } from './index';
import type { PrunerKind } from './pruner';

function isPrunerKind(value: unknown): value is PrunerKind {
  return typeof value === 'object' && value !== null && 'id' in value && 'create' in value && 'ray' in value;
}

describe('the pruner catalog', () => {
  it('lists every kind defined in src/sweep/pruners/, and every id a config may store', async () => {
    const defined = await definedIn(import.meta.dirname, isPrunerKind);
    expect(defined.map((k) => k.id).sort()).toEqual(prunerKinds.map((k) => k.id).sort());
    for (const kind of defined) expect(prunerKinds).toContain(kind);
    expect(prunerKinds.map((k) => k.id).sort()).toEqual([...PRUNERS].sort());
    for (const kind of prunerKinds) expect(prunerKind(kind.id)).toBe(kind);
  });

  it.each(prunerKinds.map((kind) => [kind.id, kind] as const))(
    '%s: has a label, help, an Optuna twin and a Ray Tune scheduler',
    (_id, kind) => {
      expect(kind.label).not.toBe('');
      expect(kind.help).toMatch(/^[A-Z].*\.$/);
      const config = { ...LEARNING_RATE_SWEEP, pruner: kind.id };
      expect(kind.optuna(config)).toMatch(/^optuna\.pruners\.\w+\(.*\)$/);
      expect(kind.ray.scheduler).toMatch(/^\w+$/);
      expect(kind.ray.create(config, 20).startsWith(`${kind.ray.scheduler}(`)).toBe(true);
    },
  );

  it('gives every kind its own label', () => {
    expect(new Set(prunerKinds.map((k) => k.label)).size).toBe(prunerKinds.length);
  });
});
