/**
 * The /roundtable command parser: text → a typed `Command`, or a `ParseError` a person can act on.
 * Recursive descent over tokens; readers throw `Fail`, which is caught here and never escapes.
 */
import { isIsoWeek } from '../checkins/iso-week.js';
import { normaliseDigestCode, RESPONSE_MAX_LENGTH } from '../checkins/said-we-did.js';
import { RECORD_LAYOUTS, type RecordLayout } from '../records/record-layouts.js';
import { CODE_THEME_IDS, type CodeTheme } from '../records/record-model.js';
import { readSchedule, SCHEDULE_USAGE } from '../schedule/parse-schedule.js';
import type { Schedule } from '../schedule/schedule.js';
import type { Command, HelpTopic, ParseContext, ParseError } from './command.js';
import { Cursor, Fail, quote, unexpected } from './cursor.js';
import {
  readAudience,
  readChannel,
  readDate,
  readId,
  readInt,
  LIVED_EXPERIENCE_NOT_A_ROLE,
  LIVED_EXPERIENCE_NOT_FOR_ADMINS,
  readRole,
  readText,
  readUser,
  readZoneName,
} from './parse-args.js';
import { readPanel, readPrompts, readSuggest } from './parse-prompts.js';
import { readSessionAdd } from './parse-session.js';
import { tokenize, tokenText, type Token } from './tokenizer.js';
import { HEADS, USAGE } from './usage.js';

const DEFAULT_WORKSPACE_ZONE = 'Europe/London';
const HELP_TOPICS: readonly HelpTopic[] = ['checkin', 'pairing', 'session', 'me', 'admin'];
const K_MIN = 3;
const K_MAX = 20;
const RETENTION_MIN_DAYS = 7;
const RETENTION_MAX_DAYS = 3650;
/** Longest "how it changed my practice" a member can add (the same as a check-in reflection). */
export const RECORD_CHANGED_MAX = 2000;
/** Longest theme of a peer reflective discussion. */
export const PEER_THEME_MAX = 200;

interface State {
  c: Cursor;
  ctx: ParseContext;
  now: Date;
  /** The `USAGE` key of the command recognised so far; errors show its usage. */
  key: string;
  /** Set while a schedule is read, so its errors also show the schedule grammar. */
  extraUsage?: string;
}

/**
 * Parses what a person typed after `/roundtable` (or sent to the bot). Never throws.
 * @param ctx Mentions of the message, known channels, the workspace zone and the current instant.
 */
export function parseCommand(text: string, ctx: ParseContext = {}): Command | ParseError {
  const state: State = { c: new Cursor([]), ctx, now: ctx.now ?? new Date(), key: '' };
  try {
    const tokens = tokenize(typeof text === 'string' ? text : '', ctx.mentions);
    if (!tokens.ok) {
      state.key = guessKey(text);
      return error(state, new Fail(tokens.message, tokens.word));
    }
    state.c = new Cursor(stripPrefix(tokens.tokens));
    return parseTop(state);
  } catch (e) {
    if (e instanceof Fail) return error(state, e);
    return {
      kind: 'error',
      message: 'Something in that command confused me. Please try again.',
      usage: USAGE['']!,
    };
  }
}

function error(state: State, fail: Fail): ParseError {
  const base = USAGE[fail.usageKey ?? state.key] ?? USAGE['']!;
  const usage = state.extraUsage ? `${base}\n${state.extraUsage}` : base;
  const out: ParseError = { kind: 'error', message: fail.message, usage };
  if (fail.word !== undefined) out.word = fail.word;
  if (fail.suggestion !== undefined) out.suggestion = fail.suggestion;
  return out;
}

/** Some people type the app's name first, and a channel message may start with the bot's own mention. */
function stripPrefix(tokens: Token[]): Token[] {
  let start = 0;
  const first = tokens[0];
  if (first?.type === 'user' && /^<at>/i.test(first.raw)) start++;
  const t = tokens[start];
  if (t?.type === 'word' && (t.lower === 'roundtable' || t.lower === '/roundtable')) start++;
  return tokens.slice(start);
}

/** Picks a usage for an input that could not even be tokenised: the group of its first word. */
function guessKey(text: string): string {
  const words = text.trim().toLowerCase().split(/\s+/);
  if (words[0] === 'roundtable' || words[0] === '/roundtable') words.shift();
  const two = words.slice(0, 2).join(' ');
  if (USAGE[two] !== undefined) return two;
  return words[0] && USAGE[words[0]] !== undefined ? words[0] : '';
}

