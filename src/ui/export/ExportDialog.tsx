import { useEffect, useState, type ReactNode } from 'react';
import type { ExportCompression, ExportMeasure, ExportOptions, WeightPrecision } from '../../model/modelExport';
import { useRunStore } from '../../state/StudioProvider';
import type { RunExportPreview } from '../../state/runStore';
import { exportFormatInfo, exportFormats, type SizeRow } from '../../model/exportFormats';
import { useActions, useCan } from '../common/ActionsContext';
import { formatBytes } from '../common/format';
import { StudioDialog } from '../common/StudioDialog';
import { MetricText } from '../evaluate/MetricText';

/** The labels of the formats that write quantised weights ("TF.js"). */
const QUANTISING = exportFormats
  .filter((format) => format.quantises)
  .map((format) => format.label)
  .join(', ');

const PRECISIONS: readonly { value: WeightPrecision; label: string }[] = [
  { value: 'float32', label: 'float32 (as trained)' },
  { value: 'float16', label: 'float16 (½ size)' },
  { value: 'uint16', label: 'uint16 (½ size)' },
  { value: 'uint8', label: 'uint8 (¼ size)' },
];

/** Share of each weight matrix set to zero: 0 to 95 % (beyond that little of a model is left). */
const SPARSITIES: readonly number[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

/** Format, pruning, quantisation and packaging, with what pruning and quantising cost, measured on the test split in the training worker. */
export function ExportDialog() {
  return (
    <StudioDialog name="export" title="Export model" className="export-dialog" testId="export-dialog">
      <ExportForm />
    </StudioDialog>
  );
}

function ExportForm() {
  const actions = useActions();
  const runId = useRunStore((s) => s.run?.id);
  const preview = useRunStore((s) => s.exportPreview);
  const exporting = useRunStore((s) => s.exporting);
  const canDownload = useCan('downloadModel');
  const [options, setOptions] = useState<ExportOptions>({
    format: 'tfjs',
    precision: 'float32',
    sparsity: 0,
    packaging: 'zip',
  });
  const set = (patch: Partial<ExportOptions>) => setOptions({ ...options, ...patch });
  const format = exportFormatInfo(options.format);
  // A format that keeps float32 is measured, described and written as float32, whatever the TF.js choice was.
  const precision = format.quantises ? options.precision : 'float32';
  const { sparsity } = options;
  const measuredHere =
    preview !== null &&
    preview.runId === runId &&
    preview.compression.precision === precision &&
    preview.compression.sparsity === sparsity;

  useEffect(() => {
    if (!measuredHere) void actions.perform('previewExport', { precision, sparsity });
  }, [actions, measuredHere, precision, sparsity]);

  const unsupported = preview?.status === 'done' ? preview.result.unsupported[options.format] : [];
  return (
    <form
      method="dialog"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.perform('downloadModel', { ...options, precision });
      }}
    >
      <fieldset className="field">
        <legend>Format</legend>
        {exportFormats.map((choice) => (
          <label key={choice.id} className="field inline">
            <input
              type="radio"
              name="format"
              value={choice.id}
              data-testid={`export-format-${choice.id}`}
              checked={options.format === choice.id}
              onChange={() => set({ format: choice.id })}
            />
            {choice.label} <span className="field-help">{choice.help}</span>
          </label>
        ))}
      </fieldset>
      {unsupported.length > 0 && (
        <div className="field-error" role="alert" data-testid="export-unsupported">
          Not supported in the {format.label} export:
          <ul>
            {unsupported.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="field">
        <label htmlFor="export-precision">Weights</label>
        <select
          id="export-precision"
          data-testid="export-precision"
          value={precision}
          disabled={!format.quantises}
          onChange={(e) => set({ precision: e.target.value as WeightPrecision })}
        >
          {PRECISIONS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        {!format.quantises && (
          <span className="field-help">Quantisation is written for {QUANTISING} only; this format keeps float32.</span>
        )}
      </div>
      <div className="field">
        <label htmlFor="export-sparsity">Prune</label>
        <select
          id="export-sparsity"
          data-testid="export-sparsity"
          value={sparsity}
          onChange={(e) => set({ sparsity: Number(e.target.value) })}
        >
          {SPARSITIES.map((share) => (
            <option key={share} value={share}>
              {share === 0 ? 'nothing (as trained)' : `${Math.round(share * 100)} % of each weight matrix`}
            </option>
          ))}
        </select>
        <span className="field-help">
          The smallest weights of every kernel become zero (biases and normalisation are kept): the zip shrinks, every
          format carries it.
        </span>
      </div>
      <Comparison preview={measuredHere ? preview : null} sizes={format.sizes} />
      <fieldset className="field">
        <legend>Download as</legend>
        <label className="field inline">
          <input
            type="radio"
            name="packaging"
            data-testid="export-packaging-zip"
            checked={options.packaging === 'zip'}
            onChange={() => set({ packaging: 'zip' })}
          />
          one zip
        </label>
        <label className="field inline">
          <input
            type="radio"
            name="packaging"
            data-testid="export-packaging-files"
            checked={options.packaging === 'files'}
            onChange={() => set({ packaging: 'files' })}
          />
          separate files <span className="field-help">(the browser may ask to allow several downloads)</span>
        </label>
      </fieldset>
      {exporting?.runId === runId && exporting?.status === 'failed' && (
        <p className="field-error" role="alert" data-testid="export-error">
          {exporting.error}
        </p>
      )}
      {exporting?.runId === runId && exporting?.status === 'running' && <p className="hint">Writing the export…</p>}
      <div className="dialog-buttons">
        <button type="button" onClick={() => void actions.perform('closeDialog')}>
          Close
        </button>
        <button
          type="button"
          data-testid="export-card-download"
          // The card describes the export: a format that cannot write this model has none to describe.
          disabled={canDownload !== true || unsupported.length > 0}
          title={
            canDownload === true
              ? 'The model card alone: one web page describing the data, the network, its training and its test metrics'
              : canDownload
          }
          onClick={() => void actions.perform('downloadModelCard', { format: options.format, precision, sparsity })}
        >
          Model card
        </button>
        <button
          type="submit"
          className="primary"
          data-testid="export-download"
          disabled={canDownload !== true || unsupported.length > 0}
          title={canDownload === true ? undefined : canDownload}
        >
          Download
        </button>
      </div>
    </form>
  );
}

/** Size (the rows the chosen format writes) and test metric as trained and as exported (pruned and quantised). */
function Comparison({ preview, sizes }: { preview: RunExportPreview | null; sizes: readonly SizeRow[] }) {
  if (!preview || preview.status === 'running')
    return (
      <p className="hint" data-testid="export-measuring">
        Measuring sizes and test accuracy…
      </p>
    );
  if (preview.status === 'failed') {
    return (
      <p className="field-error" role="alert" data-testid="export-preview-error">
        {preview.error}
      </p>
    );
  }
  const { float32, exported, compression } = preview.result;
  const changed = compression.precision !== 'float32' || compression.sparsity > 0;
  const sizeRows: readonly [string, (m: ExportMeasure) => ReactNode, SizeRow][] = [
    ['Weights', (m) => <Bytes bytes={m.weightBytes} />, 'weights'],
    ['model.json + weights', (m) => <Bytes bytes={m.totalBytes} />, 'total'],
    ['Zipped', (m) => <Bytes bytes={m.zipBytes} />, 'zip'],
  ];
  const rows: readonly [string, (m: ExportMeasure) => ReactNode, string][] = [
    ...sizeRows.filter(([, , id]) => sizes.includes(id)),
    ['Zero weights', (m) => <span data-share={m.zeroShare}>{Math.round(m.zeroShare * 100)} %</span>, 'zeros'],
    [`Test ${float32.test.name}`, (m) => <MetricText metric={m.test.value} />, 'test'],
  ];
  return (
    <table className="export-comparison" data-testid="export-comparison">
      <thead>
        <tr>
          <th />
          <th>as trained</th>
          {changed && <th>{compressionLabel(compression)}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, cell, id]) => (
          <tr key={id}>
            <th scope="row">{label}</th>
            <td data-testid={`export-${id}-float32`}>{cell(float32)}</td>
            {changed && <td data-testid={`export-${id}-exported`}>{cell(exported)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "uint8, 50 % pruned". */
function compressionLabel({ precision, sparsity }: ExportCompression): string {
  const pruned = sparsity > 0 ? `${Math.round(sparsity * 100)} % pruned` : '';
  return [precision === 'float32' ? '' : precision, pruned].filter(Boolean).join(', ');
}

function Bytes({ bytes }: { bytes: number }) {
  return <span data-bytes={bytes}>{formatBytes(bytes)}</span>;
}
