/**
 * Compiles the engine's WebAssembly kernels (src/engine/kernels/assembly, AssemblyScript) from
 * source whenever Vite or Vitest starts, and serves them as the module `virtual:wasm-kernels`:
 * the binaries' bytes, inlined, so the training worker, the bench page and Node tests load the
 * same build without a fetch. Two builds of the same source: one for tfjs's single-threaded
 * backend, and one for its multi-threaded backend, whose memory is shared. No binary is committed: `npm start`, `npm run build` and `npm test`
 * each compile it with the AssemblyScript compiler from npm.
 */
import asc from 'assemblyscript/asc';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const SOURCE_DIR = fileURLToPath(new URL('../src/engine/kernels/assembly/', import.meta.url));
const ENTRY = 'index.ts';
const VIRTUAL_ID = 'virtual:wasm-kernels';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * The flags every build takes: 128-bit SIMD; the memory imported from tfjs's wasm backend, so the
 * kernels read and write its tensors in place; the stub runtime and no assertions or abort
 * messages, so the module has no data of its own to place in that memory.
 */
const FLAGS = ['-O3', '--noAssert', '--runtime', 'stub', '--use', 'abort=', '--importMemory', '--enable', 'simd'];

/**
 * The shared-memory build adds: the memory declared shared, with the maximum tfjs's threaded
 * backend gives its own (4 GiB, in 64 KiB pages: an imported memory must match it), and atomics,
 * which let the kernels share work among threads.
 */
const SHARED_MEMORY_FLAGS = ['--sharedMemory', '--maximumMemory', '65536', '--enable', 'threads'];

export type KernelMemory = 'unshared' | 'shared';

/** The kernels' binary for `memory`, compiled from the sources in SOURCE_DIR; throws with the compiler's messages. */
export async function compileWasmKernels(memory: KernelMemory): Promise<Uint8Array> {
  let binary: Uint8Array | undefined;
  const messages: string[] = [];
  const flags = memory === 'shared' ? [...FLAGS, ...SHARED_MEMORY_FLAGS] : FLAGS;
  const { error } = await asc.main([ENTRY, '--baseDir', SOURCE_DIR, '--outFile', 'kernels.wasm', ...flags], {
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
    },
    stdout: { write: (text: string) => void messages.push(text) } as never,
    stderr: { write: (text: string) => void messages.push(text) } as never,
  });
  if (error || !binary)
    throw new Error(`The wasm kernels did not compile: ${error?.message ?? 'no binary'}\n${messages.join('')}`);
  return binary;
}

/** One compilation for every plugin instance (the app's and each worker bundle's), until a source changes. */
let compiled: Promise<readonly [Uint8Array, Uint8Array]> | undefined;

export function wasmKernels(): Plugin {
  return {
    name: 'tensorloom-wasm-kernels',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      for (const file of readdirSync(SOURCE_DIR)) if (file.endsWith('.ts')) this.addWatchFile(`${SOURCE_DIR}${file}`);
      compiled ??= Promise.all([compileWasmKernels('unshared'), compileWasmKernels('shared')]);
      const [unshared, shared] = (await compiled).map((binary) =>
        JSON.stringify(Buffer.from(binary).toString('base64')),
      );
      const decode = 'const decode = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));';
      return `${decode}\nexport default decode(${unshared});\nexport const sharedMemory = decode(${shared});`;
    },
    watchChange(file) {
      if (file.startsWith(SOURCE_DIR)) compiled = undefined;
    },
  };
}
