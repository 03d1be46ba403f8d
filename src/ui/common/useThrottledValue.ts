import { useEffect, useRef, useState } from 'react';

/**
 * `value`, changing at most once per `intervalMs`: a change shows `offsetMs` after it arrived at the
 * earliest (at once by default), and `intervalMs` after the last one shown, and the last one always
 * arrives (trailing). For views that are costly to draw and fed faster than a person can read, such
 * as live training curves. Views throttled alike with different offsets redraw in separate tasks,
 * not in one long one, however rarely their value changes.
 */
export function useThrottledValue<T>(value: T, intervalMs: number, offsetMs = 0): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef<number | undefined>(undefined);
  // When the first change not yet shown arrived: later ones must not push the redraw back.
  const pendingSince = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const now = performance.now();
    pendingSince.current ??= now;
    const due = Math.max(
      pendingSince.current + offsetMs,
      lastShownAt.current === undefined ? 0 : lastShownAt.current + intervalMs,
    );
    const show = () => {
      lastShownAt.current = performance.now();
      pendingSince.current = undefined;
      setShown(() => value);
    };
    if (due <= now) return show();
    const timer = setTimeout(show, due - now);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs, offsetMs]);
  return shown;
}
