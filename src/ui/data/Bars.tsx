/** A tiny bar chart for a table cell: counts as heights, each bar titled; marked bars stand out. */
export function Bars({
  bars,
  label,
  testId,
}: {
  bars: readonly { count: number; title: string; marked?: boolean }[];
  label: string;
  testId?: string;
}) {
  const most = Math.max(1, ...bars.map((bar) => bar.count));
  return (
    <div className="bars" role="img" aria-label={label} data-testid={testId}>
      {bars.map((bar, i) => (
        <span
          key={i}
          className={bar.marked ? 'marked' : undefined}
          style={{ height: `${Math.max(1, (bar.count / most) * 24)}px` }}
          title={bar.title}
        />
      ))}
    </div>
  );
}