function parseTop(s: State): Command {
  const { c } = s;
  const head = c.next();
  if (!head) return { kind: 'open' };
  const w = head.type === 'word' ? head.lower : '';
  if (USAGE[w] !== undefined && w !== '') s.key = w;
  switch (w) {
    case 'help':
      return parseHelp(s);
    case 'privacy':
      return done(s, { kind: 'privacy' });
    case 'status':
      return done(s, { kind: 'status' });
    case 'menu':
      return done(s, { kind: 'session.list' });
    case 'checkin':
    case 'checkins':
      s.key = 'checkin';
      return parseCheckin(s);
    case 'report':
      return parseReport(s);
    case 'digest':
      return parseDigest(s);
    case 'pairing':
      return parsePairing(s);
    case 'session':
    case 'sessions':
      s.key = 'session';
      return parseSession(s);
    case 'me':
      return parseMe(s);
    case 'forget':
      return parseForget(s);
    case 'stop':
    case 'unsubscribe':
      s.key = 'stop';
      return done(s, { kind: 'stop' });
    case 'opt':
      // "opt out", the words people try.
      s.key = 'stop';
      if (!s.c.accept('out')) throw unexpected(s.c.next(), ['out'], 'what to opt');
      return done(s, { kind: 'stop' });
    case 'start':
      return done(s, { kind: 'start' });
    case 'admins':
      return done(s, { kind: 'admins' });
    case 'admin':
      return parseAdmin(s);
    case 'safeguarding':
      return parseSafeguarding(s);
    case 'role':
      return done(s, {
        kind: 'role.set',
        user: readUser(c, s.ctx),
        band: readRole(c, LIVED_EXPERIENCE_NOT_FOR_ADMINS),
      });
    case 'signpost':
      return done(s, { kind: 'signpost', text: readText(c, 'the signpost', '"Support line: 0800 000 000"') });
    case 'settings':
      return parseSettings(s);
    case 'community':
      return parseCommunity(s);
    case 'suggest':
      return readSuggest(c);
    case 'panel':
      return readPanel(c, s.ctx, sub(s, ['add', 'remove', 'list']));
    case 'prompts':
    case 'prompt':
      s.key = 'prompts';
      return readPrompts(c, sub(s, ['review', 'changes', 'accept', 'edit', 'decline', 'restore', 'share']));
    default: {
      const fail = unexpected(head, HEADS, 'a command');
      // The usage of the command they probably meant is the most useful one to show.
      throw new Fail(fail.message, fail.word, fail.suggestion, fail.suggestion ?? '');
    }
  }
}

/** Reads the sub-command word of a group and sets the usage key to it. */
function sub(s: State, options: readonly string[]): string {
  const t = s.c.next();
  const w = t?.type === 'word' ? t.lower : undefined;
  if (w === undefined || !options.includes(w)) {
    const fail = unexpected(t, options, `a ${s.key} command`);
    throw new Fail(
      fail.message,
      fail.word,
      fail.suggestion,
      fail.suggestion ? `${s.key} ${fail.suggestion}` : s.key,
    );
  }
  s.key = `${s.key} ${w}`;
  return w;
}

function done<T extends Command>(s: State, command: T): T {
  s.c.end();
  return command;
}

function parseHelp(s: State): Command {
  const t = s.c.peek();
  if (!t) return { kind: 'help' };
  const w = s.c.word();
  const topic = w === 'checkins' ? 'checkin' : w === 'sessions' ? 'session' : w;
  if (!topic || !HELP_TOPICS.includes(topic as HelpTopic))
    throw unexpected(s.c.next(), HELP_TOPICS, 'a help topic');
  s.c.next();
  return done(s, { kind: 'help', topic: topic as HelpTopic });
}

function parseCheckin(s: State): Command {
  const { c } = s;
  const w = sub(s, ['schedule', 'now', 'list', 'pause', 'resume', 'delete']);
  switch (w) {
    case 'schedule': {
      const schedule = scheduleUntil(s, ['to'], 'local');
      return done(s, { kind: 'checkin.schedule', schedule, ...optionalAudience(s) });
    }
    case 'now':
      return done(s, { kind: 'checkin.now', ...optionalAudience(s) });
    case 'list':
      return done(s, { kind: 'checkin.list' });
    default: {
      const id = readId(c, 'check-in', '/roundtable checkin list');
      return done(s, { kind: `checkin.${w as 'pause' | 'resume' | 'delete'}`, id });
    }
  }
}

