/**
 * Splits command text into tokens: words, quoted strings, user and channel references, commas.
 * Platform markup arrives already in the text (`<@U123|ada>`, `<#C123|general>`, `<at>Ada</at>`, `<https://…>`),
 * so it is recognised here, once, and the parser above only sees neutral tokens.
 */
import type { ParseContext } from './command.js';

export type Token =
  | { type: 'word'; text: string; lower: string; pos: number }
  | { type: 'string'; text: string; pos: number }
  /** A person: resolved (`userId`) from markup, or name-only from a plain `@name`. */
  | { type: 'user'; userId?: string; name?: string; raw: string; pos: number }
  /** A channel: resolved (`channelId`) from markup, or name-only from a plain `#name`. */
  | { type: 'channel'; channelId?: string; name?: string; raw: string; pos: number }
  | { type: 'comma'; pos: number };

export type TokenizeResult =
  | { ok: true; tokens: Token[] }
  | { ok: false; message: string; word: string; pos: number };

/** Straight and typographic double quotes: phone keyboards and some clients insert the curly ones. */
const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e', '\u2033']);
const SPACE = /\s/;
/** Characters that end a word or a plain `@name` / `#name`. */
const STOP = /[\s,<>]/;

/**
 * Tokenises `text`. Never throws; an unterminated quote is the only failure.
 * @param mentions Mention entities of the message, used to resolve `<at>Name</at>` to a user id.
 */
export function tokenize(text: string, mentions?: ParseContext['mentions']): TokenizeResult {
  // `&quot;` and `&nbsp;` are decoded first because they change how the text splits;
  // `&lt;` `&gt;` `&amp;` only inside tokens, after markup has been recognised, so they cannot forge markup.
  const src = text.replace(/&quot;/g, '"').replace(/&nbsp;|&#160;/g, ' ');
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (SPACE.test(ch)) {
      i++;
      continue;
    }
    if (ch === ',') {
      tokens.push({ type: 'comma', pos: i });
      i++;
      continue;
    }
    if (QUOTES.has(ch)) {
      let j = i + 1;
      while (j < src.length && !QUOTES.has(src[j]!)) j++;
      if (j >= src.length) {
        const rest = src.length - i > 30 ? `${src.slice(i, i + 30)}…` : src.slice(i);
        return {
          ok: false,
          message: `A quote is never closed: ${rest.trim()}. Add a closing " at the end of the text.`,
          word: rest.trim(),
          pos: i,
        };
      }
      tokens.push({ type: 'string', text: cleanString(src.slice(i + 1, j)), pos: i });
      i = j + 1;
      continue;
    }
    if (ch === '<') {
      const markup = readMarkup(src, i, mentions);
      if (markup) {
        tokens.push(markup.token);
        i = markup.end;
        continue;
      }
    }
    if ((ch === '@' || ch === '#') && i + 1 < src.length && !STOP.test(src[i + 1]!)) {
      let j = i + 1;
      while (j < src.length && !STOP.test(src[j]!) && !QUOTES.has(src[j]!)) j++;
      const raw = src.slice(i, j);
      const name = decodeEntities(raw.slice(1));
      tokens.push(ch === '@' ? { type: 'user', name, raw, pos: i } : { type: 'channel', name, raw, pos: i });
      i = j;
      continue;
    }
    // A word: up to whitespace, a comma, a quote or markup. A lone `<` with no closing `>` is part of a word.
    let j = i + 1;
    while (j < src.length && !SPACE.test(src[j]!) && src[j] !== ',' && !QUOTES.has(src[j]!)) {
      if (src[j] === '<' && readMarkup(src, j, mentions)) break;
      j++;
    }
    const word = decodeEntities(src.slice(i, j));
    tokens.push({ type: 'word', text: word, lower: word.toLowerCase(), pos: i });
    i = j;
  }
  return { ok: true, tokens };
}

/** How a token reads back to a person in an error message. */
export function tokenText(token: Token): string {
  switch (token.type) {
    case 'word':
      return token.text;
    case 'string':
      return `"${token.text}"`;
    case 'user':
    case 'channel':
      return token.raw;
    case 'comma':
      return ',';
  }
}

function readMarkup(
  src: string,
  start: number,
  mentions: ParseContext['mentions'],
): { token: Token; end: number } | undefined {
  const rest = src.slice(start);
  const at = /^<at>([\s\S]*?)<\/at>/i.exec(rest);
  if (at) {
    const raw = at[0];
    const inner = decodeEntities(at[1]!.trim());
    const found = mentions?.find(
      (m) => m.text === raw || stripAt(m.text) === inner || m.name.toLowerCase() === inner.toLowerCase(),
    );
    const token: Token = found
      ? { type: 'user', userId: found.userId, name: found.name, raw, pos: start }
      : { type: 'user', name: inner, raw, pos: start };
    return { token, end: start + raw.length };
  }
  const close = rest.indexOf('>');
  if (close < 0) return undefined;
  const raw = rest.slice(0, close + 1);
  const inner = rest.slice(1, close);
  if (/[\s<]/.test(inner) && !inner.includes('|')) return undefined;
  const [target = '', label] = splitOnce(inner, '|');
  const end = start + raw.length;
  if (/^@[A-Z0-9]+$/i.test(target)) {
    return {
      token: {
        type: 'user',
        userId: target.slice(1),
        name: label ? decodeEntities(label) : undefined,
        raw,
        pos: start,
      },
      end,
    };
  }
  if (/^#[A-Z0-9]+$/i.test(target)) {
    return {
      token: {
        type: 'channel',
        channelId: target.slice(1),
        name: label ? decodeEntities(label) : undefined,
        raw,
        pos: start,
      },
      end,
    };
  }
  if (/^(https?:\/\/|mailto:|tel:)\S+$/i.test(target)) {
    // A link: the address is what matters; the label is only how the client displayed it.
    const url = decodeEntities(target);
    return { token: { type: 'word', text: url, lower: url.toLowerCase(), pos: start }, end };
  }
  return undefined;
}

/** Text inside quotes keeps its case; link markup is unwrapped and entities decoded. */
function cleanString(s: string): string {
  const unwrapped = s.replace(/<((?:https?:\/\/|mailto:|tel:)[^|>\s]+)(?:\|[^>]*)?>/gi, '$1');
  return decodeEntities(unwrapped).trim();
}

function stripAt(s: string): string {
  return s
    .replace(/^<at>/i, '')
    .replace(/<\/at>$/i, '')
    .trim();
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const k = s.indexOf(sep);
  return k < 0 ? [s, undefined] : [s.slice(0, k), s.slice(k + 1)];
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
