import type { PrunerName } from '../studyConfig';
import { asha } from './asha';
import { median } from './median';
import { none } from './none';
import type { PrunerKind } from './pruner';

/**
 * Every pruner a sweep can run, in the Sweep view's order. Adding one means adding it here (and
 * its id to `PRUNERS` in ../configSchema.ts); nothing registers itself on import (see ../README.md).
 */
export const prunerKinds: readonly PrunerKind[] = [none, median, asha];

const byId = new Map(prunerKinds.map((kind) => [kind.id, kind]));

/** The kind a config names (every stored id has one: `index.test.ts` checks the two lists agree). */
export function prunerKind(id: PrunerName): PrunerKind {
  return byId.get(id)!;
}
