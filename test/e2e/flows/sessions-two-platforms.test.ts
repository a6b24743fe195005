/**
 * Learning sessions end to end on Slack and Teams at once, through the real Bolt and Teams AI apps over HTTP:
 * an admin adds a session with a mix target, everyone gets an announcement with Going / Not this time, people
 * answer by clicking on each platform, a Going person gets the calendar file (Slack: uploaded into the DM;
 * Teams: not sent, the message still arrives), the mix nudge reaches only an under-target person who has not
 * answered, going people get the reminder a day before, and after the end a reflection whose answer is stored
 * encrypted.
 */
import { sessionReflectionPlace } from '../../../src/store/cipher-places.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { sessionsOf } from '../../../src/services/sessions/session-feature.js';
import { user } from '../../fakes/teams-activities.js';
import {
  cardText,
  everythingSent,
  type Harness,
  lastSlackDm,
  lastTeamsDm,
  settle,
  slackClick,
  slackDms,
  slackSay,
  slackText,
  startHarness,
  teamsDms,
  teamsSay,
  teamsSubmit,
  teamsText,
} from './harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = new Date('2026-03-20T12:00:00Z');
const TITLE = 'Co-production in practice';
const ADD = `session add "${TITLE}" on 2026-03-20 at 12:00 for 60m capacity 10 topic "co-production" mix lived-experience 2, manager 1 to everyone`;
const SECRET_WHAT = 'The lived experience trainers led the room and I listened more than usual';

// Slack people: S-manager and S-frontline go, the first lived-experience person declines, the second is silent.
const SLACK_BANDS: Record<string, string> = {
  UADMIN: 'leader',
  UMAN: 'manager',
  UFRONT: 'frontline',
  ULIVED1: 'lived-experience',
  ULIVED2: 'lived-experience',
};
const tAdmin = user('tadmin', 'Tess Admin');
const tMan = user('tman', 'Toni Manager');
const tFront = user('tfront', 'Tam Frontline');
const tLived1 = user('tlived1', 'Tyler Lived');
const tLived2 = user('tlived2', 'Tia Lived');
const TEAMS_BANDS: Array<[ReturnType<typeof user>, string]> = [
  [tAdmin, 'leader'],
  [tMan, 'manager'],
  [tFront, 'frontline'],
  [tLived1, 'lived-experience'],
  [tLived2, 'lived-experience'],
];

let h: Harness;
const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
const ids = { slack: 0, teams: 0 };

