/**
 * Readers for the arguments commands share: bands, audiences, people, channels, ids, numbers, dates, text.
 * Each reads at a cursor and throws `Fail` with a plain message naming the offending word.
 */
import { canonicalZone, suggestZone } from '../schedule/zone.js';
import {
  type Audience,
  BANDS,
  type Band,
  type ChannelRef,
  GROUPS,
  type Group,
  LIVED_EXPERIENCE,
  type ParseContext,
  type UserRef,
} from './command.js';
import { type Cursor, Fail, quote, unexpected } from './cursor.js';
import { tokenText } from './tokenizer.js';

const BAND_ALIASES: Record<string, Group> = {
  frontline: 'frontline',
  'front-line': 'frontline',
  manager: 'manager',
  managers: 'manager',
  leader: 'leader',
  leaders: 'leader',
  'lived-experience': 'lived-experience',
  community: 'community',
};

/**
 * Reads a group an audience or a mix target may name: a band, or `lived-experience` (also as two words), which
 * means the people who said they have lived experience.
 */
export function readBand(c: Cursor): Group {
  const w = c.word();
  if (w === 'lived' && c.word(1) === 'experience') {
    c.next();
    c.next();
    return LIVED_EXPERIENCE;
  }
  if (w !== undefined && BAND_ALIASES[w]) {
    c.next();
    return BAND_ALIASES[w]!;
  }
  throw unexpected(c.next(), GROUPS, 'a role');
}

/** Said when an admin tries to give someone lived experience as a role. */
export const LIVED_EXPERIENCE_NOT_FOR_ADMINS =
  "Lived experience is something a person says about themselves, with `/roundtable me lived-experience yes`. I can't set it for someone else.";
/** Said when a person tries `me role lived-experience`. */
export const LIVED_EXPERIENCE_NOT_A_ROLE =
  'Lived experience is not a role now: it goes with any role, and only you can say it. Use `/roundtable me lived-experience yes` for that, and `/roundtable me role <role>` for your role.';

/**
 * Reads a role someone holds (`me role`, `role @user`): a band, never lived experience, which is refused with
 * `refusal` (it is a person's own private word, not a role).
 */
export function readRole(c: Cursor, refusal: string): Band {
  const w = c.word();
  if (
    (w === 'lived' && c.word(1) === 'experience') ||
    (w !== undefined && BAND_ALIASES[w] === LIVED_EXPERIENCE)
  )
    throw new Fail(refusal, w);
  // Only the bands are offered as what was expected: lived experience is not a role.
  if (w === undefined || !BAND_ALIASES[w]) throw unexpected(c.next(), BANDS, 'a role');
  return readBand(c) as Band;
}

/** Reads an audience after `to`. */
export function readAudience(c: Cursor, ctx: ParseContext): Audience {
  const t = c.peek();
  if (t?.type === 'channel') return { kind: 'channel', channel: readChannel(c, ctx) };
  const w = c.word();
  if (w === 'this') {
    c.next();
    const what = c.next();
    if (what?.type === 'word' && what.lower === 'channel') return { kind: 'this-channel' };
    if (what?.type === 'word' && what.lower === 'team') return { kind: 'this-team' };
    throw unexpected(what, ['channel', 'team'], 'something I can send to');
  }
  if (w === 'everyone' || w === 'all' || w === 'everybody') {
    c.next();
    return { kind: 'everyone' };
  }
  if (w === 'role') {
    c.next();
    return { kind: 'role', band: readBand(c) };
  }
  if (w !== undefined && (BAND_ALIASES[w] || w === 'lived')) return { kind: 'role', band: readBand(c) };
  throw unexpected(
    c.next(),
    ['#channel', 'this channel', 'this team', 'role <band>', 'everyone'],
    'an audience',
  );
}

/** Reads a channel reference; a plain `#name` must be one of the channels the platform told us about. */
export function readChannel(c: Cursor, ctx: ParseContext): ChannelRef {
  const t = c.next();
  if (t?.type !== 'channel') {
    const text = t ? tokenText(t) : '';
    throw new Fail(
      t
        ? `${quote(text)} is not a channel. Name it with #, like #reflections.`
        : 'Say which channel, like #reflections.',
      text || undefined,
    );
  }
  if (t.channelId) return t.name ? { channelId: t.channelId, name: t.name } : { channelId: t.channelId };
  const name = (t.name ?? '').toLowerCase();
  const found = ctx.channels?.find((ch) => ch.name.toLowerCase() === name);
  if (found) return { channelId: found.channelId, name: found.name };
  throw new Fail(
    `I could not find the channel ${t.raw}. Pick it from the # list as you type, so I know exactly which one.`,
    t.raw,
  );
}

