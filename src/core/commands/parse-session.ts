/**
 * `session add "<title>" on <date> at <time> [for ..] [capacity ..] [where ..] [topic ..] [mix ..] [to ..]`:
 * options in any order, each at most once.
 */
import { Temporal } from 'temporal-polyfill';
import { formatTime, readTime } from '../schedule/time-of-day.js';
import type { Command, MixTarget, ParseContext } from './command.js';
import { type Cursor, Fail, quote, unexpected } from './cursor.js';
import { readAudience, readBand, readDate, readInt } from './parse-args.js';
import { tokenText } from './tokenizer.js';

type SessionAdd = Extract<Command, { kind: 'session.add' }>;

const OPTIONS = ['on', 'at', 'for', 'capacity', 'where', 'topic', 'mix', 'to'];
const EXAMPLE = 'session add "Boundaries at work" on 2026-05-14 at 12:30';
const MIN_MINUTES = 5;
const MAX_MINUTES = 8 * 60;

/** Reads the rest of a `session add`. `zone` is the workspace's zone, in which `date` and `time` are local. */
export function readSessionAdd(c: Cursor, ctx: ParseContext, now: Date, zone: string): SessionAdd {
  const titleToken = c.next();
  if (titleToken?.type !== 'string') {
    const text = titleToken ? tokenText(titleToken) : undefined;
    throw new Fail(`Put the title in quotes first, e.g. ${EXAMPLE}.`, text);
  }
  if (!titleToken.text)
    throw new Fail(`The title is empty. Put it between the quotes, e.g. ${EXAMPLE}.`, '""');
  const out: Partial<SessionAdd> = { kind: 'session.add', title: titleToken.text };
  const seen = new Set<string>();
  while (!c.done()) {
    const t = c.peek()!;
    const option = c.word();
    if (option === undefined || !OPTIONS.includes(option)) throw unexpected(t, OPTIONS, 'a session option');
    c.next();
    if (seen.has(option)) throw new Fail(`"${option}" is given twice. Say it once.`, option);
    seen.add(option);
    switch (option) {
      case 'on':
        out.date = readDate(c);
        refusePast(out.date, now, zone);
        break;
      case 'at':
        out.time = formatTime(readTime(c));
        break;
      case 'for':
        out.durationMinutes = readDuration(c);
        break;
      case 'capacity':
        out.capacity = readInt(c, 'the capacity', 1, 1000, '"capacity 12"');
        break;
      case 'where':
        out.where = readOne(c, 'where', 'where "Room 2" or where "https://meet.example.org/x"');
        break;
      case 'topic':
        out.topic = readOne(c, 'topic', 'topic "trauma-informed practice"');
        break;
      case 'mix':
        out.mix = readMix(c);
        break;
      case 'to':
        out.audience = readAudience(c, ctx);
        break;
    }
  }
  if (!out.date) throw new Fail(`Say the date, e.g. ${EXAMPLE}.`);
  if (!out.time) throw new Fail(`Say the start time, e.g. ${EXAMPLE}.`);
  const percent = (out.mix ?? []).reduce((sum, m) => sum + (m.percent ?? 0), 0);
  if (percent > 100) throw new Fail(`The mix adds up to ${percent}%, more than 100%.`, `${percent}%`);
  const count = (out.mix ?? []).reduce((sum, m) => sum + (m.count ?? 0), 0);
  if (out.capacity !== undefined && count > out.capacity) {
    throw new Fail(`The mix asks for ${count} people but the capacity is ${out.capacity}.`, String(count));
  }
  return out as SessionAdd;
}

function refusePast(date: string, now: Date, zone: string): void {
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone).toPlainDate();
  if (Temporal.PlainDate.compare(Temporal.PlainDate.from(date), today) < 0) {
    throw new Fail(`${date} has already passed. Choose today or a later date.`, date);
  }
}

/** `45m`, `90min`, `1h`, `1h30m`, `1.5h`, or a number and a unit as two words (`45 minutes`). */
function readDuration(c: Cursor): number {
  const t = c.next();
  const text = t ? tokenText(t) : '';
  let w = t?.type === 'word' ? t.lower : '';
  const unit = c.word();
  if (/^\d+(\.\d+)?$/.test(w) && unit && /^(m|mins?|minutes?|h|hrs?|hours?)$/.test(unit)) {
    c.next();
    w += unit;
  }
  let minutes: number | undefined;
  const hm = /^(\d+)h(?:rs?)?(\d+)(?:m|mins?)?$/.exec(w);
  const single = /^(\d+(?:\.\d+)?)(m|mins?|minutes?|h|hrs?|hours?)$/.exec(w);
  if (hm) minutes = Number(hm[1]) * 60 + Number(hm[2]);
  else if (single) minutes = Math.round(Number(single[1]) * (single[2]!.startsWith('h') ? 60 : 1));
  if (minutes === undefined) {
    throw new Fail(
      t
        ? `${quote(text)} is not a length of time. Try "for 45m", "for 1h" or "for 90m".`
        : 'Say how long, e.g. "for 45m".',
      text || undefined,
    );
  }
  if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
    throw new Fail(
      `A session can last from ${MIN_MINUTES} minutes to ${MAX_MINUTES / 60} hours, not ${text}.`,
      text,
    );
  }
  return minutes;
}

/** One quoted text, or a single word such as a link. */
function readOne(c: Cursor, what: string, example: string): string {
  const t = c.next();
  if (t?.type === 'string' && t.text) return t.text;
  if (t?.type === 'word') return t.text;
  const text = t ? tokenText(t) : undefined;
  throw new Fail(`Put the ${what} text in quotes, e.g. ${example}.`, text);
}

/** `frontline 40%, leader 2, lived-experience 1` */
function readMix(c: Cursor): MixTarget[] {
  const mix: MixTarget[] = [];
  do {
    const band = readBand(c);
    if (mix.some((m) => m.band === band)) throw new Fail(`"${band}" appears twice in the mix.`, band);
    const t = c.next();
    let w = t?.type === 'word' ? t.lower : '';
    if (/^\d+$/.test(w) && c.word() === '%') {
      c.next();
      w += '%';
    }
    const pct = /^(\d+)%$/.exec(w);
    const count = /^(\d+)$/.exec(w);
    if (pct) {
      const p = Number(pct[1]);
      if (p < 1 || p > 100) throw new Fail(`A share is from 1% to 100%, not ${p}%.`, t ? tokenText(t) : w);
      mix.push({ band, percent: p });
    } else if (count) {
      const n = Number(count[1]);
      if (n < 1 || n > 1000) throw new Fail(`Ask for between 1 and 1000 people of a role, not ${n}.`, w);
      mix.push({ band, count: n });
    } else {
      const text = t ? tokenText(t) : undefined;
      throw new Fail(
        `After "${band}" give a share like 40% or a number of people like 2${text ? `, not ${quote(text)}` : ''}.`,
        text,
      );
    }
  } while (c.acceptComma() || c.accept('and'));
  return mix;
}
