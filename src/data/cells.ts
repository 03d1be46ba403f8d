/** How cell text becomes values: missing markers, numbers, and float32 values back to text. */

/** Cell texts that mean "no value", compared trimmed and lower-cased. */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', 'nan', 'null', '?']);

/** Plain decimal notation only: "1,5", "0x10", "1_000" or "Infinity" are not numbers here. */
const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * What else means "no value" among numbers: a spreadsheet's or a program's infinities ("inf",
 * "-Infinity") and a dash. Only there: in a column of words, "-" may be a category.
 */
const NUMBER_MISSING_MARKERS = new Set(['-', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

/** True for an empty cell or a marker such as "NA", "N/A", "NaN", "null" or "?". */
export function isMissingCell(text: string): boolean {
  return MISSING_MARKERS.has(text.trim().toLowerCase());
}

/** True for a cell of a numeric column that holds no value: a missing cell, an infinity or "-". */
export function isMissingNumberCell(text: string): boolean {
  const marker = text.trim().toLowerCase();
  return MISSING_MARKERS.has(marker) || NUMBER_MISSING_MARKERS.has(marker);
}

/** The finite number a (non-missing) cell holds, or undefined when it holds something else. */
export function parseNumberCell(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DECIMAL_NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The shortest decimal text that reads back as the same float32 (0.1f → "0.1", not
 * "0.10000000149011612"); used for class labels of numeric targets.
 */
export function formatFloat32(value: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const rounded = Number(value.toPrecision(digits));
    if (Math.fround(rounded) === value) return String(rounded);
  }
  return String(value);
}
