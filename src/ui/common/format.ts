export { formatBytes, formatCount, formatMetric, formatValue } from '../../model/format';

/** Made once: building a formatter costs far more than formatting, too slow for 200 layer cards on every frame. */
const COMPACT_FORMAT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** 1_234_567 → "1.23M": FLOP counts only need their magnitude. */
export function formatCompact(n: number): string {
  return COMPACT_FORMAT.format(n);
}

/**
 * At most `maxChars` characters of `text`, ending in "…" when cut. Laying out a 5 MB cell stalls the page for
 * seconds even where CSS clips it, so long text is cut before it reaches the DOM. Never splits a surrogate pair.
 */
export function shortened(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const end = maxChars - 1;
  const code = text.charCodeAt(end - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff;
  return `${text.slice(0, splitsPair ? end - 1 : end)}…`;
}
