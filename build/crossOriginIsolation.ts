/**
 * Makes the pages Vite serves cross-origin isolated (`crossOriginIsolated === true`), which is
 * what lets a page share memory between threads (SharedArrayBuffer): the wasm backend then
 * trains on every core. The README lists the same headers for static hosts.
 *
 * `require-corp` rather than `credentialless`: the app loads nothing from other origins, and
 * Safari isolates a page with `require-corp` only.
 */
import type { Plugin } from 'vite';

export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** Sends the headers from the dev server (`npm start`) and from `vite preview`. */
export function crossOriginIsolation(): Plugin {
  return {
    name: 'tensorloom-cross-origin-isolation',
    config: () => ({
      server: { headers: CROSS_ORIGIN_ISOLATION_HEADERS },
      preview: { headers: CROSS_ORIGIN_ISOLATION_HEADERS },
    }),
  };
}
