/**
 * What a person dropped or picked, sorted into what the studio imports: a CSV file, a zip of
 * image folders, or a folder's files with their paths. Folders are walked on the main thread:
 * the browser's directory entries cannot travel to a worker, but the File objects they give can.
 */
import type { FolderFile } from '../../workers/protocol';

export type DroppedData =
  | { readonly kind: 'csv'; readonly file: File }
  | { readonly kind: 'zip'; readonly file: File }
  | { readonly kind: 'folder'; readonly name: string; readonly files: readonly FolderFile[] };

const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed']);

export function isZip(file: File): boolean {
  return ZIP_TYPES.has(file.type) || file.name.toLowerCase().endsWith('.zip');
}

export function fileData(file: File): DroppedData {
  return isZip(file) ? { kind: 'zip', file } : { kind: 'csv', file };
}

/**
 * Reads a drop. The entries must be taken from the event before it returns (the browser empties
 * the DataTransfer afterwards); walking them may take longer.
 */
export function readDrop(dataTransfer: DataTransfer): Promise<DroppedData | undefined> {
  const entries = [...dataTransfer.items].map((item) => item.webkitGetAsEntry()).filter((entry) => entry !== null);
  const file = dataTransfer.files[0];
  if (!entries.some((entry) => entry.isDirectory)) return Promise.resolve(file && fileData(file));
  return folderData(entries);
}

async function folderData(entries: readonly FileSystemEntry[]): Promise<DroppedData> {
  const files: FolderFile[] = [];
  for (const entry of entries) await collectFiles(entry, files);
  const name = entries.length === 1 ? entries[0]!.name : `${entries.length} folders`;
  return { kind: 'folder', name, files };
}

async function collectFiles(entry: FileSystemEntry, into: FolderFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    // fullPath starts at the drop's root: "/shapes/cats/a.png".
    into.push({ path: entry.fullPath.replace(/^\//, ''), file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries hands a directory over in batches (100 in Chromium) until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const child of batch) await collectFiles(child, into);
  }
}

/** The files of a folder picked with `<input webkitdirectory>`, each with its path inside it. */
export function pickedFolderData(list: FileList): DroppedData | undefined {
  const files = [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
  if (files.length === 0) return undefined;
  return { kind: 'folder', name: files[0]!.path.split('/')[0]!, files };
}
