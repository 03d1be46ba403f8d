import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { crossOriginIsolation } from '../build/crossOriginIsolation.ts';
import { tfjsWasmThreads } from '../build/tfjsWasmThreads.ts';
import { wasmKernels } from '../build/wasmKernels.ts';

/** A separate build of the bench page: the app's engine code, none of its UI. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // The data worker is an ES module, as in the app's build.
  plugins: [wasmKernels(), tfjsWasmThreads(), crossOriginIsolation()],
  worker: { format: 'es', plugins: () => [wasmKernels(), tfjsWasmThreads()] },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: fileURLToPath(new URL('./bench.html', import.meta.url)) },
  },
  preview: { port: 4174, strictPort: true },
});
