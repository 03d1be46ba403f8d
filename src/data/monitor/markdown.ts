/** The drift report as Markdown: what "Download report" saves, readable without the studio. */
import { formatCount, formatValue } from '../../model/format';
import type { Drift, MonitorReport } from './report';
import { batchTerms, metricText } from './report';

const percent = (share: number): string => `${formatValue(share * 100)} %`;

function binTable(drift: Drift): string[] {
  return [
    '| bin | training | batch |',
    '| --- | ---: | ---: |',
    ...drift.bins.map(
      (bin) => `| ${bin.label.replace(/\|/g, '\\|')} | ${percent(bin.reference)} | ${percent(bin.batch)} |`,
    ),
  ];
}

/**
 * The report as Markdown; `figureFile(title)` names the PNG beside it that draws that drift, when
 * there is one (the predictions' title is "Predictions", a column's its name).
 */
export function monitorMarkdown(
  report: MonitorReport,
  batchName: string,
  figureFile: (title: string) => string | undefined = () => undefined,
): string {
  const figure = (title: string): string[] => {
    const file = figureFile(title);
    return file ? ['', `![${title}: training beside batch](${file})`] : [];
  };
  const drifted = report.columns.filter((column) => column.level === 'drifted');
  const { unit, none } = batchTerms(report);
  const lines = [
    `# Drift report: ${batchName}`,
    '',
    `${formatCount(report.rows)} ${unit} of the batch against ${formatCount(report.referenceRows)} training ${unit}.` +
      (report.failedRows > 0 ? ` ${formatCount(report.failedRows)} rows could not be predicted.` : ''),
    '',
    drifted.length === 0
      ? `${none} (PSI > 0.25).`
      : `Drifted (PSI > 0.25): ${drifted.map((column) => column.name).join(', ')}.`,
    ...(report.ignored.length > 0 ? ['', `Ignored (the model does not read them): ${report.ignored.join(', ')}.`] : []),
    ...(report.notes ?? []).flatMap((note) => ['', note]),
    '',
    'PSI below 0.1 is stable, 0.1 to 0.25 moderate, above 0.25 drifted (empty bins count as a share of 0.0001).',
    '',
    '| column | PSI | KS D (p) | χ² (p) | verdict |',
    '| --- | ---: | ---: | ---: | --- |',
    ...report.columns.map(
      (column) =>
        `| ${column.name} | ${formatValue(column.psi)} | ${column.ks ? `${formatValue(column.ks.statistic)} (${formatValue(column.ks.pValue)})` : ''} | ${column.chiSquare ? `${formatValue(column.chiSquare.statistic)} (${formatValue(column.chiSquare.pValue)})` : ''} | ${column.level} |`,
    ),
  ];
  if (report.metric) {
    const { name, batch, test, rows } = report.metric;
    lines.push(
      '',
      '## The model on this batch',
      '',
      `${name} on the batch (${formatCount(rows)} rows with the target): ${metricText(batch)}; on the test split: ${metricText(test)}.`,
    );
  }
  lines.push(
    '',
    '## Predictions',
    '',
    `${report.predictions.sentence}.`,
    ...figure('Predictions'),
    '',
    ...binTable(report.predictions),
  );
  for (const column of report.columns) {
    lines.push(
      '',
      `## ${column.name}`,
      '',
      `${column.sentence}.`,
      ...column.notes.map((note) => `\n${note}`),
      ...figure(column.name),
      '',
      ...binTable(column),
    );
  }
  return `${lines.join('\n')}\n`;
}
