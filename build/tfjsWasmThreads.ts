/**
 * Keeps tfjs-backend-wasm's multi-threaded build working once bundled and minified.
 *
 * tfjs (4.22) starts each pthread worker on a Blob holding
 * `"var WasmBackendModuleThreadedSimd = " + factory.toString()`: the source text of the
 * Emscripten factory, as the bundle has it. Emscripten wrote that factory to stand alone, but it
 * reads `_scriptDir` from the closure around it, guarded by `typeof _scriptDir !== "undefined"`.
 * A minifier renames the variable (to `e`, say) and, seeing it declared in scope, drops the
 * `typeof` guard: `e !== void 0 && e`. Outside the bundle, in the worker, nothing declares `e`,
 * and every pthread dies with `ReferenceError: e is not defined`. (Bundling also turns the
 * factory's Node-only `require` calls into calls of helpers defined beside it.)
 *
 * So the factory's `toString` is made to return Emscripten's own text, taken from the file
 * before any bundling: the pthreads run the code Emscripten wrote for them, while the page and
 * the training worker run the bundled copy of the same code.
 */
import type { Plugin } from 'vite';

const THREADED_FACTORY = /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const DECLARATION = 'var WasmBackendModuleThreadedSimd = ';
/** Where the file's first statement (the declaration) ends: its UMD export follows. */
const EXPORTS = '\nif (typeof exports ===';

/**
 * `code` (the Emscripten file) with the factory's `toString` returning the declaration's own
 * initialiser, `(() => { var _scriptDir = …; return (function(…) {…}); })()`, which evaluates to
 * the factory on its own. Throws when the file is not shaped as tfjs-backend-wasm 4.22 ships it.
 */
export function standaloneFactorySource(code: string): string {
  const start = code.indexOf(DECLARATION);
  const end = code.indexOf(EXPORTS, start);
  if (start < 0 || end < 0)
    throw new Error(
      'tfjs-backend-wasm-threaded-simd.js is not shaped as expected: check build/tfjsWasmThreads.ts against this tfjs version.',
    );
  const initialiser = code
    .slice(start + DECLARATION.length, end)
    .trim()
    .replace(/;$/, '');
  return `${code}\nWasmBackendModuleThreadedSimd.toString = () => ${JSON.stringify(initialiser)};\n`;
}

export function tfjsWasmThreads(): Plugin {
  return {
    name: 'tensorloom-tfjs-wasm-threads',
    transform: (code, id) =>
      THREADED_FACTORY.test(id) ? { code: standaloneFactorySource(code), map: null } : undefined,
  };
}
