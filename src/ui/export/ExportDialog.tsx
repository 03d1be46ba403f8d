import { useEffect, useState, type ReactNode } from 'react';
import { useRunStore, useSessionStore } from '../../state/StudioProvider';
import type { RunExportPreview } from '../../state/runStore';
import type { ExportFormat, ExportMeasure, ExportOptions, WeightPrecision } from '../../workers/protocol';
import { useActions, useCan } from '../common/ActionsContext';
import { formatBytes } from '../common/format';
import { useModalDialog } from '../common/useModalDialog';
import { MetricText } from '../evaluate/MetricText';

const FORMATS: readonly { value: ExportFormat; label: string; help: string }[] = [
  { value: 'tfjs', label: 'TF.js', help: 'model.json + weight shards: tf.loadLayersModel in a page or Node.' },
  { value: 'onnx', label: 'ONNX', help: 'model.onnx (opset 17): onnxruntime in any language.' },
  { value: 'keras', label: 'Keras / Python', help: 'A Keras script, weights.npz, and predict.py that needs numpy alone.' },
];

const PRECISIONS: readonly { value: WeightPrecision; label: string }[] = [
  { value: 'float32', label: 'float32 (as trained)' },
  { value: 'float16', label: 'float16 (½ size)' },
  { value: 'uint16', label: 'uint16 (½ size)' },
  { value: 'uint8', label: 'uint8 (¼ size)' },
];

/** Format, quantisation and packaging, with what quantising costs, measured on the test split in the training worker. */
export function ExportDialog() {
  const open = useSessionStore((s) => s.dialog === 'export');
  const close = useSessionStore((s) => s.openDialog);
  const dialog = useModalDialog(open);
  return (
    <dialog ref={dialog} className="export-dialog" data-testid="export-dialog" aria-labelledby="export-title" onClose={() => close(null)}>
      <h2 id="export-title">Export model</h2>
      {open && <ExportForm />}
    </dialog>
  );
}

function ExportForm() {
  const actions = useActions();
  const runId = useRunStore((s) => s.run?.id);
  const preview = useRunStore((s) => s.exportPreview);
  const exporting = useRunStore((s) => s.exporting);
  const canDownload = useCan('downloadModel');
  const [options, setOptions] = useState<ExportOptions>({ format: 'tfjs', precision: 'float32', packaging: 'zip' });
  const set = (patch: Partial<ExportOptions>) => setOptions({ ...options, ...patch });
  const measuredHere = preview?.runId === runId && preview?.precision === options.precision;

  useEffect(() => {
    if (!measuredHere) void actions.perform('previewExport', options.precision);
  }, [actions, measuredHere, options.precision]);

  const unsupported = preview?.status === 'done' && options.format !== 'tfjs' ? preview.result.unsupported[options.format] : [];
  return (
    <form
      method="dialog"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.perform('downloadModel', options);
      }}
    >
      <fieldset className="field">
        <legend>Format</legend>
        {FORMATS.map((format) => (
          <label key={format.value} className="field inline">
            <input type="radio" name="format" value={format.value} data-testid={`export-format-${format.value}`} checked={options.format === format.value} onChange={() => set({ format: format.value })} />
            {format.label} <span className="field-help">{format.help}</span>
          </label>
        ))}
      </fieldset>
      {unsupported.length > 0 && (
        <div className="field-error" role="alert" data-testid="export-unsupported">
          Not supported in {options.format === 'onnx' ? 'ONNX' : 'the Python'} export:
          <ul>
            {unsupported.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="field">
        <label htmlFor="export-precision">Weights</label>
        <select id="export-precision" data-testid="export-precision" value={options.precision} disabled={options.format !== 'tfjs'} onChange={(e) => set({ precision: e.target.value as WeightPrecision })}>
          {PRECISIONS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        {options.format !== 'tfjs' && <span className="field-help">Quantisation is written for TF.js only; this format keeps float32.</span>}
      </div>
      <Comparison preview={measuredHere ? preview : null} />
      <fieldset className="field">
        <legend>Download as</legend>
        <label className="field inline">
          <input type="radio" name="packaging" data-testid="export-packaging-zip" checked={options.packaging === 'zip'} onChange={() => set({ packaging: 'zip' })} />
          one zip
        </label>
        <label className="field inline">
          <input type="radio" name="packaging" data-testid="export-packaging-files" checked={options.packaging === 'files'} onChange={() => set({ packaging: 'files' })} />
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
        <button type="button" onClick={() => actions.ctx.session.getState().openDialog(null)}>
          Close
        </button>
        <button type="submit" className="primary" data-testid="export-download" disabled={canDownload !== true || unsupported.length > 0} title={canDownload === true ? undefined : canDownload}>
          Download
        </button>
      </div>
    </form>
  );
}

/** Size and test metric before and after quantisation. */
function Comparison({ preview }: { preview: RunExportPreview | null }) {
  if (!preview || preview.status === 'running') return <p className="hint" data-testid="export-measuring">Measuring sizes and test accuracy…</p>;
  if (preview.status === 'failed') {
    return (
      <p className="field-error" role="alert" data-testid="export-preview-error">
        {preview.error}
      </p>
    );
  }
  const { float32, quantized, precision } = preview.result;
  const rows: readonly [string, (m: ExportMeasure) => ReactNode, string][] = [
    ['Weights', (m) => <Bytes bytes={m.weightBytes} />, 'weights'],
    ['model.json + weights', (m) => <Bytes bytes={m.totalBytes} />, 'total'],
    [`Test ${float32.test.name}`, (m) => <MetricText metric={m.test.value} />, 'test'],
  ];
  return (
    <table className="export-comparison" data-testid="export-comparison">
      <thead>
        <tr>
          <th />
          <th>float32</th>
          {precision !== 'float32' && <th>{precision}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, cell, id]) => (
          <tr key={id}>
            <th scope="row">{label}</th>
            <td data-testid={`export-${id}-float32`}>{cell(float32)}</td>
            {precision !== 'float32' && <td data-testid={`export-${id}-quantized`}>{cell(quantized)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Bytes({ bytes }: { bytes: number }) {
  return <span data-bytes={bytes}>{formatBytes(bytes)}</span>;
}
