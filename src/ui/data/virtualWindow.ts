/**
 * Which rows of a fixed-row-height list to render for a scroll position. Pure arithmetic, so the
 * preview table and its tests share it.
 *
 * Browsers stop growing an element near 33.5 M px (Chromium) or 17.9 M px (Firefox). Beyond
 * MAX_SCROLL_HEIGHT the scroll range is scaled: a pixel scrolled moves `scale` pixels of rows, and
 * the last scroll position still shows the last row at the bottom.
 */

/** Under every browser's element height limit. */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface WindowGeometry {
  readonly rowCount: number;
  readonly rowHeight: number;
  /** Height of the area rows show in (the scroll container less its sticky header). */
  readonly viewportHeight: number;
  readonly maxHeight?: number;
}

export interface RowWindow {
  /** Rows [first, end) are rendered: the visible ones and `overscan` more on either side. */
  readonly first: number;
  readonly end: number;
  /** Where row `first`'s top goes, in the scrolled content's pixels (negative: partly above it). */
  readonly top: number;
}

/** The scrolled content's height, and how many pixels of rows one pixel of scrolling moves (≥ 1). */
export function scrollExtent({ rowCount, rowHeight, viewportHeight, maxHeight = MAX_SCROLL_HEIGHT }: WindowGeometry): {
  height: number;
  scale: number;
} {
  const rowsHeight = rowCount * rowHeight;
  if (rowsHeight <= maxHeight) return { height: rowsHeight, scale: 1 };
  // Scale the scroll range, not the height: the last scroll position must reach the last row.
  return { height: maxHeight, scale: (rowsHeight - viewportHeight) / Math.max(1, maxHeight - viewportHeight) };
}

export function visibleRows(geometry: WindowGeometry, scrollTop: number, overscan: number): RowWindow {
  const { rowCount, rowHeight, viewportHeight } = geometry;
  const { height, scale } = scrollExtent(geometry);
  const clampedScrollTop = Math.min(Math.max(0, scrollTop), Math.max(0, height - viewportHeight));
  const rowsTop = clampedScrollTop * scale;
  const first = Math.max(0, Math.floor(rowsTop / rowHeight) - overscan);
  const end = Math.min(rowCount, Math.ceil((rowsTop + viewportHeight) / rowHeight) + overscan);
  return { first, end, top: clampedScrollTop + first * rowHeight - rowsTop };
}

/** The scroll position that puts `row` (0-based) at the top, or as near as the end allows. */
export function scrollTopForRow(geometry: WindowGeometry, row: number): number {
  const { rowCount, rowHeight, viewportHeight } = geometry;
  const { scale } = scrollExtent(geometry);
  const rowsTop = Math.min(Math.max(0, row * rowHeight), Math.max(0, rowCount * rowHeight - viewportHeight));
  return rowsTop / scale;
}
