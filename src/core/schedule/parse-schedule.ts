/**
 * The schedule grammar of docs/COMMANDS.md, turned into an RFC 5545 rule with a floating DTSTART:
 *   every [N] day(s)|weekday(s)|week(s)|month(s) [on <days>] at <time> [<zone>]
 *   daily|weekdays at <time> [<zone>]  ·  cron "<5 fields>" [<zone>]
 */
import { Temporal } from 'temporal-polyfill';
import type { ParseError } from '../commands/command.js';
import { Cursor, Fail, quote, unexpected } from '../commands/cursor.js';
import { type Token, tokenText, tokenize } from '../commands/tokenizer.js';
import { cronToRrule } from './cron-to-rrule.js';
import { firstOnOrAfter, formatDtstart, formatMadeAt } from './occurrences.js';
import type { Schedule } from './schedule.js';
import { formatTime, readTime, type TimeOfDay } from './time-of-day.js';
import { canonicalZone, suggestZone } from './zone.js';

export const SCHEDULE_USAGE =
  'every [N] day|days|weekday|weekdays|week|weeks|month|months [on <days>] at <time> [<zone>]  ' +
  '(or: daily at <time>, weekdays at <time>, cron "<5 fields>")';

export interface ScheduleOptions {
  /** `local` for check-ins; the workspace's zone for pairing rounds, sessions and digests. */
  defaultZone: string;
  /** Anchors intervals ("every 2 weeks") on the first matching day at or after this instant. */
  now: Date;
}

type Unit = 'day' | 'weekday' | 'week' | 'month';
type DayCode = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

const DAY_CODES: readonly DayCode[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAY_WORDS: Record<string, DayCode> = {};
for (const [i, code] of DAY_CODES.entries()) {
  const full = DAY_NAMES[i]!.toLowerCase();
  for (const w of [full, `${full}s`, full.slice(0, 3)]) DAY_WORDS[w] = code;
}
Object.assign(DAY_WORDS, { tues: 'TU', weds: 'WE', thur: 'TH', thurs: 'TH' });

const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: -1,
};
const ORDINAL_NAMES: Record<number, string> = {
  1: 'first',
  2: 'second',
  3: 'third',
  4: 'fourth',
  [-1]: 'last',
};

const UNITS: Record<string, Unit> = {
  day: 'day',
  days: 'day',
  weekday: 'weekday',
  weekdays: 'weekday',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
};
const MAX_INTERVAL: Record<Unit, number> = { day: 365, weekday: 1, week: 52, month: 12 };
const STARTS = ['every', 'daily', 'weekdays', 'weekly', 'monthly', 'cron'];

interface Spec {
  unit: Unit;
  interval: number;
  weekdays?: DayCode[];
  ordinals?: Array<{ n: number; day: DayCode }>;
  monthDays?: number[];
  time?: TimeOfDay;
  zone?: string;
}

/**
 * Parses a schedule typed on its own (e.g. in a form field). Never throws.
 * @returns the stored form of the schedule, or a ParseError naming the offending word.
 */
export function parseSchedule(text: string, opts: ScheduleOptions): Schedule | ParseError {
  try {
    const tokens = tokenize(text);
    if (!tokens.ok)
      return { kind: 'error', message: tokens.message, word: tokens.word, usage: SCHEDULE_USAGE };
    return readSchedule(tokens.tokens, opts);
  } catch (error) {
    if (error instanceof Fail) {
      const out: ParseError = { kind: 'error', message: error.message, usage: SCHEDULE_USAGE };
      if (error.word !== undefined) out.word = error.word;
      if (error.suggestion !== undefined) out.suggestion = error.suggestion;
      return out;
    }
    return { kind: 'error', message: 'I could not read that schedule.', usage: SCHEDULE_USAGE };
  }
}

/** Reads a schedule from exactly `tokens` (the command parser cuts them out). Throws `Fail`. */
export function readSchedule(tokens: readonly Token[], opts: ScheduleOptions): Schedule {
  const c = new Cursor(tokens);
  const head = c.next();
  if (!head) throw new Fail('Say when, e.g. "every weekday at 09:30".');
  if (head.type === 'word' && head.lower === 'cron') return readCron(c, opts);
  const spec = readCadence(c, head);
  readClauses(c, spec);
  if (!spec.time) throw new Fail(`Say what time, e.g. "${describeCadence(spec)} at 09:30".`);
  return build(spec, opts);
}

