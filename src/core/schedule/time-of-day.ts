/**
 * Times of day as people type them: `09:30`, `9:30`, `16:00`, `4pm`, `4:15pm`, `4 pm`, `noon`, `midnight`.
 */
import { type Cursor, Fail } from '../commands/cursor.js';
import { tokenText } from '../commands/tokenizer.js';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

const TIME_HINT = 'Use 24-hour time like "09:30", or "4pm".';

/** Reads one time of day at the cursor (the word after `at`). Throws `Fail` when it is not a time. */
export function readTime(c: Cursor): TimeOfDay {
  const t = c.next();
  if (!t) throw new Fail(`Say what time, e.g. "at 09:30". ${TIME_HINT}`);
  if (t.type !== 'word') throw new Fail(`"${tokenText(t)}" is not a time. ${TIME_HINT}`, tokenText(t));
  let w = t.lower;
  if (w === 'noon' || w === 'midday') return { hour: 12, minute: 0 };
  if (w === 'midnight') return { hour: 0, minute: 0 };
  // "4 pm": the suffix as its own word.
  const suffix = c.word();
  if (/^\d{1,2}([:.]\d{2})?$/.test(w) && (suffix === 'am' || suffix === 'pm')) {
    c.next();
    w += suffix;
  }
  const ampm = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)$/.exec(w);
  if (ampm) {
    const h = Number(ampm[1]);
    const m = Number(ampm[2] ?? '0');
    if (h < 1 || h > 12 || m > 59) throw new Fail(`"${t.text}" is not a time. ${TIME_HINT}`, t.text);
    const pm = ampm[3]!.startsWith('p');
    return { hour: (h % 12) + (pm ? 12 : 0), minute: m };
  }
  const h24 = /^(\d{1,2})[:.](\d{2})$/.exec(w);
  if (h24) {
    const h = Number(h24[1]);
    const m = Number(h24[2]);
    if (h > 23 || m > 59) throw new Fail(`"${t.text}" is not a time. ${TIME_HINT}`, t.text);
    return { hour: h, minute: m };
  }
  if (/^\d{1,2}$/.test(w)) {
    const hh = t.text.padStart(2, '0');
    throw new Fail(`"${t.text}" needs minutes or am/pm: "${hh}:00", "${t.text}am" or "${t.text}pm".`, t.text);
  }
  throw new Fail(`"${t.text}" is not a time. ${TIME_HINT}`, t.text);
}

/** `HH:MM`, zero-padded. */
export function formatTime(t: TimeOfDay): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}
