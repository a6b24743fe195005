import { describe, expect, it } from 'vitest';
import { type Command, type ParseContext, parseCommand } from '../../../src/core/commands/index.js';

// Wednesday 4 March 2026, midday UTC (and GMT in London).
const now = new Date('2026-03-04T12:00:00Z');
const ctx: ParseContext = { now, workspaceZone: 'Europe/London' };

function parse(text: string, extra: ParseContext = {}): Command {
  const result = parseCommand(text, { ...ctx, ...extra });
  if (result.kind === 'error') throw new Error(`${text} → ${result.message}`);
  return result;
}

const WEEKDAYS_0930 = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=30';

describe('every example of docs/COMMANDS.md', () => {
  const cases: Array<[string, Command]> = [
    ['', { kind: 'open' }],
    ['roundtable', { kind: 'open' }],
    ['/roundtable', { kind: 'open' }],
    // Schedules (each inside the command that uses it)
    [
      'checkin schedule every weekday at 09:30',
      {
        kind: 'checkin.schedule',
        schedule: {
          rrule: `DTSTART:20260304T120000Z\nRRULE:${WEEKDAYS_0930}`,
          zone: 'local',
          text: 'every weekday at 09:30',
        },
      },
    ],
    [
      'checkin schedule every week on mon and thu at 4pm Europe/London',
      {
        kind: 'checkin.schedule',
        schedule: {
          rrule: 'DTSTART:20260305T160000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=16;BYMINUTE=0',
          zone: 'Europe/London',
          text: 'every week on Monday and Thursday at 16:00 Europe/London',
        },
      },
    ],
    [
      'checkin schedule every 2 weeks on monday at 09:00',
      {
        kind: 'checkin.schedule',
        schedule: {
          rrule: 'DTSTART:20260304T120000Z\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0',
          zone: 'local',
          text: 'every 2 weeks on Monday at 09:00',
        },
      },
    ],
    [
      'checkin schedule every month on first tuesday at 10:00',
      {
        kind: 'checkin.schedule',
        schedule: {
          rrule: 'DTSTART:20260304T120000Z\nRRULE:FREQ=MONTHLY;BYDAY=1TU;BYHOUR=10;BYMINUTE=0',
          zone: 'local',
          text: 'every month on the first Tuesday at 10:00',
        },
      },
    ],
    [
      'checkin schedule cron "30 9 * * 1-5" local',
      {
        kind: 'checkin.schedule',
        schedule: {
          rrule: `DTSTART:20260304T120000Z\nRRULE:${WEEKDAYS_0930}`,
          zone: 'local',
          text: 'cron "30 9 * * 1-5" local',
        },
      },
    ],
    [
      'checkin schedule daily at 9am to everyone',
      {
        kind: 'checkin.schedule',
        schedule: {
          rrule: 'DTSTART:20260304T120000Z\nRRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0',
          zone: 'local',
          text: 'every day at 09:00',
        },
        audience: { kind: 'everyone' },
      },
    ],
    // Audiences
    [
      'checkin now to <#C0123|reflections>',
      {
        kind: 'checkin.now',
        audience: { kind: 'channel', channel: { channelId: 'C0123', name: 'reflections' } },
      },
    ],
    [
      'checkin now to <#C0123>',
      { kind: 'checkin.now', audience: { kind: 'channel', channel: { channelId: 'C0123' } } },
    ],
    ['checkin now to this channel', { kind: 'checkin.now', audience: { kind: 'this-channel' } }],
    ['checkin now to this team', { kind: 'checkin.now', audience: { kind: 'this-team' } }],
    ['checkin now to role frontline', { kind: 'checkin.now', audience: { kind: 'role', band: 'frontline' } }],
    [
      'checkin now to role lived-experience',
      { kind: 'checkin.now', audience: { kind: 'role', band: 'lived-experience' } },
    ],
    ['checkin now to everyone', { kind: 'checkin.now', audience: { kind: 'everyone' } }],
    // Check-ins
    ['checkin now', { kind: 'checkin.now' }],
    ['checkin list', { kind: 'checkin.list' }],
    ['checkin pause 3', { kind: 'checkin.pause', id: 3 }],
    ['checkin resume 3', { kind: 'checkin.resume', id: 3 }],
    ['checkin delete 12', { kind: 'checkin.delete', id: 12 }],
    ['report checkins', { kind: 'report.checkins' }],
    ['report checkins weeks 8', { kind: 'report.checkins', weeks: 8 }],
    [
      'digest schedule every week on friday at 15:00 to <#C9|learning>',
      {
        kind: 'digest.schedule',
        schedule: {
          rrule: 'DTSTART:20260306T150000\nRRULE:FREQ=WEEKLY;BYDAY=FR;BYHOUR=15;BYMINUTE=0',
          zone: 'Europe/London',
          text: 'every week on Friday at 15:00',
        },
        channel: { channelId: 'C9', name: 'learning' },
      },
    ],
    // Peer support
    ['pairing join', { kind: 'pairing.join' }],
    ['pairing leave', { kind: 'pairing.leave' }],
    [
      'pairing schedule every 2 weeks on monday at 09:00 size 3',
      {
        kind: 'pairing.schedule',
        schedule: {
          rrule: 'DTSTART:20260309T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0',
          zone: 'Europe/London',
          text: 'every 2 weeks on Monday at 09:00',
        },
        size: 3,
      },
    ],
    ['pairing now', { kind: 'pairing.now' }],
    ['pairing end', { kind: 'pairing.end' }],
    ['pairing status', { kind: 'pairing.status' }],
    // Sessions
    [
      'session add "Boundaries at work" on 2026-05-14 at 12:30 for 45m capacity 12 where "https://meet.example.org/b" topic "boundaries" mix frontline 40%, leader 2, lived-experience 1 to everyone',
      {
        kind: 'session.add',
        title: 'Boundaries at work',
        date: '2026-05-14',
        time: '12:30',
        durationMinutes: 45,
        capacity: 12,
        where: 'https://meet.example.org/b',
        topic: 'boundaries',
        mix: [
          { band: 'frontline', percent: 40 },
          { band: 'leader', count: 2 },
          { band: 'lived-experience', count: 1 },
        ],
        audience: { kind: 'everyone' },
      },
    ],
    [
      'session add "Co-production" on 2026-06-01 at 2pm',
      { kind: 'session.add', title: 'Co-production', date: '2026-06-01', time: '14:00' },
    ],
    [
      'session add "Trauma-informed practice" to role manager mix manager 50% for 1h at 10:00 on 2026-04-20',
      {
        kind: 'session.add',
        title: 'Trauma-informed practice',
        date: '2026-04-20',
        time: '10:00',
        durationMinutes: 60,
        mix: [{ band: 'manager', percent: 50 }],
        audience: { kind: 'role', band: 'manager' },
      },
    ],
    [
      'session add "Reflective rounds" on 2026-04-20 at 10:00 for 90m',
      {
        kind: 'session.add',
        title: 'Reflective rounds',
        date: '2026-04-20',
        time: '10:00',
        durationMinutes: 90,
      },
    ],
    ['session list', { kind: 'session.list' }],
    ['menu', { kind: 'session.list' }],
    ['session cancel 4', { kind: 'session.cancel', id: 4 }],
    ['session mix 4', { kind: 'session.mix', id: 4 }],
    // Members
    ['me', { kind: 'me' }],
    ['me role frontline', { kind: 'me.role', band: 'frontline' }],
    ['me lived-experience yes', { kind: 'me.lived-experience', on: true }],
    ['me lived experience no', { kind: 'me.lived-experience', on: false }],
    ['me scale off', { kind: 'me.scale', on: false }],
    ['me scale on', { kind: 'me.scale', on: true }],
    ['me org "Shelter Scotland"', { kind: 'me.org', org: 'Shelter Scotland' }],
    ['me timezone Asia/Kolkata', { kind: 'me.timezone', zone: 'Asia/Kolkata' }],
    ['me quiet 22:00-07:00', { kind: 'me.quiet', start: '22:00', end: '07:00' }],
    ['me pause', { kind: 'me.pause' }],
    ['me pause for 3 weeks', { kind: 'me.pause', weeks: 3 }],
    ['me pause for 1 week', { kind: 'me.pause', weeks: 1 }],
    ['me resume', { kind: 'me.resume' }],
    ['me record from 2026-01-01 to 2026-03-31', { kind: 'me.record', from: '2026-01-01', to: '2026-03-31' }],
    ['me record nmc', { kind: 'me.record', layout: 'nmc' }],
    ['me record swe from 2026-01-01', { kind: 'me.record', layout: 'swe', from: '2026-01-01' }],
    ['me record HCPC to 2026-03-31', { kind: 'me.record', layout: 'hcpc', to: '2026-03-31' }],
    ['me record general', { kind: 'me.record', layout: 'general' }],
    [
      'me record add last changed "I ask before I assume"',
      { kind: 'me.record.add', ref: 'last', changed: 'I ask before I assume' },
    ],
    [
      'me record add c12 theme preserve-safety',
      { kind: 'me.record.add', ref: 'c12', theme: 'preserve-safety' },
    ],
    [
      'me record add S3 theme prioritise-people changed "More time at the door"',
      { kind: 'me.record.add', ref: 's3', theme: 'prioritise-people', changed: 'More time at the door' },
    ],
    [
      'pairing record "handing over after a hard shift"',
      { kind: 'pairing.record', theme: 'handing over after a hard shift' },
    ],
    ['pairing record agree k7pm2qaz', { kind: 'pairing.record.agree', ref: 'k7pm2qaz' }],
    ['pairing record decline K7PM2QAZ', { kind: 'pairing.record.decline', ref: 'k7pm2qaz' }],
    ['forget me', { kind: 'forget' }],
    ['privacy', { kind: 'privacy' }],
    ['help', { kind: 'help' }],
    ['help checkin', { kind: 'help', topic: 'checkin' }],
    ['help pairing', { kind: 'help', topic: 'pairing' }],
    ['help session', { kind: 'help', topic: 'session' }],
    ['help me', { kind: 'help', topic: 'me' }],
    ['help admin', { kind: 'help', topic: 'admin' }],
    // Admin and partnership
    ['admin add <@U123|ada>', { kind: 'admin.add', user: { userId: 'U123', name: 'ada' } }],
    ['admin remove <@U123>', { kind: 'admin.remove', user: { userId: 'U123' } }],
    ['admin list', { kind: 'admin.list' }],
    ['safeguarding add <@U321|sam>', { kind: 'safeguarding.add', user: { userId: 'U321', name: 'sam' } }],
    ['safeguarding remove <@U321>', { kind: 'safeguarding.remove', user: { userId: 'U321' } }],
    ['safeguarding list', { kind: 'safeguarding.list' }],
    ['role <@U777|sam> leader', { kind: 'role.set', user: { userId: 'U777', name: 'sam' }, band: 'leader' }],
    [
      'signpost "Talk to Samaritans any time: 116 123"',
      { kind: 'signpost', text: 'Talk to Samaritans any time: 116 123' },
    ],
    ['settings k 5', { kind: 'settings.k', k: 5 }],
    ['settings retention 365 days', { kind: 'settings.retention', days: 365 }],
    ['settings timezone Europe/London', { kind: 'settings.timezone', zone: 'Europe/London' }],
    ['status', { kind: 'status' }],
    [
      'community create "North East Partnership"',
      { kind: 'community.create', name: 'North East Partnership' },
    ],
    ['community join K7P-42Q', { kind: 'community.join', code: 'K7P-42Q' }],
    ['community leave', { kind: 'community.leave' }],
  ];

  it.each(cases)('%s', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });
});

