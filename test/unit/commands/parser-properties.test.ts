import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/core/commands/index.js';

const now = new Date('2026-03-04T12:00:00Z');

const KEYWORDS = [
  'roundtable',
  '/roundtable',
  'checkin',
  'schedule',
  'now',
  'list',
  'pause',
  'resume',
  'delete',
  'report',
  'checkins',
  'weeks',
  'digest',
  'pairing',
  'join',
  'leave',
  'end',
  'status',
  'size',
  'session',
  'add',
  'cancel',
  'mix',
  'menu',
  'me',
  'role',
  'org',
  'timezone',
  'quiet',
  'for',
  'record',
  'from',
  'forget',
  'privacy',
  'help',
  'admin',
  'remove',
  'signpost',
  'settings',
  'k',
  'retention',
  'days',
  'community',
  'create',
  'every',
  'daily',
  'weekdays',
  'weekday',
  'week',
  'month',
  'on',
  'at',
  'and',
  'first',
  'last',
  'monday',
  'fri',
  'cron',
  'local',
  'Europe/London',
  'to',
  'this',
  'channel',
  'team',
  'everyone',
  'frontline',
  'leader',
  'lived-experience',
  'capacity',
  'where',
  'topic',
  '09:30',
  '4pm',
  '2026-05-14',
  '40%',
  '45m',
  '1h',
  '2',
  '3',
  '0',
  '99999999999',
  ',',
  '"',
  '\u201c',
  '\u201d',
  '"a title"',
  '"30 9 * * 1-5"',
  '"* * * * *"',
  '<@U1|ada>',
  '<@U1>',
  '<#C1|x>',
  '<#C1>',
  '@ada',
  '#general',
  '<at>Ada</at>',
  '<at>',
  '</at>',
  '<https://x.org|x>',
  '<',
  '>',
  '&amp;',
  '&quot;',
  '-',
  '%',
];

function assertParseResult(text: string): void {
  const result = parseCommand(text, {
    now,
    workspaceZone: 'Europe/London',
    mentions: [{ text: '<at>Ada</at>', userId: 'u-ada', name: 'Ada' }],
  });
  expect(typeof result.kind).toBe('string');
  if (result.kind === 'error') {
    expect(result.message.length).toBeGreaterThan(0);
    expect(typeof result.usage).toBe('string');
    expect(result.usage.length).toBeGreaterThan(0);
  }
}

describe('the parser never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        assertParseResult(text);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('on arbitrary unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        assertParseResult(text);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('on token soups built from the keywords', () => {
    const soup = fc.array(fc.constantFrom(...KEYWORDS), { maxLength: 14 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(soup, (text) => {
        assertParseResult(text);
      }),
      { numRuns: 3000, seed: 1234 },
    );
  });

  it('on keyword soups glued without spaces', () => {
    const soup = fc.array(fc.constantFrom(...KEYWORDS), { maxLength: 10 }).map((words) => words.join(''));
    fc.assert(
      fc.property(soup, (text) => {
        assertParseResult(text);
      }),
      { numRuns: 1000, seed: 99 },
    );
  });

  it('on non-string input arriving from untyped JavaScript', () => {
    for (const junk of [undefined, null, 42, {}, []]) {
      const result = parseCommand(junk as unknown as string);
      expect(['open', 'error']).toContain(result.kind);
    }
  });
});