/** Reads a person; a plain `@name` must match a mention of the message, never a guess by name. */
export function readUser(c: Cursor, ctx: ParseContext): UserRef {
  const t = c.next();
  if (t?.type !== 'user') {
    const text = t ? tokenText(t) : '';
    throw new Fail(
      t ? `${quote(text)} is not a person. Mention them with @, like @Sam.` : 'Say who, with an @ mention.',
      text || undefined,
    );
  }
  if (t.userId) return t.name ? { userId: t.userId, name: t.name } : { userId: t.userId };
  const name = (t.name ?? '').toLowerCase();
  const found = ctx.mentions?.find((m) => m.name.toLowerCase() === name);
  if (found) return { userId: found.userId, name: found.name };
  // Granting rights to the wrong person is worse than asking again.
  throw new Fail(
    `I could not tell who ${t.raw} is. Pick them from the @ list as you type, so I know exactly who you mean.`,
    t.raw,
  );
}

/** Reads a whole number within bounds; `what` names it in messages ("the number of weeks"). */
export function readInt(c: Cursor, what: string, min: number, max: number, example: string): number {
  const t = c.next();
  const text = t ? tokenText(t) : '';
  if (t?.type !== 'word' || !/^\d+$/.test(t.text)) {
    throw new Fail(
      t
        ? `${quote(text)} is not a number. Say ${what} as a number, e.g. ${example}.`
        : `Say ${what}, e.g. ${example}.`,
      text || undefined,
    );
  }
  const n = Number(t.text);
  if (n < min || n > max)
    throw new Fail(
      `${what[0]!.toUpperCase()}${what.slice(1)} can be from ${min} to ${max}, not ${n}.`,
      t.text,
    );
  return n;
}

/** Reads an id from a list (`3`, or `#3` as people copy it from a list). */
export function readId(c: Cursor, what: string, listCommand: string): number {
  const t = c.peek();
  if (t?.type === 'channel' && !t.channelId && /^\d+$/.test(t.name ?? '')) {
    c.next();
    return Number(t.name);
  }
  if (!t) throw new Fail(`Which ${what}? Give its number. "${listCommand}" shows them.`);
  return readInt(c, `the ${what} number`, 1, Number.MAX_SAFE_INTEGER, '3');
}

/** Reads free text: one quoted string, or (for convenience) the rest of the words as typed. */
export function readText(c: Cursor, what: string, example: string): string {
  const t = c.peek();
  if (!t) throw new Fail(`Say ${what}, e.g. ${example}.`);
  if (t.type === 'string') {
    c.next();
    if (!t.text)
      throw new Fail(
        `${what[0]!.toUpperCase()}${what.slice(1)} is empty. Put some text between the quotes, e.g. ${example}.`,
        '""',
      );
    return t.text;
  }
  let text = '';
  while (!c.done()) {
    const next = c.next()!;
    text += next.type === 'comma' ? ',' : `${text ? ' ' : ''}${tokenText(next)}`;
  }
  return text;
}

/** Reads `YYYY-MM-DD`, checking the date exists. */
export function readDate(c: Cursor): string {
  const t = c.next();
  const text = t ? tokenText(t) : '';
  const m = t?.type === 'word' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(t.text) : null;
  if (!m) {
    throw new Fail(
      t
        ? `${quote(text)} is not a date. Write it as YYYY-MM-DD, e.g. 2026-05-14.`
        : 'Say the date as YYYY-MM-DD, e.g. 2026-05-14.',
      text || undefined,
    );
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new Fail(`${text} is not a date on the calendar.`, text);
  }
  return m[0];
}

/** Reads an IANA zone name (`Europe/London`) and returns its canonical spelling. */
export function readZoneName(c: Cursor): string {
  const t = c.next();
  if (!t) throw new Fail('Say the time zone, e.g. Europe/London.');
  const text = tokenText(t);
  const zone = t.type === 'word' ? canonicalZone(t.text) : undefined;
  if (zone) return zone;
  const suggestion = t.type === 'word' ? suggestZone(t.text) : undefined;
  const hint = suggestion
    ? ` Did you mean "${suggestion}"?`
    : ' Use a name like "Europe/London" or "Asia/Kolkata".';
  throw new Fail(`${quote(text)} is not a time zone I know.${hint}`, text, suggestion);
}
