/**
 * Where the web app's files come from: inlined in the page (the single-file app: one
 * `<script type="application/octet-stream" data-file="name">` of base64 per file), or fetched
 * beside `base` (the folder the zip was unpacked to, on any static host).
 */

/** The attribute that names an inlined file. */
export const INLINE_FILE_ATTRIBUTE = 'data-file';

export type FileSource = (name: string) => Promise<Uint8Array>;

export function fileSource(base: string): FileSource {
  return async (name) => {
    const inline = document.querySelector(`script[${INLINE_FILE_ATTRIBUTE}="${CSS.escape(name)}"]`);
    if (inline) return Uint8Array.from(atob(inline.textContent!.trim()), (c) => c.charCodeAt(0));
    const url = new URL(name, new URL(base, location.href));
    let response: Response;
    try {
      response = await fetch(url);
    } catch {
      throw new Error(
        location.protocol === 'file:'
          ? `Could not read ${name}: a page opened from disk cannot read the files beside it. Serve the folder (npx serve) and open it from there.`
          : `Could not read ${url.href}: the network or the server refused.`,
      );
    }
    if (!response.ok) throw new Error(`Could not read ${url.href}: the server answered ${response.status}.`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
