/**
 * Builds the exported web app's script (src/webapp/index.ts) as one minified IIFE, exposing
 * `Tensorloom`, and serves its text as the module `virtual:webapp-runtime`. The "Web app" export
 * (src/engine/export/formats/webapp.ts) imports it lazily and writes it as webapp-runtime.js, so
 * the app runs the studio's own preprocessing rather than a copy of it. Built on first import by
 * Vite, the worker bundle and Vitest alike, and again when a source changes.
 */
import { build } from 'rolldown';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const ENTRY = fileURLToPath(new URL('../src/webapp/index.ts', import.meta.url));
const VIRTUAL_ID = 'virtual:webapp-runtime';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/** The runtime's source text: every module it imports bundled in, nothing fetched. */
export async function buildWebappRuntime(): Promise<{ code: string; modules: string[] }> {
  const output = await build({
    input: ENTRY,
    write: false,
    platform: 'browser',
    output: { format: 'iife', name: 'Tensorloom', minify: true },
  });
  const [chunk] = output.output;
  if (chunk.type !== 'chunk') throw new Error('The web app runtime did not build to a script.');
  return { code: chunk.code, modules: chunk.moduleIds.filter((id) => !id.startsWith('\0')) };
}

export function webappRuntime(): Plugin {
  return {
    name: 'tensorloom-webapp-runtime',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { code, modules } = await buildWebappRuntime();
      // Rebuilt in dev and watch mode when any bundled source changes.
      for (const module of modules) this.addWatchFile(module);
      return `export default ${JSON.stringify(code)};`;
    },
  };
}
