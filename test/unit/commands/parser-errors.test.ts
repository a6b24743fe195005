import { describe, expect, it } from 'vitest';
import { type ParseError, parseCommand, USAGE } from '../../../src/core/commands/index.js';

const now = new Date('2026-03-04T12:00:00Z');

interface Expected {
  /** A fragment the message must contain. */
  message: string | RegExp;
  word?: string;
  /** The USAGE key whose line the error must carry. */
  usage: string;
  suggestion?: string;
}

function parseError(text: string): ParseError {
  const result = parseCommand(text, { now, workspaceZone: 'Europe/London' });
  if (result.kind !== 'error')
    throw new Error(`expected an error for ${text}, got ${JSON.stringify(result)}`);
  return result;
}

const cases: Array<[string, Expected]> = [
  // Unknown or misspelt commands
  [
    'chekin list',
    {
      message: '"chekin" is not a command I know. Did you mean "checkin"?',
      word: 'chekin',
      usage: 'checkin',
      suggestion: 'checkin',
    },
  ],
  [
    'pairng join',
    { message: 'Did you mean "pairing"?', word: 'pairng', usage: 'pairing', suggestion: 'pairing' },
  ],
  [
    'sesion list',
    { message: 'Did you mean "session"?', word: 'sesion', usage: 'session', suggestion: 'session' },
  ],
  ['privcy', { message: 'Did you mean "privacy"?', word: 'privcy', usage: 'privacy', suggestion: 'privacy' }],
  [
    'hello',
    {
      message: '"hello" is not a command I know. Did you mean "help"?',
      word: 'hello',
      usage: 'help',
      suggestion: 'help',
    },
  ],
  ['xyzzy', { message: '"xyzzy" is not a command I know.', word: 'xyzzy', usage: '' }],
  [
    'checkin shedule every day at 09:00',
    {
      message: 'Did you mean "schedule"?',
      word: 'shedule',
      usage: 'checkin schedule',
      suggestion: 'schedule',
    },
  ],
  ['checkin', { message: 'Say a checkin command', usage: 'checkin' }],
  [
    'pairing joinn',
    { message: 'Did you mean "join"?', word: 'joinn', usage: 'pairing join', suggestion: 'join' },
  ],
  [
    'session ad "X" on 2026-05-14 at 10:00',
    { message: 'Did you mean "add"?', word: 'ad', usage: 'session add', suggestion: 'add' },
  ],
  [
    'help sessoin',
    {
      message: '"sessoin" is not a help topic I know. Did you mean "session"?',
      word: 'sessoin',
      usage: 'help',
      suggestion: 'session',
    },
  ],
  ['privacy please', { message: 'I did not expect "please" there.', word: 'please', usage: 'privacy' }],
  ['status now', { message: 'I did not expect "now" there.', word: 'now', usage: 'status' }],
  // Schedules
  [
    'checkin schedule fortnightly at 9am',
    {
      message: '"fortnightly" is not something I can schedule. Try "every 2 weeks".',
      word: 'fortnightly',
      usage: 'checkin schedule',
    },
  ],
  [
    'checkin schedule every fortnight at 9am',
    { message: 'Try "every 2 weeks"', word: 'fortnight', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule hourly',
    { message: 'more often than I can schedule', word: 'hourly', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every weke at 09:00',
    { message: 'Did you mean "week"?', word: 'weke', usage: 'checkin schedule', suggestion: 'week' },
  ],
  [
    'checkin schedule every weekday',
    { message: 'Say what time, e.g. "every weekday at 09:30"', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every weekday at 25:00',
    { message: '"25:00" is not a time', word: '25:00', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every weekday at 9',
    { message: '"9" needs minutes or am/pm', word: '9', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every weekday at 13pm',
    { message: '"13pm" is not a time', word: '13pm', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every week on mondy at 09:00',
    {
      message: '"mondy" is not a day I know. Did you mean "monday"?',
      word: 'mondy',
      usage: 'checkin schedule',
      suggestion: 'monday',
    },
  ],
  [
    'checkin schedule every day on monday at 09:00',
    { message: '"every day" already says which days', word: 'on', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every 2 weekdays at 09:00',
    { message: '"every 2 weekdays" is not something I can schedule', word: '2', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every 60 weeks at 09:00',
    { message: 'Choose a number from 1 to 52 for weeks, not 60', word: '60', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every month on 31 at 09:00',
    { message: 'Day 31 is missing from some months', word: '31', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every month on tuesday at 09:00',
    {
      message: 'Say which tuesday of the month, e.g. "first tuesday"',
      word: 'tuesday',
      usage: 'checkin schedule',
    },
  ],
  [
    'checkin schedule every month on fifth friday at 09:00',
    { message: 'Not every month has a fifth week', word: 'fifth', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every month on 1 and first monday at 09:00',
    { message: 'either dates (like "15") or days', word: 'and', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every weekday at 09:00 Europe/Londn',
    {
      message: '"Europe/Londn" is not a time zone I know. Did you mean "Europe/London"?',
      word: 'Europe/Londn',
      usage: 'checkin schedule',
      suggestion: 'Europe/London',
    },
  ],
  [
    'checkin schedule every weekday at 09:00 and 17:00',
    { message: 'One time per schedule', word: 'and', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every weekday at 09:00 at 10:00',
    { message: 'The time is given twice', word: 'at', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule cron 30 9 * * 1-5',
    { message: 'Put the cron in quotes', word: '30', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule cron "30 9 * *"',
    { message: '"30 9 * *" has 4', word: '30 9 * *', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule cron "0 10 1-7 * 2"',
    { message: 'cron reads as "either"', word: '0 10 1-7 * 2', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule cron "*/5 * * * *"',
    {
      message: 'would run 288 times a day. A schedule can run at most once an hour.',
      word: '*/5 * * * *',
      usage: 'checkin schedule',
    },
  ],
  [
    'checkin schedule cron "0 9 15W * *"',
    { message: 'is not a cron I can read', word: '0 9 15W * *', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule cron "0 H * * *"',
    { message: '"H" in a cron picks a time at random', word: '0 H * * *', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every weekday at 09:00 to somewhere',
    { message: '"somewhere" is not an audience I know', word: 'somewhere', usage: 'checkin schedule' },
  ],
  [
    'checkin schedule every weekday at 09:00 banana',
    { message: 'I did not expect "banana" in the schedule', word: 'banana', usage: 'checkin schedule' },
  ],
  [
    'checkin now to this chanel',
    {
      message: '"chanel" is not something I can send to I know. Did you mean "channel"?',
      word: 'chanel',
      usage: 'checkin now',
      suggestion: 'channel',
    },
  ],
  [
    'checkin now to role boss',
    { message: '"boss" is not a role I know', word: 'boss', usage: 'checkin now' },
  ],
  [
    'checkin now to #nowhere',
    { message: 'I could not find the channel #nowhere', word: '#nowhere', usage: 'checkin now' },
  ],
  [
    'checkin pause',
    {
      message: 'Which check-in? Give its number. "/roundtable checkin list" shows them.',
      usage: 'checkin pause',
    },
  ],
  ['checkin delete three', { message: '"three" is not a number', word: 'three', usage: 'checkin delete' }],
  [
    'report checkins weeks 0',
    { message: 'The number of weeks can be from 1 to 104, not 0', word: '0', usage: 'report checkins' },
  ],
  [
    'digest schedule every week on friday at 15:00',
    { message: 'Say which channel the digest goes to', usage: 'digest schedule' },
  ],
  [
    'digest schedule every week on friday at 15:00 to this channel',
    { message: 'Name the channel for the digest', word: 'this', usage: 'digest schedule' },
  ],
  [
    'pairing schedule every week on monday at 09:00 size 5',
    { message: 'The group size can be from 2 to 4, not 5', word: '5', usage: 'pairing schedule' },
  ],
  // Sessions
  [
    'session add Boundaries on 2026-05-14 at 12:30',
    { message: 'Put the title in quotes first', word: 'Boundaries', usage: 'session add' },
  ],
  ['session add "Boundaries" at 12:30', { message: 'Say the date', usage: 'session add' }],
  ['session add "Boundaries" on 2026-05-14', { message: 'Say the start time', usage: 'session add' }],
  [
    'session add "Boundaries" on 14/05/2026 at 12:30',
    {
      message: '"14/05/2026" is not a date. Write it as YYYY-MM-DD',
      word: '14/05/2026',
      usage: 'session add',
    },
  ],
  [
    'session add "Boundaries" on 2026-02-30 at 12:30',
    { message: '2026-02-30 is not a date on the calendar', word: '2026-02-30', usage: 'session add' },
  ],
  [
    'session add "Boundaries" on 2026-01-10 at 12:30',
    { message: '2026-01-10 has already passed', word: '2026-01-10', usage: 'session add' },
  ],
  [
    'session add "B" on 2026-05-14 at 12:30 capacity 10 capacity 12',
    { message: '"capacity" is given twice', word: 'capacity', usage: 'session add' },
  ],
  [
    'session add "B" on 2026-05-14 at 12:30 for ages',
    { message: '"ages" is not a length of time. Try "for 45m"', word: 'ages', usage: 'session add' },
  ],
  [
    'session add "B" on 2026-05-14 at 12:30 for 12h',
    { message: 'A session can last from 5 minutes to 8 hours', word: '12h', usage: 'session add' },
  ],
  [
    'session add "B" on 2026-05-14 at 12:30 capcity 10',
    { message: 'Did you mean "capacity"?', word: 'capcity', usage: 'session add', suggestion: 'capacity' },
  ],
  [
    'session add "B" on 2026-05-14 at 12:30 mix frontline 70%, leader 40%',
    { message: 'The mix adds up to 110%', word: '110%', usage: 'session add' },
  ],
  [
    'session add "B" on 2026-05-14 at 12:30 mix frontline lots',
    { message: 'After "frontline" give a share like 40%', word: 'lots', usage: 'session add' },
  ],
  [
    'session add "B" on 2026-05-14 at 12:30 mix leader 2, leader 3',
    { message: '"leader" appears twice in the mix', word: 'leader', usage: 'session add' },
  ],
  [
    'session add "B" on 2026-05-14 at 12:30 capacity 3 mix leader 2, frontline 2',
    { message: 'The mix asks for 4 people but the capacity is 3', word: '4', usage: 'session add' },
  ],
  [
    'session add "Unclosed on 2026-05-14 at 12:30',
    {
      message: 'A quote is never closed: "Unclosed on 2026-05-14 at 12:…',
      word: '"Unclosed on 2026-05-14 at 12:…',
      usage: 'session add',
    },
  ],
  ['session cancel', { message: 'Which session?', usage: 'session cancel' }],
  // Members
  ['me role boss', { message: '"boss" is not a role I know', word: 'boss', usage: 'me role' }],
  [
    'me role leeder',
    { message: 'Did you mean "leader"?', word: 'leeder', usage: 'me role', suggestion: 'leader' },
  ],
  [
    'me timezone Mars/Olympus',
    { message: '"Mars/Olympus" is not a time zone I know', word: 'Mars/Olympus', usage: 'me timezone' },
  ],
  [
    'me quiet 22:00',
    {
      message: 'Give quiet hours as two 24-hour times, like "22:00-07:00"',
      word: '22:00',
      usage: 'me quiet',
    },
  ],
  [
    'me quiet 25:00-07:00',
    { message: '"25:00-07:00" has a time that is not on the clock', word: '25:00-07:00', usage: 'me quiet' },
  ],
  [
    'me quiet 09:00-09:00',
    { message: 'different start and end times', word: '09:00-09:00', usage: 'me quiet' },
  ],
  [
    'me pause for 3 days',
    { message: '"days" is not a length of time I know', word: 'days', usage: 'me pause' },
  ],
  [
    'me pause for 60 weeks',
    { message: 'The number of weeks can be from 1 to 52, not 60', word: '60', usage: 'me pause' },
  ],
  [
    'me record from 2026-03-01 to 2026-01-01',
    { message: '2026-03-01 is after 2026-01-01', word: '2026-01-01', usage: 'me record' },
  ],
  ['me record nmc nmc', { message: '"nmc" is given twice', word: 'nmc', usage: 'me record' }],
  [
    'me record gmc',
    { message: '"gmc" is not a record option I know', word: 'gmc', usage: 'me record', suggestion: 'nmc' },
  ],
  ['me sleep', { message: '"sleep" is not a me command I know', word: 'sleep', usage: 'me' }],
  ['forget', { message: 'Say what I can forget: "me"', usage: 'forget me' }],
  [
    'forget everyone',
    { message: '"everyone" is not what I can forget I know', word: 'everyone', usage: 'forget me' },
  ],
  // Admin
  ['admin add', { message: 'Say who, with an @ mention', usage: 'admin add' }],
  ['admin add @ada', { message: 'I could not tell who @ada is', word: '@ada', usage: 'admin add' }],
  ['admin add ada', { message: '"ada" is not a person', word: 'ada', usage: 'admin add' }],
  ['safeguarding add', { message: 'Say who, with an @ mention', usage: 'safeguarding add' }],
  [
    'safeguarding invite <@U1>',
    { message: '"invite" is not a safeguarding command I know', word: 'invite', usage: 'safeguarding' },
  ],
  ['role <@U1|sam>', { message: 'Say a role', usage: 'role' }],
  [
    'settings k 2',
    { message: 'k can be from 3 to 20, not 2. It is never below 3', word: '2', usage: 'settings k' },
  ],
  ['settings k 21', { message: 'k can be from 3 to 20, not 21', word: '21', usage: 'settings k' }],
  ['settings k five', { message: '"five" is not a number', word: 'five', usage: 'settings k' }],
  [
    'settings retention 3 days',
    { message: 'The number of days can be from 7 to 3650, not 3', word: '3', usage: 'settings retention' },
  ],
  [
    'settings retention 90 weeks',
    { message: '"weeks" is not a unit here I know', word: 'weeks', usage: 'settings retention' },
  ],
  [
    'settings timezone Londn',
    { message: '"Londn" is not a time zone I know', word: 'Londn', usage: 'settings timezone' },
  ],
  [
    'settings colour blue',
    { message: '"colour" is not a settings command I know', word: 'colour', usage: 'settings' },
  ],
  ['signpost', { message: 'Say the signpost', usage: 'signpost' }],
  ['signpost ""', { message: 'The signpost is empty', word: '""', usage: 'signpost' }],
  ['community join', { message: 'Give the invite code you were sent', usage: 'community join' }],
];

describe('malformed input gets a specific, kind error', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', (text, expected) => {
    const error = parseError(text);
    if (typeof expected.message === 'string') expect(error.message).toContain(expected.message);
    else expect(error.message).toMatch(expected.message);
    expect(error.word).toBe(expected.word);
    expect(USAGE[expected.usage]).toBeDefined();
    expect(error.usage.startsWith(USAGE[expected.usage]!)).toBe(true);
    expect(error.suggestion).toBe(expected.suggestion);
    expect(error.message).not.toMatch(/!/);
  });

  it('adds the schedule grammar to schedule errors', () => {
    const error = parseError('checkin schedule fortnightly at 9am');
    expect(error.usage).toContain('every [N] day|days|weekday|weekdays|week|weeks|month|months');
  });

  it('never suggests for short words that are far from every keyword', () => {
    expect(parseError('xyz').suggestion).toBeUndefined();
  });
});
