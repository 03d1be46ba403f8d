import { memo, useEffect, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties, type FormEvent } from 'react';
import type { DatasetMeta } from '../../data/schema';
import { useActions } from '../common/ActionsContext';
import { formatCount } from '../common/format';
import { createRowPageStore } from './rowPages';
import { scrollExtent, scrollTopForRow, visibleRows, type WindowGeometry } from './virtualWindow';

/** Fixed, so that a row's place follows from its number alone (styles.css sets the same). */
const ROW_HEIGHT = 24;
/** Rows rendered beyond each edge, so that a small scroll shows text before the next render. */
const OVERSCAN = 3;
/** Until the scroll container is measured. */
const INITIAL_VIEWPORT = 14 * ROW_HEIGHT;

/**
 * Every row of a stored table, scrolled through with only the rows in view (and OVERSCAN more) in
 * the DOM. Rows come from the data worker a page at a time (rowPages.ts); the meta's first rows
 * show at once, placeholders while a page loads. Mount it with `key={meta.id}`: it starts at the top.
 */
export function PreviewTable({ meta }: { meta: DatasetMeta }) {
  const { workers } = useActions().ctx;
  const store = useMemo(
    () => createRowPageStore((start, count) => workers.readRows(meta.id, start, count), meta.rowCount, meta.preview),
    [workers, meta],
  );
  useSyncExternalStore(store.subscribe, store.version);

  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(INITIAL_VIEWPORT);
  const [wantedRow, setWantedRow] = useState<number>();
  useEffect(() => {
    const element = scrollRef.current!;
    // The sticky header covers the top row's worth of the container.
    const observer = new ResizeObserver(() => setViewportHeight(Math.max(ROW_HEIGHT, element.clientHeight - ROW_HEIGHT)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const geometry: WindowGeometry = { rowCount: meta.rowCount, rowHeight: ROW_HEIGHT, viewportHeight };
  const { height } = scrollExtent(geometry);
  const { first, end, top } = visibleRows(geometry, scrollTop, OVERSCAN);
  // More than a window ever holds, so that `row % slots` names each rendered row once. Keyed by
  // slot, a row scrolled out is reused for one scrolled in: its text changes, no element is made.
  const slots = Math.ceil(viewportHeight / ROW_HEIGHT) + 2 * OVERSCAN + 2;
  useEffect(() => store.want(first, end), [store, first, end]);

  // 20 px: a cell's padding (styles.css).
  const columnTemplate = useMemo(() => columnWidths(meta).map((width) => `calc(${width}ch + 20px)`).join(' '), [meta]);
  const error = store.error();

  const goToRow = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const row = Number(new FormData(event.currentTarget).get('row'));
    if (!Number.isInteger(row) || row < 1 || row > meta.rowCount) return;
    scrollRef.current!.scrollTop = scrollTopForRow(geometry, row - 1);
    setWantedRow(row - 1);
  };

  return (
    <div className="preview-table" style={{ '--preview-columns': columnTemplate } as CSSProperties}>
      <div
        className="preview-scroll"
        ref={scrollRef}
        tabIndex={0}
        role="table"
        aria-label={`Rows of ${meta.name}`}
        aria-rowcount={meta.rowCount + 1}
        data-testid="preview-table"
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div className="preview-sizer" style={{ height: ROW_HEIGHT + height }}>
          <div className="preview-row preview-header" role="row" aria-rowindex={1}>
            <span role="columnheader" className="row-number">
              #
            </span>
            {meta.columns.map((column) => (
              <span role="columnheader" key={column.name} title={column.name}>
                {column.name}
              </span>
            ))}
          </div>
          <div className="preview-rows" role="rowgroup" style={{ transform: `translateY(${ROW_HEIGHT + top}px)` }}>
            {Array.from({ length: end - first }, (_, i) => first + i).map((row) => (
              <PreviewRow key={row % slots} row={row} cells={store.rowAt(row)} columnCount={meta.columns.length} wanted={row === wantedRow} />
            ))}
          </div>
        </div>
      </div>
      {error && (
        <p className="data-problem" role="alert" data-testid="preview-error">
          Could not read these rows: {error} Scroll to try again.
        </p>
      )}
      <form className="field inline preview-go-to" onSubmit={goToRow}>
        <span className="hint">{formatCount(meta.rowCount)} rows.</span>
        <label htmlFor="preview-go-to">Go to row</label>
        <input id="preview-go-to" name="row" type="number" min={1} max={meta.rowCount} step={1} required data-testid="preview-go-to" />
        <button type="submit" data-testid="preview-go">
          Go
        </button>
      </form>
    </div>
  );
}

/** Memoised: while scrolling, a row whose text is already there is not rendered again. */
const PreviewRow = memo(function PreviewRow({
  row,
  cells,
  columnCount,
  wanted,
}: {
  row: number;
  cells: readonly string[] | undefined;
  columnCount: number;
  wanted: boolean;
}) {
  return (
    <div
      className={`preview-row${cells ? '' : ' loading'}${wanted ? ' wanted' : ''}`}
      role="row"
      aria-rowindex={row + 2}
      aria-busy={!cells}
      data-row={row + 1}
    >
      <span role="cell" className="row-number">
        {formatCount(row + 1)}
      </span>
      {cells
        ? cells.map((cell, c) => (
            <span role="cell" key={c}>
              {cell}
            </span>
          ))
        : Array.from({ length: columnCount }, (_, c) => <span role="cell" key={c} />)}
    </div>
  );
});

/**
 * Each column's width in characters, from its name and the first rows' text (the rows further
 * down are not known yet), so that columns do not jump while scrolling. The row numbers' column
 * fits the largest number.
 */
function columnWidths(meta: DatasetMeta): number[] {
  const fit = (longest: number) => Math.min(26, Math.max(4, longest));
  return [
    fit(formatCount(meta.rowCount).length),
    ...meta.columns.map((column, c) => fit(Math.max(column.name.length, ...meta.preview.map((row) => row[c]?.length ?? 0)))),
  ];
}
