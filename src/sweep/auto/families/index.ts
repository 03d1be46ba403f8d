import type { DataKind } from '../../../model/templates';
import { cnn } from './cnn';
import type { ModelFamily } from './family';
import { lstm } from './lstm';
import { mlp } from './mlp';
import { resnetMini } from './resnetMini';
import { separableCnn } from './separableCnn';
import { textCnn } from './textCnn';
import { transformer } from './transformer';

/**
 * Every model family Auto searches, by data kind and in the order its leaderboard lists them.
 * Adding one means adding it here; nothing registers itself on import (see ../../README.md).
 */
export const modelFamilies: readonly ModelFamily[] = [mlp, resnetMini, cnn, separableCnn, textCnn, lstm, transformer];

const byId = new Map(modelFamilies.map((family) => [family.id, family]));

/** The family a stored id names; undefined for an id no family has (a journal from a later version). */
export function modelFamily(id: string): ModelFamily | undefined {
  return byId.get(id);
}

export function familiesFor(kind: DataKind): readonly ModelFamily[] {
  return modelFamilies.filter((family) => family.dataKind === kind);
}
