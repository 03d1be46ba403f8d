/** Text from the person's data (column names, class names, the data set's name) made inert in the card's two formats. */

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For HTML text and attribute values: nothing in it can open a tag, an entity or end a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * For Markdown text that never starts a line (the card puts every value after a label or in a
 * table cell): inline markup characters are backslash-escaped, `<` and `&`
 * become entities (Markdown passes raw HTML through, so `<script>` would otherwise be a tag), and
 * line breaks become spaces so a cell stays on its row.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
