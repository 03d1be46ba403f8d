// A reproducible CSV of any length, written to disk in blocks so that Node never holds the file:
// numeric columns x1…xN (values in [-100, 100) with three decimals, spread by a multiplicative
// hash of row and column) and categorical columns c1…cM (five colours). 16 numeric + 4 categorical
// columns make about 140 bytes a row. Used by the CSV import bench (bench/run.mjs) and the import
// e2e spec.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const COLOURS = ['red', 'green', 'blue', 'amber', 'violet'];
const ROWS_PER_BLOCK = 10_000;

/** 200,000 distinct values per column, visited in a scattered order. */
const VALUES = 200_003;

/** Writes the file; resolves to its size in bytes. */
export async function writeSyntheticCsv(path, { rows, numericColumns = 16, categoricalColumns = 4 }) {
  const header = [
    ...Array.from({ length: numericColumns }, (_, i) => `x${i + 1}`),
    ...Array.from({ length: categoricalColumns }, (_, i) => `c${i + 1}`),
  ];
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${header.join(',')}\n`);
  for (let start = 0; start < rows; start += ROWS_PER_BLOCK) {
    const lines = [];
    for (let row = start; row < Math.min(rows, start + ROWS_PER_BLOCK); row++) {
      const cells = [];
      for (let c = 0; c < numericColumns; c++)
        cells.push((((row * 48_271 + c * 7_919) % VALUES) / 1000 - 100).toFixed(3));
      for (let c = 0; c < categoricalColumns; c++)
        cells.push(COLOURS[(row * 3 + c + Math.floor(row / 7)) % COLOURS.length]);
      lines.push(cells.join(','));
    }
    await write(`${lines.join('\n')}\n`);
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}