describe('forms people actually type', () => {
  it('accepts a leading roundtable or /roundtable word (Teams)', () => {
    expect(parse('roundtable checkin list')).toEqual({ kind: 'checkin.list' });
    expect(parse('/roundtable pairing join')).toEqual({ kind: 'pairing.join' });
    expect(parse('RoundTable Me')).toEqual({ kind: 'me' });
  });

  it('ignores case in keywords but keeps it in quotes', () => {
    expect(parse('SESSION ADD "Mixed Case Title" ON 2026-05-14 AT 12:30')).toMatchObject({
      title: 'Mixed Case Title',
      date: '2026-05-14',
    });
  });

  it('accepts curly quotes as clients insert them', () => {
    expect(parse('me org \u201cSt Mungo\u2019s\u201d')).toEqual({ kind: 'me.org', org: 'St Mungo\u2019s' });
    expect(parse('signpost \u201chttps://example.org/help\u201d')).toEqual({
      kind: 'signpost',
      text: 'https://example.org/help',
    });
  });

  it('resolves Teams mentions through the context, and ignores the bot mention in front', () => {
    const mentions = [
      { text: '<at>Roundtable</at>', userId: 'bot-1', name: 'Roundtable' },
      { text: '<at>Ada Lovelace</at>', userId: '29:ada', name: 'Ada Lovelace' },
    ];
    expect(parse('<at>Roundtable</at> admin add <at>Ada Lovelace</at>', { mentions })).toEqual({
      kind: 'admin.add',
      user: { userId: '29:ada', name: 'Ada Lovelace' },
    });
    expect(parse('role @Ada leader', { mentions: [{ text: '@Ada', userId: 'x', name: 'Ada' }] })).toEqual({
      kind: 'role.set',
      user: { userId: 'x', name: 'Ada' },
      band: 'leader',
    });
  });

  it('resolves a plain #name through the known channels', () => {
    const channels = [{ name: 'reflections', channelId: 'C42' }];
    expect(parse('checkin now to #reflections', { channels })).toEqual({
      kind: 'checkin.now',
      audience: { kind: 'channel', channel: { channelId: 'C42', name: 'reflections' } },
    });
  });

  it('unwraps links the client marked up', () => {
    expect(parse('signpost <https://example.org/help|example.org/help>')).toEqual({
      kind: 'signpost',
      text: 'https://example.org/help',
    });
    expect(parse('session add "A" on 2026-05-14 at 12:30 where <https://meet.example.org/x>')).toMatchObject({
      where: 'https://meet.example.org/x',
    });
  });

  it('decodes HTML entities the platforms escape', () => {
    expect(parse('me org "Tom &amp; Jerry &lt;Ltd&gt;"')).toEqual({
      kind: 'me.org',
      org: 'Tom & Jerry <Ltd>',
    });
    expect(parse('me org &quot;Quoted&quot;')).toEqual({ kind: 'me.org', org: 'Quoted' });
  });

  it('reads ids copied with a #', () => {
    expect(parse('checkin pause #3')).toEqual({ kind: 'checkin.pause', id: 3 });
  });

  it('accepts unquoted free text where nothing follows it', () => {
    expect(parse('me org Shelter Scotland')).toEqual({ kind: 'me.org', org: 'Shelter Scotland' });
    expect(parse('community create North East, Partnership')).toEqual({
      kind: 'community.create',
      name: 'North East, Partnership',
    });
  });

  it('accepts quiet hours with spaces or "to"', () => {
    expect(parse('me quiet 22:00 - 7:00')).toEqual({ kind: 'me.quiet', start: '22:00', end: '07:00' });
    expect(parse('me quiet 18:30 to 08:00')).toEqual({ kind: 'me.quiet', start: '18:30', end: '08:00' });
  });

  it('accepts durations in several spellings', () => {
    const base = 'session add "A" on 2026-05-14 at 12:30 for';
    expect(parse(`${base} 1h30m`)).toMatchObject({ durationMinutes: 90 });
    expect(parse(`${base} 1.5h`)).toMatchObject({ durationMinutes: 90 });
    expect(parse(`${base} 45 minutes`)).toMatchObject({ durationMinutes: 45 });
    expect(parse(`${base} 2 hours`)).toMatchObject({ durationMinutes: 120 });
  });

  it('uses the workspace zone for pairing and digests, local for check-ins', () => {
    const pairing = parse('pairing schedule every week on monday at 09:00', {
      workspaceZone: 'Asia/Kolkata',
    });
    expect(pairing).toMatchObject({ schedule: { zone: 'Asia/Kolkata' } });
    const checkin = parse('checkin schedule every week on monday at 09:00', {
      workspaceZone: 'Asia/Kolkata',
    });
    expect(checkin).toMatchObject({ schedule: { zone: 'local' } });
    const defaulted = parseCommand('pairing schedule daily at 09:00', { now });
    expect(defaulted).toMatchObject({ schedule: { zone: 'Europe/London' } });
  });

  it('pause accepts a length without "for"', () => {
    expect(parse('me pause 3 weeks')).toEqual({ kind: 'me.pause', weeks: 3 });
  });

  it('retention accepts "day" and no unit', () => {
    expect(parse('settings retention 90')).toEqual({ kind: 'settings.retention', days: 90 });
    expect(parse('settings retention 7 days')).toEqual({ kind: 'settings.retention', days: 7 });
  });
});