function readCron(c: Cursor, opts: ScheduleOptions): Schedule {
  const t = c.next();
  if (t?.type !== 'string') {
    throw new Fail('Put the cron in quotes, e.g. cron "30 9 * * 1-5".', t ? tokenText(t) : undefined);
  }
  const body = cronToRrule(t.text);
  let zone: string | undefined;
  if (!c.done()) zone = readZone(c);
  c.end();
  const z = zone ?? opts.defaultZone;
  const first = firstOnOrAfter(body, today(z, opts.now), computeZone(z), opts.now);
  if (!first) throw new Fail(`"${t.text}" never comes round, so I cannot schedule it.`, t.text);
  const expr = t.text.trim().split(/\s+/).join(' ');
  return {
    rrule: `${dtstart(z, first, opts.now)}\nRRULE:${body}`,
    zone: z,
    text: `cron "${expr}"${zone ? ` ${zone}` : ''}`,
  };
}

function readCadence(c: Cursor, head: Token): Spec {
  const w = head.type === 'word' ? head.lower : '';
  if (w === 'daily') return { unit: 'day', interval: 1 };
  if (w === 'weekdays' || w === 'weekday') return { unit: 'weekday', interval: 1 };
  if (w === 'weekly') return { unit: 'week', interval: 1 };
  if (w === 'monthly') return { unit: 'month', interval: 1 };
  refuseCadenceWord(w, head);
  if (w !== 'every') throw unexpected(head, STARTS, 'a schedule');
  let interval = 1;
  const n = c.word();
  if (n !== undefined && /^\d+$/.test(n)) {
    interval = Number(n);
    c.next();
  } else if (n === 'other') {
    interval = 2;
    c.next();
  }
  const unitToken = c.next();
  if (!unitToken) throw new Fail('Say how often, e.g. "every week on monday at 09:30".');
  const u = unitToken.type === 'word' ? unitToken.lower : '';
  refuseCadenceWord(u, unitToken);
  if (DAY_WORDS[u] && interval === 1) {
    // "every monday and thursday" reads naturally; it is "every week on ...".
    return { unit: 'week', interval: 1, weekdays: readWeekdays(c, DAY_WORDS[u]) };
  }
  const unit = UNITS[u];
  if (!unit) throw unexpected(unitToken, ['day', 'weekday', 'week', 'month'], 'a unit of time');
  if (interval < 1 || interval > MAX_INTERVAL[unit]) {
    if (unit === 'weekday') {
      throw new Fail(
        `"every ${interval} weekdays" is not something I can schedule. Try "every weekday".`,
        String(interval),
      );
    }
    throw new Fail(
      `Choose a number from 1 to ${MAX_INTERVAL[unit]} for ${unit}s, not ${interval}.`,
      String(interval),
    );
  }
  return { unit, interval };
}

/** Words people reach for that are not in the grammar: answer each with the phrase that works. */
function refuseCadenceWord(w: string, t: Token): void {
  const word = tokenText(t);
  if (['fortnightly', 'fortnight', 'biweekly', 'bi-weekly'].includes(w)) {
    throw new Fail(`"${word}" is not something I can schedule. Try "every 2 weeks".`, word);
  }
  if (['hourly', 'hour', 'hours', 'minute', 'minutes', 'minutely'].includes(w)) {
    throw new Fail(
      `"${word}" is more often than I can schedule. The most is once a day, e.g. "every day at 09:30".`,
      word,
    );
  }
  if (['yearly', 'annually', 'year', 'years', 'quarterly', 'quarter'].includes(w)) {
    throw new Fail(
      `"${word}" is not something I can schedule. Try "every 3 months on first monday" or a cron.`,
      word,
    );
  }
}

function readClauses(c: Cursor, spec: Spec): void {
  let sawOn = spec.weekdays !== undefined;
  while (!c.done()) {
    const t = c.peek()!;
    const w = c.word();
    if (w === 'on') {
      c.next();
      if (sawOn) throw new Fail('The days are given twice. Say them once, after "on".', 'on');
      sawOn = true;
      readOnDays(c, spec);
    } else if (w === 'at') {
      c.next();
      if (spec.time) throw new Fail('The time is given twice. One time per schedule, please.', 'at');
      spec.time = readTime(c);
      if (c.word() === 'and' || c.peek()?.type === 'comma') {
        throw new Fail('One time per schedule, please. For two times a day, make two schedules.', 'and');
      }
    } else if (t.type === 'word' && (w === 'local' || t.text.includes('/') || canonicalZone(t.text))) {
      if (spec.zone) throw new Fail('The time zone is given twice.', t.text);
      spec.zone = readZone(c);
    } else {
      const text = tokenText(t);
      const hint = spec.time ? '' : ` Say "on <days>", "at <time>" or a time zone.`;
      throw new Fail(`I did not expect ${quote(text)} in the schedule.${hint}`, text);
    }
  }
}

