/** Numbers as the studio writes them for people: in the UI, and in the files an export writes (the model card). */

/**
 * Made once: building a formatter costs far more than formatting (`toLocaleString` builds one per
 * call), too slow for the preview's row numbers on every frame.
 */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** 1234567 → "1,234,567": parameter counts read best with separators. */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

export function formatMetric(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3);
}

/**
 * A setting's value as people read it: whole numbers whole ("128", not "128.0"), other numbers to 3
 * significant digits without trailing zeros ("0.00123", "0.5"), choices and switches as written.
 */
export function formatValue(value: number | string | boolean): string {
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return '—';
  return String(Number.isInteger(value) ? value : Number(value.toPrecision(3)));
}

/** 1_234_567 → "1.2 MB": decimal units, as browsers and disks report sizes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
