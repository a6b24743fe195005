/**
 * Clean text from people before anything else sees it: control characters (NUL cannot even be stored in a
 * Postgres text column) and bidirectional overrides/isolates (which can make text display differently from what
 * it is) are removed; everything else — any script, emoji, markup — is kept and escaped later, per platform.
 */
// C0 controls except tab, newline and carriage return; DEL and C1 controls; bidi embeddings, overrides, isolates;
// and lone surrogates (which no platform accepts).
const UNSAFE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function sanitizeText(text: string): string {
  return text.replace(UNSAFE, '');
}

export function sanitizeValues(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'string' ? sanitizeText(v) : '';
  return out;
}
