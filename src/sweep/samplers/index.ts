import type { SamplerName } from '../studyConfig';
import { grid } from './grid';
import { random } from './random';
import type { SamplerKind } from './sampler';
import { tpe } from './tpe';

/**
 * Every sampler a sweep can run, in the Sweep view's order. Adding one means adding it here (and
 * its id to `SAMPLERS` in ../configSchema.ts); nothing registers itself on import (see ../README.md).
 */
export const samplerKinds: readonly SamplerKind[] = [tpe, random, grid];

const byId = new Map(samplerKinds.map((kind) => [kind.id, kind]));

/** The kind a config names (every stored id has one: `index.test.ts` checks the two lists agree). */
export function samplerKind(id: SamplerName): SamplerKind {
  return byId.get(id)!;
}
