/**
 * A value, or why not: `error` a sentence in the person's terms, `details` the technical account
 * (a schema path, a library's message) the UI keeps behind a "Details" toggle. Every layer returns
 * it where a failure is the person's to read, and workers return it across the boundary instead of
 * throwing. Imports nothing, so any file may name it without a cycle.
 */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string; readonly details?: string };