function parseReport(s: State): Command {
  const w = sub(s, ['checkins', 'checkin', 'respond', 'export']);
  if (w === 'export') return parseExport(s);
  if (w === 'respond') {
    const week = readWeek(s.c);
    return done(s, { kind: 'report.respond', week, text: readResponse(s.c) });
  }
  s.key = 'report checkins';
  if (s.c.done()) return { kind: 'report.checkins' };
  if (!s.c.accept('weeks', 'week')) throw unexpected(s.c.next(), ['weeks'], 'a report option');
  return done(s, {
    kind: 'report.checkins',
    weeks: readInt(s.c, 'the number of weeks', 1, 104, '"weeks 8"'),
  });
}

/** `2026-W48`, `last week` or `this week`. */
function readWeek(c: Cursor): string {
  const t = c.next();
  const example = 'e.g. "last week" or "2026-W48"';
  if (!t) throw new Fail(`Say which week, ${example}.`);
  if (t.type === 'word' && (t.lower === 'last' || t.lower === 'this')) {
    if (!c.accept('week')) throw unexpected(c.next(), ['week'], `"${t.lower} week"`);
    return t.lower;
  }
  const value = t.type === 'word' ? t.text.toUpperCase() : '';
  if (t.type !== 'word' || !/^\d{4}-W\d{2}$/.test(value)) {
    const text = t.type === 'word' || t.type === 'string' ? t.text : '';
    throw new Fail(`${quote(text)} is not a week. Say which week, ${example}.`, text || undefined);
  }
  if (!isIsoWeek(value)) throw new Fail(`${value} is not a week on the calendar.`, t.text);
  return value;
}

/** The quoted answer of `digest respond` and `report respond`: not empty, and short enough for one message. */
function readResponse(c: Cursor): string {
  const text = readText(c, 'what you heard and what you will do', '"We heard X, so we will Y"').trim();
  if (!text) throw new Fail('The answer is empty. Put some words between the quotes.', '""');
  if (text.length > RESPONSE_MAX_LENGTH) {
    throw new Fail(
      `That answer is ${text.length} characters; the most is ${RESPONSE_MAX_LENGTH}. Shorten it and send it again. Nothing was saved.`,
    );
  }
  return text;
}

function parseExport(s: State): Command {
  const out: { kind: 'report.export'; from?: string; to?: string } = { kind: 'report.export' };
  while (!s.c.done()) {
    const w = s.c.accept('from', 'to');
    if (!w) throw unexpected(s.c.next(), ['from', 'to'], 'an export option');
    if (out[w as 'from' | 'to']) throw new Fail(`"${w}" is given twice.`, w);
    out[w as 'from' | 'to'] = readDate(s.c);
  }
  if (out.from && out.to && out.from > out.to)
    throw new Fail(`${out.from} is after ${out.to}. Put the earlier date after "from".`, out.to);
  return out;
}

function parseDigest(s: State): Command {
  const w = sub(s, ['schedule', 'respond', 'responses']);
  if (w === 'responses') return done(s, { kind: 'digest.responses' });
  if (w === 'respond') {
    const t = s.c.next();
    const typed = t?.type === 'word' ? t.text : t?.type === 'string' ? t.text : '';
    if (!t) throw new Fail('Say which digest, by the code at its foot, e.g. D-7K2Q.');
    const code = normaliseDigestCode(typed);
    if (!code) {
      throw new Fail(
        `${quote(typed)} is not a digest code. Codes look like D-7K2Q; each digest shows its own at the foot.`,
        typed || undefined,
      );
    }
    return done(s, { kind: 'digest.respond', code, text: readResponse(s.c) });
  }
  const schedule = scheduleUntil(s, ['to'], workspaceZone(s));
  if (!s.c.accept('to')) throw new Fail('Say which channel the digest goes to, e.g. "to #reflections".');
  if (s.c.word() === 'this') {
    throw new Fail('Name the channel for the digest, e.g. "to #reflections".', 'this');
  }
  return done(s, { kind: 'digest.schedule', schedule, channel: readChannel(s.c, s.ctx) });
}

