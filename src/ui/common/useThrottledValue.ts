import { useEffect, useRef, useState } from 'react';

/**
 * `value`, changing at most once per `intervalMs`: the first change shows after `offsetMs` (at
 * once by default), later ones wait for the interval, and the last one always arrives (trailing).
 * For views that are costly to draw and fed faster than a person can read, such as live training
 * curves. Views throttled alike with different offsets redraw in separate tasks, not in one long one.
 */
export function useThrottledValue<T>(value: T, intervalMs: number, offsetMs = 0): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = lastShownAt.current === undefined ? offsetMs : lastShownAt.current + intervalMs - performance.now();
    const show = () => {
      lastShownAt.current = performance.now();
      setShown(() => value);
    };
    if (wait <= 0) return show();
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs, offsetMs]);
  return shown;
}
