/** See syntheticCsv.mjs. */
export function writeSyntheticCsv(
  path: string,
  options: { rows: number; numericColumns?: number; categoricalColumns?: number },
): Promise<number>;
