import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { crossOriginIsolation } from '../build/crossOriginIsolation.ts';
import { tfjsWasmThreads } from '../build/tfjsWasmThreads.ts';
import { wasmKernels } from '../build/wasmKernels.ts';
import { webappRuntime } from '../build/webappRuntime.ts';

/** A separate build of the bench page: the app's engine code, none of its UI. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // The data worker is an ES module, as in the app's build. The training worker's exports include the
  // Web app, whose runtime is built in (webappRuntime), as the app's build does.
  plugins: [wasmKernels(), tfjsWasmThreads(), crossOriginIsolation(), webappRuntime()],
  worker: { format: 'es', plugins: () => [wasmKernels(), tfjsWasmThreads(), webappRuntime()] },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: fileURLToPath(new URL('./bench.html', import.meta.url)) },
  },
  preview: { port: 4174, strictPort: true },
});