function readZone(c: Cursor): string {
  const t = c.next();
  if (t?.type !== 'word') {
    const text = t ? tokenText(t) : '';
    throw new Fail(`${quote(text)} is not a time zone. Use a name like "Europe/London", or "local".`, text);
  }
  if (t.lower === 'local') return 'local';
  const zone = canonicalZone(t.text);
  if (zone) return zone;
  const suggestion = suggestZone(t.text);
  const hint = suggestion
    ? ` Did you mean "${suggestion}"?`
    : ' Use a name like "Europe/London", or "local".';
  throw new Fail(`"${t.text}" is not a time zone I know.${hint}`, t.text, suggestion);
}

function readOnDays(c: Cursor, spec: Spec): void {
  if (spec.unit === 'day' || spec.unit === 'weekday') {
    const what = spec.unit === 'day' ? 'every day' : 'every weekday';
    throw new Fail(
      `"${what}" already says which days. For particular days, say "every week on monday and thursday".`,
      'on',
    );
  }
  if (spec.unit === 'week') {
    const t = c.next();
    const code = t?.type === 'word' ? dayOf(t.lower) : undefined;
    if (!code) throw unexpectedDay(t);
    spec.weekdays = readWeekdays(c, code);
    return;
  }
  readMonthDays(c, spec);
}

/** Reads `mon, wed and fri` after the first day has been read. `weekdays` and `weekends` expand. */
function readWeekdays(c: Cursor, first: DayCode | DayCode[]): DayCode[] {
  const days = new Set<DayCode>(Array.isArray(first) ? first : [first]);
  while (c.acceptComma() || c.accept('and')) {
    const t = c.next();
    const code = t?.type === 'word' ? dayOf(t.lower) : undefined;
    if (!code) throw unexpectedDay(t);
    for (const d of Array.isArray(code) ? code : [code]) days.add(d);
  }
  return DAY_CODES.filter((d) => days.has(d));
}

function dayOf(w: string): DayCode | DayCode[] | undefined {
  if (w === 'weekdays' || w === 'weekday') return ['MO', 'TU', 'WE', 'TH', 'FR'];
  if (w === 'weekends' || w === 'weekend') return ['SA', 'SU'];
  return DAY_WORDS[w];
}

function unexpectedDay(t: Token | undefined): Fail {
  return unexpected(
    t,
    DAY_NAMES.map((d) => d.toLowerCase()),
    'a day',
  );
}

function readMonthDays(c: Cursor, spec: Spec): void {
  const ordinals: Array<{ n: number; day: DayCode }> = [];
  const monthDays: number[] = [];
  do {
    c.accept('the');
    c.accept('day');
    const t = c.next();
    const w = t?.type === 'word' ? t.lower : '';
    const n = /^(\d{1,2})(st|nd|rd|th)?$/.exec(w);
    if (w === 'last' && c.word() === 'day') {
      c.next();
      monthDays.push(-1);
    } else if (ORDINALS[w] !== undefined) {
      const d = c.next();
      const code = d?.type === 'word' ? DAY_WORDS[d.lower] : undefined;
      if (!code) throw unexpectedDay(d);
      ordinals.push({ n: ORDINALS[w]!, day: code });
    } else if (n && !ORDINALS[w]) {
      const day = Number(n[1]);
      if (day < 1 || day > 28) {
        throw new Fail(
          `Day ${day} is missing from some months. Use a day from 1 to 28, or "last day".`,
          t ? tokenText(t) : w,
        );
      }
      monthDays.push(day);
    } else if (w === 'fifth' || w === '5th') {
      throw new Fail(`Not every month has a fifth week. Try "last ${c.word() ?? 'friday'}".`, w);
    } else if (DAY_WORDS[w]) {
      throw new Fail(`Say which ${w} of the month, e.g. "first ${w}" or "last ${w}".`, w);
    } else {
      throw unexpected(t, ['first', 'second', 'third', 'fourth', 'last'], 'a day of the month');
    }
  } while (c.acceptComma() || c.accept('and'));
  if (ordinals.length > 0 && monthDays.length > 0) {
    throw new Fail(
      'Use either dates (like "15") or days (like "first monday") in one schedule, not both.',
      'and',
    );
  }
  if (ordinals.length > 0) spec.ordinals = ordinals;
  else spec.monthDays = [...new Set(monthDays)];
}

