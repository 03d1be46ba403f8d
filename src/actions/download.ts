import type { ExportFile } from '../model/modelExport';
import type { ActionContext } from './types';

/** The data set's name (for file names), or "model" when the project has none. */
export function datasetName({ project, session }: ActionContext): string {
  const datasetId = project.getState().project.data.datasetId;
  return (datasetId && session.getState().datasets[datasetId]?.name) || 'model';
}

/** Hands one file to the browser's downloads. */
export function saveFile({ name, bytes }: ExportFile): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  // Revoke later: Chromium reads the blob asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file-name-safe form of `name`, its extension dropped. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/\.[a-z0-9]+$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'model'
  );
}
