// An Embedding's lookup and its gradient over rows of `dim` floats. Ids are f32 token ids (as
// models take them, truncated as tfjs's cast to int32 does) or i32; the caller has checked that
// every one is within the table.

import { addInto } from './vector';

@inline
function idAt(ids: usize, intIds: bool, i: i32): i32 {
  const at = ids + (<usize>i << 2);
  return intIds ? load<i32>(at) : <i32>load<f32>(at);
}

/** out[i] = table[ids[i]] for each of `count` ids. */
export function gatherRows(ids: usize, intIds: bool, count: i32, table: usize, dim: i32, out: usize): void {
  const rowBytes = <usize>dim << 2;
  for (let i = 0; i < count; i++) memory.copy(out + <usize>i * rowBytes, table + <usize>idAt(ids, intIds, i) * rowBytes, rowBytes);
}

/** dTable = 0, then dTable[ids[i]] += dy[i] for each id in order (the order of tfjs's UnsortedSegmentSum). */
export function scatterAddRows(ids: usize, intIds: bool, count: i32, dy: usize, dim: i32, vocabulary: i32, dTable: usize): void {
  const rowBytes = <usize>dim << 2;
  memory.fill(dTable, 0, <usize>vocabulary * rowBytes);
  for (let i = 0; i < count; i++) addInto(dTable + <usize>idAt(ids, intIds, i) * rowBytes, dy + <usize>i * rowBytes, dim);
}
