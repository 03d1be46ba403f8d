/**
 * Reads a zip archive from a Blob one entry at a time. The central directory (at the end of the
 * archive) lists every entry with its name, sizes and offset, so the importer knows how many files
 * there are, and which classes, before inflating any of them; each entry is then read from its own
 * slice of the Blob and inflated with fflate. Neither the archive nor its inflated files are ever
 * held whole. (fflate's `unzip` needs the whole archive in memory; its streaming `Unzip` cannot
 * tell how many files are coming.)
 *
 * Entry names are returned as stored: deciding whether a name is safe is the caller's business.
 */
import { inflateSync } from 'fflate';
import type { Result } from '../../model/result';

export interface ZipEntry {
  /** The name as stored in the archive (UTF-8), `/`-separated; directories end with `/`. */
  readonly path: string;
  /** Inflated size, as the archive states it. */
  readonly size: number;
  /** The entry's bytes, or why they cannot be read (damaged, encrypted, an unknown method, too large). */
  read(): Promise<Result<Uint8Array>>;
}

/** An entry inflating to more than this is refused: no image the studio imports needs it, and a zip bomb would. */
export const MAX_ENTRY_BYTES = 64 * 2 ** 20;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const END_RECORD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const CENTRAL_HEADER_BYTES = 46;
const LOCAL_HEADER_BYTES = 30;
const STORED = 0;
const DEFLATED = 8;
/** Local headers may carry a longer "extra" field than the central directory: read this much beyond it at once. */
const LOCAL_EXTRA_SLACK = 256;

const NOT_A_ZIP = 'This file is not a zip archive.';
const TRUNCATED =
  'The zip archive is incomplete (cut short while downloading or copying?); its list of files is missing or damaged.';

/** The archive's entries, in the order the central directory lists them. */
export async function readZipEntries(blob: Blob): Promise<Result<ZipEntry[]>> {
  const head = await bytesOf(blob.slice(0, 4));
  const looksLikeZip = head.length === 4 && new DataView(head.buffer).getUint32(0, true) === LOCAL_FILE_HEADER;
  const tailStart = Math.max(0, blob.size - END_RECORD_BYTES - MAX_COMMENT_BYTES);
  const tail = await bytesOf(blob.slice(tailStart));
  const end = findEndRecord(tail);
  if (end === undefined) return { ok: false, error: looksLikeZip ? TRUNCATED : NOT_A_ZIP };
  const endView = new DataView(tail.buffer, tail.byteOffset + end);
  const entryCount = endView.getUint16(10, true);
  const directorySize = endView.getUint32(12, true);
  const directoryOffset = endView.getUint32(16, true);
  if (entryCount === 0xffff || directoryOffset === 0xffffffff) {
    return {
      ok: false,
      error:
        'This zip uses the ZIP64 format (over 65,535 files or 4 GB), which the studio cannot read; split it into smaller zips.',
    };
  }
  if (directoryOffset + directorySize > tailStart + end)
    return { ok: false, error: looksLikeZip ? TRUNCATED : NOT_A_ZIP };
  if (entryCount === 0) return { ok: false, error: 'The zip archive is empty.' };

  const directory = await bytesOf(blob.slice(directoryOffset, directoryOffset + directorySize));
  const view = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const names = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let offset = 0;
  for (let i = 0; i < entryCount; i++) {
    if (offset + CENTRAL_HEADER_BYTES > directory.length || view.getUint32(offset, true) !== CENTRAL_DIRECTORY_HEADER) {
      return { ok: false, error: TRUNCATED };
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const header: CentralHeader = {
      encrypted: (view.getUint16(offset + 8, true) & 1) === 1,
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
      nameLength,
      extraLength,
    };
    const path = names.decode(
      directory.subarray(offset + CENTRAL_HEADER_BYTES, offset + CENTRAL_HEADER_BYTES + nameLength),
    );
    entries.push({ path, size: header.size, read: () => readEntry(blob, header) });
    offset += CENTRAL_HEADER_BYTES + nameLength + extraLength + view.getUint16(offset + 32, true);
  }
  return { ok: true, value: entries };
}

interface CentralHeader {
  readonly encrypted: boolean;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly nameLength: number;
  readonly extraLength: number;
}

/** The end record is the last 22 bytes but for a comment of up to 64 KiB: search back from the end. */
function findEndRecord(tail: Uint8Array): number | undefined {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let offset = tail.length - END_RECORD_BYTES; offset >= 0; offset--) {
    if (
      view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY &&
      offset + END_RECORD_BYTES + view.getUint16(offset + 20, true) === tail.length
    ) {
      return offset;
    }
  }
  return undefined;
}

async function readEntry(blob: Blob, header: CentralHeader): Promise<Result<Uint8Array>> {
  if (header.encrypted) return { ok: false, error: 'it is encrypted' };
  if (header.method !== STORED && header.method !== DEFLATED)
    return { ok: false, error: `it is compressed with a method the studio cannot read (${header.method})` };
  if (header.size > MAX_ENTRY_BYTES) return { ok: false, error: `it is over ${MAX_ENTRY_BYTES / 2 ** 20} MB` };
  const guess = LOCAL_HEADER_BYTES + header.nameLength + header.extraLength + LOCAL_EXTRA_SLACK + header.compressedSize;
  let bytes = await bytesOf(blob.slice(header.localOffset, header.localOffset + guess));
  if (bytes.length < LOCAL_HEADER_BYTES || new DataView(bytes.buffer).getUint32(0, true) !== LOCAL_FILE_HEADER) {
    return { ok: false, error: 'the zip is damaged where this file should be' };
  }
  const local = new DataView(bytes.buffer);
  const dataStart = LOCAL_HEADER_BYTES + local.getUint16(26, true) + local.getUint16(28, true);
  const dataEnd = dataStart + header.compressedSize;
  if (dataEnd > bytes.length) bytes = await bytesOf(blob.slice(header.localOffset, header.localOffset + dataEnd));
  if (dataEnd > bytes.length) return { ok: false, error: 'the zip is cut short inside this file' };
  const data = bytes.subarray(dataStart, dataEnd);
  if (header.size === 0) return { ok: true, value: new Uint8Array(0) };
  if (header.method === STORED)
    return data.length === header.size ? { ok: true, value: data } : { ok: false, error: 'the zip is damaged here' };
  try {
    // Inflating into a buffer of the stated size also stops a zip bomb at that size.
    const inflated = inflateSync(data, { out: new Uint8Array(header.size) });
    return inflated.length === header.size
      ? { ok: true, value: inflated }
      : { ok: false, error: 'it could not be unzipped (damaged data)' };
  } catch {
    return { ok: false, error: 'it could not be unzipped (damaged data)' };
  }
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}
