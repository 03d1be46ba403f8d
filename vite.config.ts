import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { crossOriginIsolation } from './build/crossOriginIsolation.ts';
import { tfjsWasmThreads } from './build/tfjsWasmThreads.ts';
import { wasmKernels } from './build/wasmKernels.ts';
import { webappRuntime } from './build/webappRuntime.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  plugins: [
    react(),
    wasmKernels(),
    tfjsWasmThreads(),
    crossOriginIsolation(),
    webappRuntime(),
    // Installable, and offline after the first visit: a service worker precaches the whole build,
    // the workers, the wasm backends and the samples (about 7 MB), and serves them without a network.
    VitePWA({
      // A new version waits until every tab of the old one is closed: a page open on the old build keeps
      // the old files it still lazily loads (views, workers), instead of asking a new build for them.
      registerType: 'prompt',
      manifest: {
        name: 'Tensorloom',
        short_name: 'Tensorloom',
        description: 'A visual machine-learning studio that runs entirely in your browser.',
        theme_color: '#0f172a',
        background_color: '#ffffff',
        display: 'standalone',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,wasm,csv,zip,md}'],
        // The training worker carries tfjs: about 2 MB.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  // Each run records the app version it ran on (src/appVersion.d.ts).
  define: { __APP_VERSION__: JSON.stringify(version) },
  worker: { format: 'es', plugins: () => [wasmKernels(), tfjsWasmThreads(), webappRuntime()] },
  build: {
    target: 'es2022',
    // tfjs is large by nature; it only ever loads inside the training worker.
    chunkSizeWarningLimit: 4096,
  },
  test: {
    include: ['src/**/*.test.ts', 'build/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Vitest keeps a core for itself by default, which on a 2-core machine (CI's) runs the files one
    // at a time; its main process mostly waits, so every core can run a file.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
