import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { crossOriginIsolation } from './build/crossOriginIsolation.ts';
import { tfjsWasmThreads } from './build/tfjsWasmThreads.ts';
import { wasmKernels } from './build/wasmKernels.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  plugins: [react(), wasmKernels(), tfjsWasmThreads(), crossOriginIsolation()],
  // Each run records the app version it ran on (src/appVersion.d.ts).
  define: { __APP_VERSION__: JSON.stringify(version) },
  worker: { format: 'es', plugins: () => [wasmKernels(), tfjsWasmThreads()] },
  build: {
    target: 'es2022',
    // tfjs is large by nature; it only ever loads inside the training worker.
    chunkSizeWarningLimit: 4096,
  },
  test: {
    include: ['src/**/*.test.ts', 'build/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
