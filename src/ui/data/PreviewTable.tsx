import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import {
  memo,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
  type FormEvent,
} from 'react';
import type { DatasetMeta } from '../../data/schema';
import { useActions } from '../common/ActionsContext';
import { formatCount, shortened } from '../common/format';
import { createRowPageStore } from './rowPages';
import { scrollExtent, scrollTopForRow, visibleRows, type WindowGeometry } from './virtualWindow';

/** Fixed, so that a row's place follows from its number alone (styles.css sets the same). */
const ROW_HEIGHT = 24;
/** Rows rendered beyond each edge, so that a small scroll shows text before the next render. */
const OVERSCAN = 3;
/** Until the scroll container is measured. */
const INITIAL_VIEWPORT = 14 * ROW_HEIGHT;
/** Columns rendered beyond each edge, so that a quick sideways scroll shows text before the next render. */
const OVERSCAN_COLUMNS = 10;
/** Up to this many columns every one is rendered: it costs little, and the browser's find in page sees them all. */
const ALL_COLUMNS_UP_TO = 100;
/** A cell's horizontal padding (styles.css). */
const CELL_PADDING = 20;
/** Characters of a cell in the DOM: more than the widest column shows; the title holds up to TITLE_CHARS. */
const CELL_CHARS = 100;
const TITLE_CHARS = 1000;

/**
 * Every row of a stored table, scrolled through with only the rows in view (and OVERSCAN more) in
 * the DOM, and beyond ALL_COLUMNS_UP_TO columns only those in view (and OVERSCAN_COLUMNS more): a table
 * can be thousands of columns wide. Rows come from the data worker a page at a time (rowPages.ts); the meta's first rows
 * show at once, placeholders while a page loads. Mount it with `key={meta.id}`: it starts at the top.
 */
export function PreviewTable({ meta }: { meta: DatasetMeta }) {
  const { workers } = useActions().ctx;
  const store = useMemo(
    () =>
      createRowPageStore(
        (start, count) => workers.readRows(meta.id, start, count),
        meta.rowCount,
        meta.preview,
        meta.columns.length,
      ),
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
    const observer = new ResizeObserver(() =>
      setViewportHeight(Math.max(ROW_HEIGHT, element.clientHeight - ROW_HEIGHT)),
    );
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

  const widths = useMemo(() => columnWidths(meta), [meta]);
  const [charWidth, setCharWidth] = useState(DEFAULT_CHAR_WIDTH);
  useLayoutEffect(() => setCharWidth(measureCharWidth(scrollRef.current!)), []);
  // The warning is React Compiler's, which this build does not use: this component renders anew on every scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const columns = useVirtualizer({
    horizontal: true,
    count: widths.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (column) => widths[column]! * charWidth + CELL_PADDING,
    overscan: widths.length <= ALL_COLUMNS_UP_TO ? widths.length : OVERSCAN_COLUMNS,
  });
  // The virtualizer keeps the sizes it was given; the measured character width changes them all.
  useLayoutEffect(() => columns.measure(), [columns, charWidth]);
  const shownColumns = columns.getVirtualItems();
  const layout = {
    '--preview-columns': shownColumns.map((column) => `${column.size}px`).join(' '),
    '--preview-offset': `${shownColumns[0]?.start ?? 0}px`,
  } as CSSProperties;
  const error = store.error();

  const goToRow = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const row = Number(new FormData(event.currentTarget).get('row'));
    if (!Number.isInteger(row) || row < 1 || row > meta.rowCount) return;
    scrollRef.current!.scrollTop = scrollTopForRow(geometry, row - 1);
    setWantedRow(row - 1);
  };

  return (
    <div className="preview-table" style={layout}>
      <div
        className="preview-scroll"
        ref={scrollRef}
        tabIndex={0}
        role="table"
        aria-label={`Rows of ${meta.name}`}
        aria-rowcount={meta.rowCount + 1}
        aria-colcount={widths.length}
        data-testid="preview-table"
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div className="preview-sizer" style={{ height: ROW_HEIGHT + height, width: columns.getTotalSize() }}>
          <div className="preview-row preview-header" role="row" aria-rowindex={1}>
            {shownColumns.map(({ index }) =>
              index === 0 ? (
                <span role="columnheader" key={index} aria-colindex={1} className="row-number">
                  #
                </span>
              ) : (
                <span
                  role="columnheader"
                  key={index}
                  aria-colindex={index + 1}
                  title={shortened(meta.columns[index - 1]!.name, TITLE_CHARS)}
                >
                  {shortened(meta.columns[index - 1]!.name, CELL_CHARS)}
                </span>
              ),
            )}
          </div>
          <div className="preview-rows" role="rowgroup" style={{ transform: `translateY(${ROW_HEIGHT + top}px)` }}>
            {Array.from({ length: end - first }, (_, i) => first + i).map((row) => (
              <PreviewRow
                key={row % slots}
                row={row}
                cells={store.rowAt(row)}
                columns={shownColumns}
                widths={widths}
                wanted={row === wantedRow}
              />
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
        <input
          id="preview-go-to"
          name="row"
          type="number"
          min={1}
          max={meta.rowCount}
          step={1}
          required
          data-testid="preview-go-to"
        />
        <button type="submit" data-testid="preview-go">
          Go
        </button>
      </form>
    </div>
  );
}

/** Memoised: while scrolling, a row whose text and columns are already there is not rendered again. */
const PreviewRow = memo(function PreviewRow({
  row,
  cells,
  columns,
  widths,
  wanted,
}: {
  row: number;
  cells: readonly string[] | undefined;
  /** The columns rendered; column 0 holds the row numbers, column c the data's column c - 1. */
  columns: readonly VirtualItem[];
  /** Each column's width in characters: a cell whose text is longer is cut off, and titled with it. */
  widths: readonly number[];
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
      {columns.map(({ index }) => {
        if (index === 0) {
          return (
            <span role="cell" key={index} aria-colindex={1} className="row-number">
              {formatCount(row + 1)}
            </span>
          );
        }
        const cell = cells?.[index - 1] ?? '';
        return (
          <span
            role="cell"
            key={index}
            aria-colindex={index + 1}
            title={cell.length > widths[index]! ? shortened(cell, TITLE_CHARS) : undefined}
          >
            {shortened(cell, CELL_CHARS)}
          </span>
        );
      })}
    </div>
  );
});

/** A guess at 1ch in the preview's 12 px font, until it is measured. */
const DEFAULT_CHAR_WIDTH = 7;

/** The width of "0" (CSS's 1ch) in the element's font, in pixels. */
function measureCharWidth(element: HTMLElement): number {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return DEFAULT_CHAR_WIDTH;
  const style = getComputedStyle(element);
  context.font = `${style.fontSize} ${style.fontFamily}`;
  return context.measureText('0').width || DEFAULT_CHAR_WIDTH;
}

/**
 * Each column's width in characters, from its name and the first rows' text (the rows further
 * down are not known yet), so that columns do not jump while scrolling. The row numbers' column
 * fits the largest number.
 */
function columnWidths(meta: DatasetMeta): number[] {
  const fit = (longest: number) => Math.min(26, Math.max(4, longest));
  return [
    fit(formatCount(meta.rowCount).length),
    ...meta.columns.map((column, c) =>
      fit(Math.max(column.name.length, ...meta.preview.map((row) => row[c]?.length ?? 0))),
    ),
  ];
}
