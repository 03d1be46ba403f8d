import { useEffect, useState, type ReactNode } from 'react';
import { chartOffsetMs } from './sweepCharts';

/**
 * `children`, first drawn `chartOffsetMs(index)` after this mounts, with an empty card of `minHeight`
 * in its place until then: starting a sweep or opening the view lays out the form, status and table
 * in one task and each chart in a task of its own, as their redraws are (together: ~50 ms of main thread).
 */
export function Staged({ index, minHeight, children }: { index: number; minHeight: number; children: ReactNode }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), chartOffsetMs(index));
    return () => clearTimeout(timer);
  }, [index]);
  return shown ? children : <div className="chart" style={{ minHeight }} />;
}
