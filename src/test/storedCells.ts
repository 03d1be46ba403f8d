import { formatFloat32, parseNumberCell } from '../data/cells';

/** A file's cells as a stored data set gives them back: numbers through float32 ("3.0" → "3", "-12.340" → "-12.34"), other text as it is. */
export function asStoredCells(cells: readonly string[]): string[] {
  return cells.map((cell) => {
    const value = parseNumberCell(cell);
    return value === undefined ? cell : formatFloat32(Math.fround(value));
  });
}
