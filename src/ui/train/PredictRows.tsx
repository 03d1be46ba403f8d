import { useState, type DragEvent } from 'react';
import { useRunStore } from '../../state/StudioProvider';
import { ActionButton, useActions } from '../common/ActionsContext';

/** Many rows at once: pasted as CSV or dropped as a file; the first shown with their predictions, all of them downloadable. */
export function PredictRows({
  text,
  setText,
  disabled,
}: {
  text: string;
  setText: (text: string) => void;
  disabled: boolean;
}) {
  const actions = useActions();
  const table = useRunStore((s) => s.predictedTable);
  const [dragging, setDragging] = useState(false);
  const predictFile = async (file: File | undefined) => {
    if (file) await actions.perform('predictTable', await file.text());
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!disabled) void predictFile(e.dataTransfer.files[0]);
  };

  return (
    <div
      className={`predict-rows${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <h3>Many rows</h3>
      <label htmlFor="predict-rows-text">Paste CSV rows (a header row is optional), or drop a CSV file here</label>
      <textarea
        id="predict-rows-text"
        data-testid="predict-rows-text"
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
      />
      <div className="button-row">
        <button
          type="button"
          data-testid="predict-rows-button"
          disabled={disabled || text.trim() === ''}
          onClick={() => void actions.perform('predictTable', text)}
        >
          Predict these rows
        </button>
        <label className="button-like">
          Choose a CSV file…
          <input
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            data-testid="predict-rows-file"
            disabled={disabled}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              void predictFile(file);
            }}
          />
        </label>
      </div>
      {table && (
        <div data-testid="predicted-rows">
          <p>
            <span data-testid="predicted-rows-summary">
              {table.rowCount} row{table.rowCount === 1 ? '' : 's'} predicted
              {table.failedRows > 0 && `; ${table.failedRows} could not be read (the error column says why)`}.
            </span>{' '}
            <ActionButton name="downloadPredictions" testId="predict-rows-download" />
          </p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  {table.header.map((name, i) => (
                    <th key={i}>{name}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.firstRows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (
                      <td key={j}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {table.rowCount > table.firstRows.length && (
            <p className="hint">
              The first {table.firstRows.length} rows; the download has all {table.rowCount}.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
