import { useState, type DragEvent } from 'react';
import { SAMPLES } from '../../data/samples';
import { useSessionStore } from '../../state/StudioProvider';
import { useActions } from '../common/ActionsContext';
import { fileData, pickedFolderData, readDrop, type DroppedData } from './droppedFiles';
import { DatasetLibrary } from './DatasetLibrary';
import { ImageImportForm } from './ImageImportForm';

/** Where data comes from: a dropped or chosen CSV, zip or folder of images, or a sample. */
export function DataSources() {
  const actions = useActions();
  const importing = useSessionStore((s) => s.importing);
  const [dragging, setDragging] = useState(false);
  /** Images wait here for their size and colour before the import starts. */
  const [pendingImages, setPendingImages] = useState<Exclude<DroppedData, { kind: 'csv' }> | null>(null);

  const take = (data: DroppedData | undefined) => {
    if (!data) return;
    if (data.kind === 'csv') void actions.perform('importCsvFile', data.file);
    else setPendingImages(data);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void readDrop(event.dataTransfer).then(take);
  };
  return (
    <aside className="data-sources">
      <h2>Bring data</h2>
      <label
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <strong>Drop a CSV file, a zip of image folders, or a folder here</strong>
        <span>or click to choose a file. It stays in this browser.</span>
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv,.zip,application/zip"
          data-testid="file-input"
          disabled={importing !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) take(fileData(file));
          }}
        />
      </label>
      <label className="folder-picker">
        <span className="button-like">Choose an image folder…</span>
        <input
          type="file"
          // Not in React's types; the browser asks for a folder and lists every file in it.
          {...{ webkitdirectory: '' }}
          data-testid="folder-input"
          disabled={importing !== null}
          onChange={(e) => {
            const data = e.target.files ? pickedFolderData(e.target.files) : undefined;
            e.target.value = '';
            take(data);
          }}
        />
      </label>
      {pendingImages && (
        <ImageImportForm
          name={pendingImages.kind === 'zip' ? pendingImages.file.name : pendingImages.name}
          onCancel={() => setPendingImages(null)}
          onImport={(settings) => {
            setPendingImages(null);
            if (pendingImages.kind === 'zip')
              void actions.perform('importImageZip', { file: pendingImages.file, settings });
            else
              void actions.perform('importImageFolder', {
                name: pendingImages.name,
                files: pendingImages.files,
                settings,
              });
          }}
        />
      )}
      <h3>Samples</h3>
      <ul className="samples" aria-label="Samples">
        {SAMPLES.map((sample) => (
          <li key={sample.id}>
            <button
              type="button"
              data-testid={`sample-${sample.id}`}
              disabled={importing !== null}
              onClick={() => void actions.perform('loadSample', sample.id)}
            >
              <strong>{sample.name}</strong>
              <span>{sample.description}</span>
            </button>
            <small className="licence">{sample.licence}</small>
          </li>
        ))}
      </ul>
      <DatasetLibrary />
    </aside>
  );
}
