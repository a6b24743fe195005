/**
 * Safety for text relayed between anonymous partners. Adapters already escape text for their platform; this
 * is the second lock on the door, applied in the core so it holds for every platform at once:
 *
 * - mentions cannot ping anyone: a zero-width joiner (U+200D) goes after the `@` or `#`, so `@channel` still
 *   reads as "@channel" but no platform treats it as a mention; escaped mention markup (`<!here>`,
 *   `<@U123|name>`, `<#C123|name>`, `<at>Name</at>`) becomes that same inert plain text, without any
 *   platform id (an id could identify the sender's workspace or the sender);
 * - control characters and bidirectional overrides/isolates are removed, so text cannot hide or reorder
 *   itself (for example to make a message appear to come from someone else);
 * - links cannot be followed: a web address or email address has its dots shown as `[.]` and its `://` as
 *   `[:]//` (`https[:]//example[.]org`), which no platform turns into a link, and which reads the same on
 *   every platform;
 * - length is capped, with an ellipsis.
 */

const ZWJ = '\u200d';

/** Default cap, the longest text a message section can carry on the strictest platform. */
export const MAX_RELAY_TEXT_LENGTH = 3000;

// C0 controls except tab and newline, DEL, C1 controls; then bidi embeddings/overrides and isolates.
const CONTROL_AND_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const BROADCAST_WORDS = 'channel|here|everyone';

/** Replacements for escaped mention markup, applied before plain mentions. */
const MARKUP: Array<[RegExp, (match: string, ...groups: string[]) => string]> = [
  // <!channel>, <!here>, <!everyone>, optionally with a |label
  [new RegExp(`<!(${BROADCAST_WORDS})(?:\\|[^>]*)?>`, 'gi'), (_m, word) => `@${ZWJ}${word}`],
  // <!subteam^S123|@team> or <!subteam^S123>
  [/<!subteam\^[^>|]*(?:\|@?([^>]*))?>/gi, (_m, label) => `@${ZWJ}${label?.trim() || 'group'}`],
  // any other special such as <!date^...|fallback>: keep the fallback text, or the text made inert
  [/<!([^>|]*)(?:\|([^>]*))?>/g, (_m, body, label) => label ?? `<${ZWJ}!${body}>`],
  // <@U123> or <@U123|name>
  [/<@[^>|]*(?:\|([^>]*))?>/g, (_m, label) => `@${ZWJ}${label?.trim() || 'someone'}`],
  // <#C123|name> or <#C123>
  [/<#[^>|]*(?:\|([^>]*))?>/g, (_m, label) => `#${ZWJ}${label?.trim() || 'channel'}`],
  // <at>Name</at> or <at id="0">Name</at>
  [/<at\b[^>]*>([\s\S]*?)<\/at\s*>/gi, (_m, name) => `@${ZWJ}${name.trim() || 'someone'}`],
];

// A plain @channel/@here/@everyone not already followed by our joiner, as a whole word.
const PLAIN_BROADCAST = new RegExp(`@(?=(?:${BROADCAST_WORDS})\\b)`, 'gi');

/**
 * Make relayed text safe to show to a partner on any platform.
 * @param text what a member typed (personal text: never log it).
 * @param maxLength cap in characters (code points), including the ellipsis.
 * @returns the neutralised text.
 */
export function neutraliseRelayText(text: string, maxLength: number = MAX_RELAY_TEXT_LENGTH): string {
  let out = text.replace(/\r\n?/g, '\n').replace(CONTROL_AND_BIDI, '');
  for (const [pattern, replace] of MARKUP) out = out.replace(pattern, replace);
  // Stray markup fragments (an unmatched `<at>`) lose their brackets' meaning too.
  out = out.replace(/<(\/?at\b)/gi, `<${ZWJ}$1`);
  out = out.replace(PLAIN_BROADCAST, `@${ZWJ}`);
  out = defangLinks(out);
  return capLength(out, maxLength);
}

// Anything with a scheme (`https://`, `ftp://`), `www.` names, email addresses, and bare names ending in a
// common top-level domain: what Slack and Teams turn into links on their own.
const SCHEME_URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>]+/gi;
const MAILTO = /\bmailto:/gi;
const LINKISH =
  /\b(?:www\.[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:[\w-]+\.)+(?:com|org|net|uk|io|co|gov|nhs|ac|edu|info|biz|me|app|dev|ly|gl|eu|us|de|fr|ie|sc|be|to|tv|xyz|site|online)\b[^\s<>]*)/gi;

/** Make web and email addresses inert text: `example[.]org`, `https[:]//…`, `name@example[.]org`. */
export function defangLinks(text: string): string {
  const dots = (s: string) => s.replace(/\.(?=[^\s.])/g, '[.]');
  return text
    .replace(SCHEME_URL, (url) => dots(url.replace('://', '[:]//')))
    .replace(MAILTO, 'mailto[:]')
    .replace(LINKISH, (m) => (m.includes('[.]') ? m : dots(m)));
}

/** Cut to `maxLength` code points, ending with an ellipsis, never splitting a surrogate pair. */
function capLength(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const points = Array.from(text);
  if (points.length <= maxLength) return text;
  return `${points
    .slice(0, Math.max(0, maxLength - 1))
    .join('')
    .trimEnd()}…`;
}

// Invisible characters someone could slip into a name to dodge a scan.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function normaliseForScan(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

/**
 * The anonymity leak scan's test: does `haystack` contain any of `needles` (names, handles, emails, ids)?
 * Case-insensitive, Unicode-normalised (NFKC) and blind to invisible characters, so "J\u200Bohn" still counts
 * as "john". Needles shorter than 3 characters are ignored: they would match inside ordinary words.
 * @param haystack text the bot is about to send or store.
 * @param needles identifiers that must not appear in it.
 */
export function containsIdentifier(haystack: string, needles: readonly string[]): boolean {
  const hay = normaliseForScan(haystack);
  return needles.some((needle) => {
    const n = normaliseForScan(needle).trim();
    return n.length >= 3 && hay.includes(n);
  });
}