function build(spec: Spec, opts: ScheduleOptions): Schedule {
  const zone = spec.zone ?? opts.defaultZone;
  const time = spec.time!;
  const day = today(zone, opts.now);
  const dayCode = DAY_CODES[day.dayOfWeek - 1]!;
  // Without "on", a weekly or monthly cadence starts from today's weekday or date.
  if (spec.unit === 'week' && !spec.weekdays) spec.weekdays = [dayCode];
  if (spec.unit === 'month' && !spec.ordinals && !spec.monthDays) spec.monthDays = [Math.min(day.day, 28)];
  const parts: string[] = [];
  if (spec.unit === 'day') parts.push('FREQ=DAILY');
  else if (spec.unit === 'weekday') parts.push('FREQ=WEEKLY', 'BYDAY=MO,TU,WE,TH,FR');
  else if (spec.unit === 'week') parts.push('FREQ=WEEKLY', `BYDAY=${spec.weekdays!.join(',')}`);
  else if (spec.ordinals)
    parts.push('FREQ=MONTHLY', `BYDAY=${spec.ordinals.map((o) => `${o.n}${o.day}`).join(',')}`);
  else parts.push('FREQ=MONTHLY', `BYMONTHDAY=${spec.monthDays!.join(',')}`);
  parts.push(`BYHOUR=${time.hour}`, `BYMINUTE=${time.minute}`);
  // The anchor is the first firing at or after now of the every-1 rule: "every 2 weeks" then counts from there.
  const first = firstOnOrAfter(parts.join(';'), day, computeZone(zone), opts.now);
  if (!first) throw new Fail('That schedule never comes round.');
  if (spec.interval > 1) parts.splice(1, 0, `INTERVAL=${spec.interval}`);
  return {
    rrule: `${dtstart(zone, first, opts.now)}\nRRULE:${parts.join(';')}`,
    zone,
    text: `${describeCadence(spec)} at ${formatTime(time)}${spec.zone ? ` ${spec.zone}` : ''}`,
  };
}

function describeCadence(spec: Spec): string {
  const every = (unit: string) => (spec.interval === 1 ? `every ${unit}` : `every ${spec.interval} ${unit}s`);
  const names = (codes: DayCode[]) => listAnd(codes.map((d) => DAY_NAMES[DAY_CODES.indexOf(d)]!));
  switch (spec.unit) {
    case 'day':
      return every('day');
    case 'weekday':
      return 'every weekday';
    case 'week':
      return spec.weekdays ? `${every('week')} on ${names(spec.weekdays)}` : every('week');
    case 'month': {
      if (spec.ordinals) {
        const list = spec.ordinals.map((o) => `${ORDINAL_NAMES[o.n]} ${DAY_NAMES[DAY_CODES.indexOf(o.day)]}`);
        return `${every('month')} on the ${listAnd(list)}`;
      }
      if (spec.monthDays) {
        const list = spec.monthDays.map((d) => (d === -1 ? 'the last day' : `day ${d}`));
        return `${every('month')} on ${listAnd(list)}`;
      }
      return every('month');
    }
  }
}

function listAnd(items: string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The stored DTSTART. A schedule in one zone starts at its first firing at or after now there. A `local`
 * schedule has no zone of its own, so it stores the moment it was made, and each member's firings start at the
 * first one at or after that moment in their own zone (`occurrences.ts`): anchoring it on a UTC day would lose
 * that day's firing for members west of UTC.
 */
function dtstart(zone: string, first: Temporal.PlainDateTime, now: Date): string {
  return zone === 'local' ? formatMadeAt(now) : formatDtstart(first);
}

/** `local` schedules have no zone of their own: UTC stands in for checking that the rule ever fires. */
function computeZone(zone: string): string {
  return zone === 'local' ? 'UTC' : zone;
}

function today(zone: string, now: Date): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(computeZone(zone))
    .toPlainDate();
}