function parsePairing(s: State): Command {
  const w = sub(s, ['join', 'leave', 'avoid', 'schedule', 'now', 'end', 'status', 'record']);
  if (w === 'record') return parsePairingRecord(s);
  if (w === 'avoid') {
    const next = s.c.peek();
    if (next?.type === 'word' && next.text.toLowerCase() === 'none' && s.c.peek(1) === undefined) {
      s.c.next();
      return done(s, { kind: 'pairing.avoid', org: 'none' });
    }
    const org = readText(s.c, 'the organisation', 'pairing avoid "Northshire Council"').trim();
    if (Array.from(org).length > 100) {
      throw new Fail('That organisation name is longer than 100 characters. Try a shorter form of it.');
    }
    return done(s, { kind: 'pairing.avoid', org });
  }
  if (w !== 'schedule')
    return done(s, { kind: `pairing.${w as 'join' | 'leave' | 'now' | 'end' | 'status'}` });
  const schedule = scheduleUntil(s, ['size'], workspaceZone(s));
  if (!s.c.accept('size')) return done(s, { kind: 'pairing.schedule', schedule });
  const size = readInt(s.c, 'the group size', 2, 4, '"size 2"') as 2 | 3 | 4;
  return done(s, { kind: 'pairing.schedule', schedule, size });
}

/** `pairing record "<theme>"` | `pairing record agree|decline <ref>`. */
function parsePairingRecord(s: State): Command {
  const w = s.c.word();
  // The theme is said in quotes, so an unquoted "agree"/"decline" is always the answer to a request.
  if (w === 'agree' || w === 'decline') {
    s.c.next();
    s.key = `pairing record`;
    const t = s.c.next();
    if (!t)
      throw new Fail(
        `Say which request, e.g. "pairing record ${w} k7pm2qaz": the reference is in the message that asked you.`,
      );
    const ref = t.type === 'word' ? t.lower : tokenText(t);
    if (t.type !== 'word' || !/^[a-z0-9]{4,12}$/.test(ref))
      throw new Fail(
        `"${ref}" is not a request reference. It is the short code in the message that asked you.`,
        ref,
      );
    return done(s, { kind: `pairing.record.${w}`, ref });
  }
  const theme = readText(
    s.c,
    'what you talked about',
    'pairing record "handing over after a hard shift"',
  ).trim();
  if (theme === '')
    throw new Fail('Say what you talked about, e.g. pairing record "handing over after a hard shift".');
  if (Array.from(theme).length > PEER_THEME_MAX)
    throw new Fail(
      `That is longer than ${PEER_THEME_MAX} characters. A few words about the theme is enough.`,
    );
  return { kind: 'pairing.record', theme };
}

function parseSession(s: State): Command {
  const w = sub(s, ['add', 'list', 'cancel', 'mix']);
  switch (w) {
    case 'add':
      return readSessionAdd(s.c, s.ctx, s.now, workspaceZone(s));
    case 'list':
      return done(s, { kind: 'session.list' });
    default:
      return done(s, {
        kind: `session.${w as 'cancel' | 'mix'}`,
        id: readId(s.c, 'session', '/roundtable session list'),
      });
  }
}

function parseMe(s: State): Command {
  const { c } = s;
  if (c.done()) return { kind: 'me' };
  if (c.word() === 'lived' && c.word(1) === 'experience') {
    // "me lived experience yes", as two words.
    c.next();
    c.next();
    s.key = 'me lived-experience';
    return done(s, { kind: 'me.lived-experience', on: readYesNo(s, 'yes', 'no') });
  }
  const w = sub(s, [
    'role',
    'lived-experience',
    'scale',
    'grief',
    'org',
    'timezone',
    'quiet',
    'pause',
    'resume',
    'record',
  ]);
  switch (w) {
    case 'role':
      return done(s, { kind: 'me.role', band: readRole(c, LIVED_EXPERIENCE_NOT_A_ROLE) });
    case 'lived-experience':
      return done(s, { kind: 'me.lived-experience', on: readYesNo(s, 'yes', 'no') });
    case 'scale':
      return done(s, { kind: 'me.scale', on: readYesNo(s, 'on', 'off') });
    case 'grief':
      return done(s, { kind: 'me.grief', on: readYesNo(s, 'on', 'off') });
    case 'org':
      return done(s, { kind: 'me.org', org: readText(c, 'your organisation', 'me org "Shelter"') });
    case 'timezone':
      return done(s, { kind: 'me.timezone', zone: readZoneName(c) });
    case 'quiet':
      return parseQuiet(s);
    case 'pause': {
      if (c.done()) return { kind: 'me.pause' };
      // "for" is optional: "me pause 3 weeks" is just as clear.
      if (!c.accept('for') && !/^\d+$/.test(c.word() ?? ''))
        throw unexpected(c.next(), ['for'], 'a pause option');
      const weeks = readInt(c, 'the number of weeks', 1, 52, '"for 2 weeks"');
      if (!c.accept('weeks', 'week')) throw unexpected(c.next(), ['weeks'], 'a length of time');
      return done(s, { kind: 'me.pause', weeks });
    }
    case 'resume':
      return done(s, { kind: 'me.resume' });
    default:
      return parseRecord(s);
  }
}

