/**
 * numpy's own formats, written without numpy: .npy (one array) and .npz (a zip of .npy files,
 * what `np.load` opens as a dict). Only little-endian float32 is written: weights are float32.
 */
import { zipSync } from 'fflate';

/** One .npy file, format 1.0: magic, header length, a Python dict literal padded to 64 bytes, then the data. */
export function npy(values: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new Error(`npy: ${values.length} values do not fill shape (${shape.join(', ')})`);
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${tuple}, }`;
  const prefix = 10;
  const headerLength = Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix;
  const header = new TextEncoder().encode(dict.padEnd(headerLength - 1, ' ') + '\n');
  const out = new Uint8Array(prefix + headerLength + values.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, headerLength & 0xff, headerLength >> 8]);
  out.set(header, prefix);
  // Little-endian, as every platform the studio runs on stores float32.
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), prefix + headerLength);
  return out;
}

/** An .npz: `np.load(file)[name]` is each array, in the order given. */
export function npz(
  arrays: readonly { readonly name: string; readonly values: Float32Array; readonly shape: readonly number[] }[],
): Uint8Array {
  return zipSync(
    Object.fromEntries(arrays.map(({ name, values, shape }) => [`${name}.npy`, [npy(values, shape), { level: 0 }]])),
  );
}
