import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { minifySync } from 'vite';
import { describe, expect, it } from 'vitest';
import { standaloneFactorySource } from './tfjsWasmThreads';

const FACTORY_FILE = createRequire(import.meta.url).resolve(
  '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
);

/**
 * The factory as a production bundle holds it: the CommonJS file wrapped in a function (as the
 * bundler wraps it) and minified by Vite's minifier.
 */
function bundledFactory(code: string): { toString(): string } {
  const minified = minifySync('factory.js', `globalThis.loadFactory = function (module, exports) {\n${code}\n};`, {
    compress: true,
    mangle: true,
  }).code;
  const context = vm.createContext({});
  vm.runInContext(minified, context);
  const module = { exports: {} as { toString(): string } };
  (context.loadFactory as (module: unknown, exports: unknown) => void)(module, module.exports);
  return module.exports;
}

/** Runs what tfjs puts in each pthread's Blob, then calls the factory as the pthread script does, in a context shaped as that worker. */
function runAsPthread(factory: { toString(): string }): unknown {
  const worker = vm.createContext({
    location: { href: 'blob:pthread' },
    importScripts() {},
    postMessage() {},
    startWorker() {},
    WebAssembly,
  });
  worker.self = worker;
  vm.runInContext(`var WasmBackendModuleThreadedSimd = ${factory.toString()}`, worker);
  return vm.runInContext(
    'WasmBackendModuleThreadedSimd({ ENVIRONMENT_IS_PTHREAD: true, wasmMemory: new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }), instantiateWasm: () => ({}) })',
    worker,
  );
}

describe("tfjs-backend-wasm's pthread script, bundled and minified", () => {
  const code = readFileSync(FACTORY_FILE, 'utf8');

  it("gives each pthread Emscripten's own factory text", () => {
    const text = bundledFactory(standaloneFactorySource(code)).toString();
    expect(text.startsWith('(() => {\n  var _scriptDir =')).toBe(true);
    expect(code).toContain(`var WasmBackendModuleThreadedSimd = ${text};\n`);
  });

  it('starts in a pthread, outside the bundle', () => {
    expect(() => runAsPthread(bundledFactory(standaloneFactorySource(code)))).not.toThrow();
  });

  it('refuses a file not shaped as the tfjs version it was written for', () => {
    expect(() => standaloneFactorySource('module.exports = function () {};')).toThrow(/not shaped as expected/);
  });
});