/** `yes` or `no` (`on` or `off` for the scale): the last word of a member's own setting. */
function readYesNo(s: State, yes: string, no: string): boolean {
  const w = s.c.accept(yes, no);
  if (w) return w === yes;
  const t = s.c.next();
  const said = t ? tokenText(t) : undefined;
  throw new Fail(
    `Say ${yes} or ${no}, like \`/roundtable ${s.key} ${yes}\`${said ? `, not ${quote(said)}` : ''}.`,
    said,
  );
}

/** `quiet 22:00-07:00`, also with spaces or "to" around the dash. */
function parseQuiet(s: State): Command {
  const words: string[] = [];
  while (!s.c.done()) {
    const t = s.c.next()!;
    words.push(t.type === 'word' ? t.lower : ' ');
  }
  const text = words.join(' ').replace(/\s*(?:-|–|to)\s*/, '-');
  const m = /^(\d{1,2})[:.](\d{2})-(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  const shown = words.join(' ') || undefined;
  if (!m)
    throw new Fail(
      `Give quiet hours as two 24-hour times, like "22:00-07:00"${shown ? `, not "${shown}"` : ''}.`,
      shown,
    );
  const [h1, m1, h2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59)
    throw new Fail(`"${shown}" has a time that is not on the clock.`, shown);
  const p = (n: number) => String(n).padStart(2, '0');
  const start = `${p(h1)}:${p(m1)}`;
  const end = `${p(h2)}:${p(m2)}`;
  if (start === end) throw new Fail('Quiet hours need different start and end times.', shown);
  return { kind: 'me.quiet', start, end };
}

function parseRecord(s: State): Command {
  if (s.c.accept('add')) return parseRecordAdd(s);
  const out: { kind: 'me.record'; layout?: RecordLayout; from?: string; to?: string } = { kind: 'me.record' };
  while (!s.c.done()) {
    const w = s.c.accept('from', 'to', ...RECORD_LAYOUTS);
    if (!w) throw unexpected(s.c.next(), ['from', 'to', ...RECORD_LAYOUTS], 'a record option');
    if ((RECORD_LAYOUTS as readonly string[]).includes(w)) {
      if (out.layout) throw new Fail(`"${w}" is given twice.`, w);
      out.layout = w as RecordLayout;
      continue;
    }
    if (out[w as 'from' | 'to']) throw new Fail(`"${w}" is given twice.`, w);
    out[w as 'from' | 'to'] = readDate(s.c);
  }
  if (out.from && out.to && out.from > out.to) throw new Fail(`${out.from} is after ${out.to}.`, out.to);
  return out;
}

/** `me record add <ref>|last [theme <theme>] [changed "<text>"]`: at least one of the two. */
function parseRecordAdd(s: State): Command {
  s.key = 'me record add';
  const t = s.c.next();
  const ref = t?.type === 'word' ? t.lower : undefined;
  if (!ref)
    throw new Fail(
      'Say which reflection: "last" for your latest, or the reference shown under it in your record (like c12).',
    );
  if (ref !== 'last' && !/^[cs]\d{1,9}$/.test(ref))
    throw new Fail(
      `"${ref}" is not a reflection reference. Use "last", or the reference shown under a reflection in your record (like c12).`,
      ref,
    );
  const out: { kind: 'me.record.add'; ref: string; theme?: CodeTheme; changed?: string } = {
    kind: 'me.record.add',
    ref,
  };
  while (!s.c.done()) {
    const w = s.c.accept('theme', 'changed');
    if (!w) throw unexpected(s.c.next(), ['theme', 'changed'], 'what to add');
    if (out[w as 'theme' | 'changed'] !== undefined) throw new Fail(`"${w}" is given twice.`, w);
    if (w === 'theme') {
      const v = s.c.next();
      const id = v?.type === 'word' ? v.lower : undefined;
      if (!id || !(CODE_THEME_IDS as string[]).includes(id))
        throw new Fail(
          `${id ? `"${id}" is not one of the Code's themes. ` : ''}Choose one of: ${CODE_THEME_IDS.join(', ')}.`,
          id,
        );
      out.theme = id as CodeTheme;
      continue;
    }
    const v = s.c.next();
    if (v?.type !== 'string' || v.text.trim() === '')
      throw new Fail('Put how it changed your practice in quotes, e.g. changed "I now ask before I assume".');
    const text = v.text.trim();
    if (Array.from(text).length > RECORD_CHANGED_MAX)
      throw new Fail(
        `That is ${Array.from(text).length} characters; the most I can keep is ${RECORD_CHANGED_MAX}. Nothing was saved.`,
      );
    out.changed = text;
  }
  if (!out.theme && !out.changed)
    throw new Fail('Say what to add: theme <theme>, changed "<how it changed your practice>", or both.');
  return out;
}

function parseForget(s: State): Command {
  s.key = 'forget me';
  // Deleting everything needs the exact words: "forget" alone is not enough.
  if (!s.c.accept('me')) throw unexpected(s.c.next(), ['me'], 'what I can forget');
  return done(s, { kind: 'forget' });
}

function parseAdmin(s: State): Command {
  const w = sub(s, ['add', 'remove', 'list']);
  if (w === 'list') return done(s, { kind: 'admin.list' });
  return done(s, { kind: w === 'add' ? 'admin.add' : 'admin.remove', user: readUser(s.c, s.ctx) });
}

function parseSafeguarding(s: State): Command {
  const w = sub(s, ['add', 'remove', 'list']);
  if (w === 'list') return done(s, { kind: 'safeguarding.list' });
  return done(s, {
    kind: w === 'add' ? 'safeguarding.add' : 'safeguarding.remove',
    user: readUser(s.c, s.ctx),
  });
}

function parseSettings(s: State): Command {
  const { c } = s;
  const w = sub(s, ['k', 'retention', 'timezone', 'crisis-lines']);
  if (w === 'crisis-lines') {
    const on = c.accept('on', 'off');
    if (!on) throw unexpected(c.next(), ['on', 'off'], 'a crisis-lines setting');
    return done(s, { kind: 'settings.crisis-lines', on: on === 'on' });
  }
  if (w === 'k') {
    const t = c.peek();
    const n = t?.type === 'word' && /^\d+$/.test(t.text) ? Number(t.text) : undefined;
    if (n !== undefined && (n < K_MIN || n > K_MAX)) {
      throw new Fail(
        `k can be from ${K_MIN} to ${K_MAX}, not ${n}. It is never below ${K_MIN}, so that nobody can be picked out of a small group.`,
        t?.type === 'word' ? t.text : undefined,
      );
    }
    return done(s, { kind: 'settings.k', k: readInt(c, 'k', K_MIN, K_MAX, '"settings k 5"') });
  }
  if (w === 'retention') {
    const days = readInt(
      c,
      'the number of days',
      RETENTION_MIN_DAYS,
      RETENTION_MAX_DAYS,
      '"retention 365 days"',
    );
    if (!c.done() && !c.accept('days', 'day')) throw unexpected(c.next(), ['days'], 'a unit here');
    return done(s, { kind: 'settings.retention', days });
  }
  return done(s, { kind: 'settings.timezone', zone: readZoneName(c) });
}

function parseCommunity(s: State): Command {
  const w = sub(s, ['create', 'join', 'leave']);
  if (w === 'leave') return done(s, { kind: 'community.leave' });
  if (w === 'create') {
    return done(s, {
      kind: 'community.create',
      name: readText(s.c, 'the community name', '"North East Partnership"'),
    });
  }
  const t = s.c.next();
  if (t?.type !== 'word')
    throw new Fail('Give the invite code you were sent, e.g. "community join K7P-42Q".');
  return done(s, { kind: 'community.join', code: t.text });
}

function scheduleUntil(s: State, stop: readonly string[], defaultZone: string): Schedule {
  const tokens = s.c.takeUntil(stop);
  s.extraUsage = `<schedule>: ${SCHEDULE_USAGE}`;
  const schedule = readSchedule(tokens, { defaultZone, now: s.now });
  s.extraUsage = undefined;
  return schedule;
}

function optionalAudience(s: State): { audience?: ReturnType<typeof readAudience> } {
  if (s.c.done()) return {};
  if (!s.c.accept('to')) throw unexpected(s.c.next(), ['to'], 'an option here');
  return { audience: readAudience(s.c, s.ctx) };
}

function workspaceZone(s: State): string {
  return s.ctx.workspaceZone ?? DEFAULT_WORKSPACE_ZONE;
}