beforeAll(async () => {
  h = await startHarness({
    label: 'flows-sessions',
    clock,
    slackUsers: Object.keys(SLACK_BANDS).map((id) => ({
      id,
      real_name: `Person ${id}`,
      tz: 'Europe/London',
      is_admin: id === 'UADMIN',
    })),
    teamsAdmin: tAdmin,
    teamsRoster: TEAMS_BANDS.map(([u]) => u),
  });
  // Lived experience is not a role: those people say it themselves, with a role of their own beside it.
  const setUp = (band: string) =>
    band === 'lived-experience' ? ['me role community', 'me lived-experience yes'] : [`me role ${band}`];
  const said = (band: string) => (band === 'lived-experience' ? 'Thank you for saying' : band);
  for (const [id, band] of Object.entries(SLACK_BANDS))
    for (const words of setUp(band))
      expect(await slackSay(h, id, words)).toContain(
        words.endsWith('yes') ? said(band) : words.split(' ').at(-1),
      );
  for (const [u, band] of TEAMS_BANDS)
    for (const words of setUp(band))
      expect(await teamsSay(h, u, words)).toContain(
        words.endsWith('yes') ? said(band) : words.split(' ').at(-1),
      );
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const slackSession = (id: string, pattern: RegExp) => {
  const dm = lastSlackDm(h, id, pattern);
  if (!dm) throw new Error(`no message ${pattern} for ${id}`);
  return dm;
};
const teamsSession = (u: ReturnType<typeof user>, pattern: RegExp) => {
  const dm = lastTeamsDm(h, u, pattern);
  if (!dm) throw new Error(`no message ${pattern} for ${u.name}`);
  return dm;
};
const slackCount = (id: string, pattern: RegExp) =>
  slackDms(h, id).filter((d) => pattern.test(slackText(d))).length;
const teamsCount = (u: ReturnType<typeof user>, pattern: RegExp) =>
  teamsDms(h, u).filter((a) => pattern.test(teamsText(a))).length;

const ANNOUNCE = /A new learning session/;
const CALENDAR = /Calendar file for/;
const NUDGE = /You're invited/;
const REMINDER = /Reminder: .* starts tomorrow/;
const REFLECT = /a short reflection/;

async function runDueWork(): Promise<void> {
  await sessionsOf(h.app.services.features).dueWork.runDueWork(clock.now());
  await settle(h);
}

describe('sessions on Slack and Teams', () => {
  it('an admin adds a session with a mix target; everyone gets the announcement with Going / Not this time', async () => {
    const slackReply = await slackSay(h, 'UADMIN', ADD);
    const teamsReply = await teamsSay(h, tAdmin, ADD);
    for (const reply of [slackReply, teamsReply]) {
      expect(reply).toMatch(/Added session \d+: Co-production in practice/);
      expect(reply).toContain('Mix target: lived-experience 2, manager 1');
    }
    ids.slack = Number(/Added session (\d+)/.exec(slackReply)![1]);
    ids.teams = Number(/Added session (\d+)/.exec(teamsReply)![1]);
    expect(await slackSay(h, 'UMAN', ADD)).toContain('Only Roundtable admins can do that');
    await settle(h);

    for (const id of Object.keys(SLACK_BANDS)) expect(slackCount(id, ANNOUNCE), id).toBe(1);
    const announcement = slackSession('ULIVED2', ANNOUNCE);
    expect(slackText(announcement)).toContain(TITLE);
    const buttons = announcement.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    expect(buttons.map((b) => [b.action_id?.replace(/#\d+$/, ''), b.value])).toEqual([
      ['session.rsvp', `${ids.slack}:going`],
      ['session.rsvp', `${ids.slack}:not-going`],
    ]);
    expect(slackText(announcement)).toMatch(/Going[\s\S]*Not this time/);

    for (const [u] of TEAMS_BANDS) expect(teamsCount(u, ANNOUNCE), u.name).toBe(1);
    const card = teamsSession(tLived2, ANNOUNCE);
    expect(cardText(card)).toContain(TITLE);
    const content = JSON.stringify(card.body);
    expect(content).toContain(`{"actionId":"session.rsvp","value":"${ids.teams}:going"}`);
    expect(content).toContain(`{"actionId":"session.rsvp","value":"${ids.teams}:not-going"}`);
    expect(content).toContain('"title":"Going"');
    expect(content).toContain('"title":"Not this time"');
  });

  it('people RSVP by clicking; a Going person gets the calendar file (Slack upload; Teams message only)', async () => {
    for (const id of ['UMAN', 'UFRONT']) {
      const r = await slackClick(h, id, slackSession(id, ANNOUNCE), 'session.rsvp', {}, `${ids.slack}:going`);
      expect(r.replies).toContain(`You're going to ${TITLE}`);
    }
    const no = await slackClick(
      h,
      'ULIVED1',
      slackSession('ULIVED1', ANNOUNCE),
      'session.rsvp',
      {},
      `${ids.slack}:not-going`,
    );
    expect(no.replies).toContain('Thanks for letting me know');
    for (const u of [tMan, tFront]) {
      const r = await teamsSubmit(h, u, teamsSession(u, ANNOUNCE), 'session.rsvp', {}, `${ids.teams}:going`);
      expect(r.replies).toContain(`You're going to ${TITLE}`);
    }
    const tNo = await teamsSubmit(
      h,
      tLived1,
      teamsSession(tLived1, ANNOUNCE),
      'session.rsvp',
      {},
      `${ids.teams}:not-going`,
    );
    expect(tNo.replies).toContain('Thanks for letting me know');
    await settle(h);

    // Slack: the calendar message, then the .ics uploaded into the same DM.
    for (const id of ['UMAN', 'UFRONT']) expect(slackCount(id, CALENDAR), id).toBe(1);
    for (const id of ['ULIVED1', 'ULIVED2', 'UADMIN']) expect(slackCount(id, CALENDAR), id).toBe(0);
    const completes = h.slack.callsTo('files.completeUploadExternal');
    expect(completes.map((c) => c.params.channel_id).sort()).toEqual(['DUFRONT', 'DUMAN']);
    expect(h.slack.callsTo('files.getUploadURLExternal')[0]?.params.filename).toMatch(/\.ics$/);
    expect(h.slack.uploads).toHaveLength(2);
    for (const upload of h.slack.uploads) {
      expect(upload.body).toContain('BEGIN:VCALENDAR');
      expect(upload.body).toContain(TITLE);
    }

    // Teams: no file consent flow, so no file; the calendar message still arrives, as a card only.
    for (const u of [tMan, tFront]) expect(teamsCount(u, CALENDAR), u.name).toBe(1);
    for (const u of [tLived1, tLived2, tAdmin]) expect(teamsCount(u, CALENDAR), u.name).toBe(0);
    const cal = teamsSession(tMan, CALENDAR);
    const attachments = (cal.body.attachments ?? []) as { contentType: string }[];
    expect(attachments.map((a) => a.contentType)).toEqual(['application/vnd.microsoft.card.adaptive']);
    // It does not promise a file that never comes (it used to say only "Here is a calendar file").
    expect(cardText(cal)).toContain(`session-${ids.teams}.ics is not attached`);
    expect(slackText(slackSession('UMAN', CALENDAR))).not.toContain('not attached');
    expect(h.app.logs.text()).toContain('Teams: attachments are not sent in Teams');
  });

  it('the mix nudge 7 days before reaches only the under-target person who has not answered', async () => {
    clock.set(new Date(START.getTime() - 7 * DAY));
    await runDueWork();
    // Lived experience is under its target of 2; the person who said "not this time" is not asked again.
    expect(slackCount('ULIVED2', NUDGE)).toBe(1);
    for (const id of ['ULIVED1', 'UMAN', 'UFRONT', 'UADMIN']) expect(slackCount(id, NUDGE), id).toBe(0);
    expect(teamsCount(tLived2, NUDGE)).toBe(1);
    for (const u of [tLived1, tMan, tFront, tAdmin]) expect(teamsCount(u, NUDGE), u.name).toBe(0);
    expect(slackText(slackSession('ULIVED2', NUDGE))).toContain('Everyone comes as an equal');

    // The nudge carries RSVP buttons: going from it brings the calendar too.
    const r = await slackClick(
      h,
      'ULIVED2',
      slackSession('ULIVED2', NUDGE),
      'session.rsvp',
      {},
      `${ids.slack}:going`,
    );
    expect(r.replies).toContain(`You're going to ${TITLE}`);
    const t = await teamsSubmit(
      h,
      tLived2,
      teamsSession(tLived2, NUDGE),
      'session.rsvp',
      {},
      `${ids.teams}:going`,
    );
    expect(t.replies).toContain(`You're going to ${TITLE}`);
    await settle(h);
    expect(slackCount('ULIVED2', CALENDAR)).toBe(1);
    expect(teamsCount(tLived2, CALENDAR)).toBe(1);
  });

  it('the reminder 24 h before reaches the going people only', async () => {
    clock.set(new Date(START.getTime() - DAY));
    await runDueWork();
    for (const id of ['UMAN', 'UFRONT', 'ULIVED2']) expect(slackCount(id, REMINDER), id).toBe(1);
    for (const id of ['ULIVED1', 'UADMIN']) expect(slackCount(id, REMINDER), id).toBe(0);
    for (const u of [tMan, tFront, tLived2]) expect(teamsCount(u, REMINDER), u.name).toBe(1);
    for (const u of [tLived1, tAdmin]) expect(teamsCount(u, REMINDER), u.name).toBe(0);
    // Running due work again sends nothing more.
    await runDueWork();
    expect(slackCount('UMAN', REMINDER)).toBe(1);
    expect(teamsCount(tMan, REMINDER)).toBe(1);
  });

  it('after the end, attendees get a reflection; an answer by button or card is stored encrypted', async () => {
    clock.set(new Date(START.getTime() + 2 * HOUR)); // an hour after the 60-minute session ended
    await runDueWork();
    for (const id of ['UMAN', 'UFRONT', 'ULIVED2']) expect(slackCount(id, REFLECT), id).toBe(1);
    for (const id of ['ULIVED1', 'UADMIN']) expect(slackCount(id, REFLECT), id).toBe(0);
    for (const u of [tMan, tFront, tLived2]) expect(teamsCount(u, REFLECT), u.name).toBe(1);
    for (const u of [tLived1, tAdmin]) expect(teamsCount(u, REFLECT), u.name).toBe(0);

    const slackReflection = slackSession('UMAN', REFLECT);
    expect(slackReflection.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual([
      'what',
      'soWhat',
      'nowWhat',
    ]);
    const sent = await slackClick(
      h,
      'UMAN',
      slackReflection,
      'session.reflect',
      {
        what: `Slack: ${SECRET_WHAT}`,
        soWhat: 'It changes how I plan',
      },
      `${ids.slack}:send`,
    );
    expect(sent.updates).toHaveLength(1);
    expect(slackText(sent.updates[0])).toContain('Your reflection is saved');
    const skipped = await slackClick(
      h,
      'UFRONT',
      slackSession('UFRONT', REFLECT),
      'session.reflect',
      {},
      `${ids.slack}:skip`,
    );
    expect(slackText(skipped.updates[0])).toContain('No problem');

    const teamsReflection = teamsSession(tMan, REFLECT);
    const tSent = await teamsSubmit(
      h,
      tMan,
      teamsReflection,
      'session.reflect',
      {
        what: `Teams: ${SECRET_WHAT}`,
        nowWhat: 'Ask before I assume',
      },
      `${ids.teams}:send`,
    );
    expect(tSent.updates).toHaveLength(1);
    expect(cardText(tSent.updates[0]!)).toContain('Your reflection is saved');
    // A second send from the same card changes nothing.
    const again = await teamsSubmit(
      h,
      tMan,
      teamsReflection,
      'session.reflect',
      { what: 'again' },
      `${ids.teams}:send`,
    );
    expect(cardText(again.updates[0]!)).toContain('already answered');

    const rows = await h.app.db
      .selectFrom('session_reflections')
      .innerJoin('members', 'members.id', 'session_reflections.member_id')
      .select([
        'members.external_id',
        'session_reflections.session_id',
        'session_reflections.member_id',
        'session_reflections.answers',
        'session_reflections.skipped',
      ])
      .orderBy('members.external_id')
      .execute();
    expect(rows.map((r) => [r.external_id, r.skipped])).toEqual([
      ['UFRONT', true],
      ['UMAN', false],
      ['aad-tman', false],
    ]);
    expect(JSON.stringify(rows)).not.toContain('lived experience trainers');
    const decrypt = (who: string) => {
      const row = rows.find((r) => r.external_id === who)!;
      return JSON.parse(
        h.app.context.cipher.decrypt(row.answers!, sessionReflectionPlace(row.session_id, row.member_id)),
      );
    };
    expect(decrypt('UMAN')).toMatchObject({ what: `Slack: ${SECRET_WHAT}`, soWhat: 'It changes how I plan' });
    expect(decrypt('aad-tman')).toMatchObject({
      what: `Teams: ${SECRET_WHAT}`,
      nowWhat: 'Ask before I assume',
    });
    expect(rows.find((r) => r.external_id === 'UFRONT')!.answers).toBeNull();
    expect(everythingSent(h)).not.toContain('lived experience trainers');
    expect(h.app.logs.text()).not.toContain('lived experience trainers');
  });
});
