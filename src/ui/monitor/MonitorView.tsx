import { useState, type DragEvent } from 'react';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { batchTerms, metricText, type ColumnDrift, type Drift, type MonitorReport } from '../../data/monitor/report';
import { useRunStore } from '../../state/StudioProvider';
import { ActionButton, useActions, useCan } from '../common/ActionsContext';
import { seriesColour } from '../common/colours';
import { formatCount, formatValue } from '../common/format';
import { pickedFolderData, readDrop, type DroppedData } from '../data/droppedFiles';

/** A new batch of rows checked against the current model's training data: drift per column and of the predictions. */
export function MonitorView() {
  const monitoring = useRunStore((s) => s.monitoring);
  const can = useCan('monitorBatch');
  return (
    <div className="monitor-view" data-testid="monitor-view">
      <h2>Monitor</h2>
      <p className="hint">
        Check a new batch against the data the model was trained on: a CSV file of rows with a header naming the model’s
        columns, or, for an image model, images (several files, a folder or a zip; in sub-folders named after the
        classes, the accuracy too). How far each column (or each channel of the images) has drifted, and what the model
        predicts on it.
      </p>
      {can === true ? (
        <BatchDrop />
      ) : (
        <p className="empty" data-testid="monitor-empty">
          {can}
        </p>
      )}
      {monitoring && <Report report={monitoring.report} batchName={monitoring.batchName} />}
    </div>
  );
}

function BatchDrop() {
  const actions = useActions();
  const [dragging, setDragging] = useState(false);
  const check = (files: FileList | null) => void actions.perform('monitorBatch', files ? Array.from(files) : []);
  const checkFolder = (folder: DroppedData | undefined) => {
    if (folder?.kind === 'folder') void actions.perform('monitorFolder', folder);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const droppedFolder = [...event.dataTransfer.items].some((item) => item.webkitGetAsEntry()?.isDirectory);
    if (droppedFolder) void readDrop(event.dataTransfer).then(checkFolder);
    else check(event.dataTransfer.files);
  };
  return (
    <>
      <label
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <strong>Drop a batch here: a CSV file, images, a folder or a zip</strong>
        <span>or click to choose files. They stay in this browser.</span>
        <input
          type="file"
          multiple
          accept=".csv,.tsv,.txt,text/csv,.zip,application/zip,image/*"
          aria-label="Choose a batch"
          data-testid="monitor-file"
          onChange={(e) => {
            const files = e.target.files;
            check(files);
            e.target.value = '';
          }}
        />
      </label>
      <label className="folder-picker">
        <span className="button-like">Choose a folder of images…</span>
        <input
          type="file"
          // Not in React's types; the browser asks for a folder and lists every file in it.
          {...{ webkitdirectory: '' }}
          aria-label="Choose a folder of images"
          data-testid="monitor-folder"
          onChange={(e) => {
            const folder = e.target.files ? pickedFolderData(e.target.files) : undefined;
            e.target.value = '';
            checkFolder(folder);
          }}
        />
      </label>
    </>
  );
}

function Report({ report, batchName }: { report: MonitorReport; batchName: string }) {
  const drifted = report.columns.filter((column) => column.level === 'drifted');
  const { unit, none } = batchTerms(report);
  return (
    <section className="monitor-report" data-testid="monitor-report" aria-label={`Drift report for ${batchName}`}>
      <div className="monitor-header">
        <h3>{batchName}</h3>
        <ActionButton name="downloadMonitorReport" testId="monitor-download" />
      </div>
      <p data-testid="monitor-summary">
        {formatCount(report.rows)} {unit} against {formatCount(report.referenceRows)} training {unit}.{' '}
        {drifted.length === 0 ? `${none}.` : `Drifted: ${drifted.map((column) => column.name).join(', ')}.`}
        {report.failedRows > 0 && ` ${formatCount(report.failedRows)} rows could not be predicted.`}
      </p>
      {report.notes?.map((note) => (
        <p key={note} className="hint" data-testid="monitor-note">
          {note}
        </p>
      ))}
      {report.ignored.length > 0 && (
        <p className="hint" data-testid="monitor-ignored">
          Ignored (the model does not read them): {report.ignored.join(', ')}.
        </p>
      )}
      {report.metric && (
        <p data-testid="monitor-metric">
          {report.metric.name} on this batch ({formatCount(report.metric.rows)} rows with the target):{' '}
          <strong>{metricText(report.metric.batch)}</strong>; on the test split: {metricText(report.metric.test)}.
        </p>
      )}
      <p className="hint">
        PSI below 0.1 is stable, 0.1 to 0.25 moderate, above 0.25 drifted. KS: the largest gap between the two
        cumulative distributions; χ²: the test that the categories are shared alike; each with its p-value.
      </p>
      <div className="monitor-columns">
        <DriftCard title="Predictions" drift={report.predictions} testId="monitor-predictions" />
        {report.columns.map((column) => (
          <DriftCard key={column.name} title={column.name} drift={column} column={column} testId="monitor-column" />
        ))}
      </div>
    </section>
  );
}

function DriftCard({
  title,
  drift,
  column,
  testId,
}: {
  title: string;
  drift: Drift;
  column?: ColumnDrift;
  testId: string;
}) {
  const data = drift.bins.map((bin) => ({ bin: bin.label, training: bin.reference, batch: bin.batch }));
  return (
    <figure className="chart monitor-card" data-testid={testId} data-column={column?.name} data-level={drift.level}>
      <figcaption>
        <span className={`monitor-level ${drift.level}`}>{drift.level}</span> {title}
      </figcaption>
      <p data-testid="monitor-sentence">{drift.sentence}.</p>
      {column?.ks && (
        <p className="hint">
          KS {formatValue(column.ks.statistic)} (p {formatValue(column.ks.pValue)})
        </p>
      )}
      {column?.chiSquare && (
        <p className="hint">
          χ² {formatValue(column.chiSquare.statistic)} (p {formatValue(column.chiSquare.pValue)})
        </p>
      )}
      {column?.notes.map((note) => (
        <p key={note} className="hint">
          {note}
        </p>
      ))}
      <ResponsiveContainer width="100%" height={180}>
        <BarChart
          data={data}
          margin={{ top: 4, right: 8, bottom: 4, left: 0 }}
          role="img"
          aria-label={`${title}: share of rows per bin, training beside batch`}
        >
          <XAxis dataKey="bin" tick={{ fontSize: 10 }} interval={0} angle={-30} textAnchor="end" height={48} />
          <YAxis width={52} tickFormatter={(v: number) => `${formatValue(v * 100)}%`} />
          <Tooltip formatter={(v) => `${formatValue(Number(v) * 100)} %`} />
          <Legend />
          <Bar dataKey="training" fill={seriesColour(0)} isAnimationActive={false} />
          <Bar dataKey="batch" fill={seriesColour(1)} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
