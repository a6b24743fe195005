/**
 * The safety net for members, end to end on Slack and Teams at once through the real Bolt and Teams AI apps
 * (issues 15 and 16): a person who writes to the bot is answered as a person, with the crisis lines and never
 * admin commands; a workspace without a signpost still sends the UK crisis lines; the first check-in opens with
 * the welcome, and "Not for me" means no check-in at the next firing; `stop` ends check-ins and session
 * invitations; `forget me` is final against the next channel and roster read; `admins` says who the admins are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { NOT_A_CRISIS_SERVICE } from '../../../src/core/messages/support.js';
import { SIGNPOST_NOTICE } from '../../../src/services/checkins/signpost-notice.js';
import { WELCOME_BACK } from '../../../src/services/inbound.js';
import { STOPPED } from '../../../src/services/members/member-feature.js';
import type { StoredActivity } from '../../fakes/fake-bot-connector.js';
import { eventCallback, postSlack } from '../../fakes/slack-requests.js';
import { installationUpdate, postActivity, user } from '../../fakes/teams-activities.js';
import {
  cardText,
  type Harness,
  lastSlackDm,
  lastTeamsDm,
  SLACK_SECRET,
  SLACK_TEAM,
  type SlackDm,
  settle,
  slackClick,
  slackDms,
  slackSay,
  slackText,
  startHarness,
  teamsDms,
  teamsSay,
  teamsSubmit,
  waitFor,
} from './harness.js';

const DISTRESS = "I'm not doing well today, can anyone help?";
const CRISIS = ['Samaritans', '116 123', '85258', '111', 'option 2', '999'];
const SLACK_PEOPLE = ['U1', 'U2', 'U3', 'U4'];
const tAdmin = user('sadmin', 'Tess Admin');
const t1 = user('s1', 'Tomi One');
const t2 = user('s2', 'Tara Two');
const t3 = user('s3', 'Theo Three');
const t4 = user('s4', 'Tilly Four');

let h: Harness;
const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
const cadences = { slack: 0, teams: 0 };
let dmCounter = 0;

beforeAll(async () => {
  h = await startHarness({
    label: 'flows-safety',
    clock,
    slackUsers: [
      { id: 'UADMIN', real_name: 'Ada Admin', tz: 'Europe/London', is_admin: true },
      ...SLACK_PEOPLE.map((id) => ({ id, real_name: `Person ${id}`, tz: 'Europe/London' })),
    ],
    slackChannels: { C0SAFE: SLACK_PEOPLE },
    teamsAdmin: tAdmin,
    teamsRoster: [tAdmin, t1, t2, t3, t4],
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** A Slack direct message to the bot (a `message.im` event); returns the bot's answer in that DM. */
async function slackWrite(userId: string, text: string): Promise<string> {
  const before = slackDms(h, userId).length;
  const n = ++dmCounter;
  const ts = `1800000000.${String(n).padStart(6, '0')}`;
  const res = await postSlack(
    h.app.url,
    eventCallback(SLACK_SECRET, {
      teamId: SLACK_TEAM.teamId,
      eventId: `EvSafety${n}`,
      event: {
        type: 'message',
        channel: `D${userId}`,
        channel_type: 'im',
        user: userId,
        text,
        ts,
        event_ts: ts,
      },
    }),
  );
  if (res.status !== 200) throw new Error(`event answered ${res.status}`);
  await waitFor(`the answer to ${userId}`, () => slackDms(h, userId).length > before);
  return slackDms(h, userId)
    .slice(before)
    .map((d) => slackText(d))
    .join('\n');
}

/** Fire a cadence at `at` and wait until none of its deliveries is still open. Returns who got one. */
async function fire(cadenceId: number, at: Date): Promise<string[]> {
  await h.app.services.cadences.fire(cadenceId, 'Europe/London', at);
  let who: string[] = [];
  await waitFor(`round of cadence ${cadenceId}`, async () => {
    const occurrence = await h.app.db
      .selectFrom('occurrences')
      .select(['id', 'status'])
      .where('cadence_id', '=', cadenceId)
      .where('scheduled_for', '=', at)
      .executeTakeFirst();
    if (!occurrence || occurrence.status === 'fanning-out') return false;
    const rows = await h.app.db
      .selectFrom('deliveries')
      .innerJoin('members', 'members.id', 'deliveries.member_id')
      .select(['deliveries.status', 'members.external_id'])
      .where('deliveries.occurrence_id', '=', occurrence.id)
      .execute();
    who = rows.map((r) => r.external_id).sort();
    return rows.every((r) => r.status === 'sent');
  });
  await settle(h);
  return who;
}

function checkinOnSlack(userId: string): SlackDm {
  const dm = lastSlackDm(h, userId, /A moment to reflect/);
  if (!dm) throw new Error(`no check-in for ${userId}`);
  return dm;
}

function checkinOnTeams(who: ReturnType<typeof user>): StoredActivity {
  const dm = lastTeamsDm(h, who, /A moment to reflect/);
  if (!dm) throw new Error(`no check-in for ${who.name}`);
  return dm;
}

function checkinCount(text: (d: never) => string, dms: unknown[]): number {
  return dms.filter((d) => /A moment to reflect/.test(text(d as never))).length;
}

describe('the safety net on Slack and Teams', () => {
  it('support is always there: a distress DM gets the support reply with the crisis lines and no admin commands', async () => {
    const slack = await slackWrite('U1', DISTRESS);
    const teams = await teamsSay(h, t1, DISTRESS);
    for (const reply of [slack, teams]) {
      expect(reply).toContain('Nobody reads what you send me here');
      for (const line of CRISIS) expect(reply).toContain(line);
      expect(reply).toContain(NOT_A_CRISIS_SERVICE);
      for (const word of ['help', 'stop', 'me pause']) expect(reply).toContain(`\`${word}\``);
      expect(reply).not.toMatch(/Usage|checkin|signpost "|settings|admin add|is not a command|I don't know/i);
    }
    // Nothing was stored from what they wrote.
    expect(JSON.stringify(await h.app.db.selectFrom('audit_log').selectAll().execute())).not.toContain(
      'not doing well',
    );
  });

  it('a member who mistypes a slash command gets the specific error with member commands only', async () => {
    const reply = await slackSay(h, 'U1', 'checkin shedule every day at 9:00');
    expect(reply).toContain('shedule');
    expect(reply).not.toContain('checkin schedule');
    expect(reply).not.toContain('checkin now');
    const admin = await slackSay(h, 'UADMIN', 'checkin shedule every day at 9:00');
    expect(admin).toContain('checkin schedule');
  });

  it('members can see who the admins are', async () => {
    expect(await slackSay(h, 'U1', 'admins')).toContain('Ada Admin');
    expect(await teamsSay(h, t1, 'admins')).toContain('Tess Admin');
    expect(await slackSay(h, 'U1', 'privacy')).toContain('Ada Admin');
  });

  it('scheduling without a signpost works, and the admin is told once, kindly, how to set one', async () => {
    const first = await slackSay(h, 'UADMIN', 'checkin schedule every weekday at 09:30 to <#C0SAFE|safe>');
    expect(first).toMatch(/Scheduled check-in \d+/);
    expect(first).toContain(SIGNPOST_NOTICE);
    const again = await slackSay(h, 'UADMIN', 'checkin schedule every weekday at 09:30 to <#C0SAFE|safe>');
    expect(again).not.toContain(SIGNPOST_NOTICE);
    const teams = await teamsSay(h, tAdmin, 'checkin schedule every weekday at 09:30 to everyone');
    expect(teams).toContain('/roundtable signpost');
    const rows = await h.app.db
      .selectFrom('cadences')
      .innerJoin('workspaces', 'workspaces.id', 'cadences.workspace_id')
      .select(['cadences.id', 'workspaces.platform'])
      .where('cadences.kind', '=', 'checkin')
      .execute();
    cadences.slack = rows.find((r) => r.platform === 'slack')!.id;
    cadences.teams = rows.find((r) => r.platform === 'teams')!.id;
  });

  it('a check-in in a workspace with no signpost carries the crisis lines, and the first opens with the welcome', async () => {
    clock.set(new Date('2026-03-02T09:30:00Z'));
    expect(await fire(cadences.slack, clock.now())).toEqual(SLACK_PEOPLE);
    expect(await fire(cadences.teams, clock.now())).toHaveLength(5);
    const slack = `${slackText(checkinOnSlack('U1'))}\n${JSON.stringify(checkinOnSlack('U1').blocks)}`;
    const teams = `${cardText(checkinOnTeams(t1))}\n${JSON.stringify(checkinOnTeams(t1).body)}`;
    for (const text of [slack, teams]) {
      for (const line of CRISIS) expect(text).toContain(line);
      expect(text).toContain('Welcome to Roundtable');
      expect(text).toContain('every weekday at 09:30');
      expect(text).toContain('Yes, send me check-ins');
      expect(text).toContain('Not for me');
      expect(text).toContain(NOT_A_CRISIS_SERVICE);
    }
  });

  it('welcome → "Not for me" → no check-in at the next firing', async () => {
    const slack = await slackClick(h, 'U2', checkinOnSlack('U2'), 'consent.no');
    expect(slack.replies).toContain(STOPPED);
    const teams = await teamsSubmit(h, t2, checkinOnTeams(t2), 'consent.no');
    expect(teams.replies).toContain(STOPPED);
    // "Yes" keeps them coming, without the stop choice.
    const yes = await slackClick(h, 'U1', checkinOnSlack('U1'), 'consent.yes');
    expect(yes.replies).toContain('Thank you');
  });

  it('stop (the DM word, and "unsubscribe") ends check-ins; me shows it', async () => {
    expect(await slackWrite('U3', 'stop')).toContain(STOPPED);
    expect(await teamsSay(h, t3, 'unsubscribe')).toContain(STOPPED);
    expect(await slackSay(h, 'U3', 'me')).toContain('Stopped: yes');
  });

  it('forget me is final: the next channel check-in and roster read neither message nor store them', async () => {
    // Slack: the confirmation buttons come back as an ephemeral reply.
    await slackSay(h, 'U4', 'forget me');
    const ask = h.slack.responses.at(-1)!.body as { text?: string; blocks?: SlackDm['blocks'] };
    const asked: SlackDm = {
      channel: 'DU4',
      ts: '1',
      text: ask.text ?? '',
      blocks: ask.blocks ?? [],
      updates: 0,
    };
    const done = await slackClick(h, 'U4', asked, 'me.forget.confirm');
    expect(JSON.stringify(done)).toContain('will not add you again');
    // Teams: the confirmation card is the reply to the message.
    await teamsSay(h, t4, 'forget me');
    const card = [...h.teams.activities.values()]
      .filter((a) => a.replyToId && /It cannot be undone/.test(cardText(a)))
      .at(-1)!;
    await teamsSubmit(h, t4, card, 'me.forget.confirm');
    // A Redis job naming them would also be gone; and the team roster is read again (a reinstall).
    const res = await postActivity(h.app.url, installationUpdate({ serviceUrl: h.teams.url, from: tAdmin }));
    expect(res.status).toBe(200);
    for (const [id, name] of [
      ['U4', 'Person U4'],
      ['aad-s4', 'Tilly Four'],
    ] as const) {
      const rows = await h.app.db
        .selectFrom('members')
        .select('id')
        .where((eb) => eb.or([eb('external_id', '=', id), eb('display_name', '=', name)]))
        .execute();
      expect(rows, id).toHaveLength(0);
    }
    expect(
      await h.app.db
        .selectFrom('teams_user_refs')
        .select('member_id')
        .where('user_id', '=', 'aad-s4')
        .execute(),
    ).toHaveLength(0);
  });

  it('at the next firing: only those who did not stop get a check-in, with no row for the forgotten', async () => {
    const before = {
      U2: slackDms(h, 'U2').length,
      U3: slackDms(h, 'U3').length,
      U4: slackDms(h, 'U4').length,
      t2: teamsDms(h, t2).length,
      t3: teamsDms(h, t3).length,
      t4: teamsDms(h, t4).length,
    };
    clock.set(new Date('2026-03-03T09:30:00Z'));
    expect(await fire(cadences.slack, clock.now())).toEqual(['U1']);
    expect(await fire(cadences.teams, clock.now())).toEqual(['aad-s1', 'aad-sadmin']);
    expect(slackDms(h, 'U2')).toHaveLength(before.U2);
    expect(slackDms(h, 'U3')).toHaveLength(before.U3);
    expect(slackDms(h, 'U4')).toHaveLength(before.U4);
    expect(teamsDms(h, t2)).toHaveLength(before.t2);
    expect(teamsDms(h, t3)).toHaveLength(before.t3);
    expect(teamsDms(h, t4)).toHaveLength(before.t4);
    // U1 said yes: no welcome and no stop choice any more; the crisis lines stay.
    const u1 = slackText(checkinOnSlack('U1'));
    expect(u1).not.toContain('Welcome to Roundtable');
    expect(JSON.stringify(checkinOnSlack('U1').blocks)).not.toContain('Not for me');
    expect(u1).toContain('116 123');
    // t1 never answered the welcome: the stop choice is still visible.
    expect(JSON.stringify(checkinOnTeams(t1).body)).toContain('Not for me');
    expect(checkinCount(slackText, slackDms(h, 'U1'))).toBe(2);
    const forgotten = await h.app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', 'in', ['U4', 'aad-s4'])
      .execute();
    expect(forgotten).toHaveLength(0);
  });

  it('stop → no session invitation either (announcements and nudges), while others get theirs', async () => {
    const at = 'on 2026-03-20 at 12:00 for 60m';
    expect(await slackSay(h, 'UADMIN', `session add "Boundaries" ${at} to <#C0SAFE|safe>`)).toMatch(
      /Added session/,
    );
    expect(await teamsSay(h, tAdmin, `session add "Boundaries" ${at} to everyone`)).toMatch(/Added session/);
    await settle(h);
    const invited = (dms: string[]) => dms.filter((t) => /A new learning session/.test(t)).length;
    await waitFor('the announcements', () => invited(slackDms(h, 'U1').map((d) => slackText(d))) === 1);
    await waitFor('the Teams announcements', () => invited(teamsDms(h, t1).map((a) => cardText(a))) === 1);
    await settle(h);
    for (const id of ['U2', 'U3', 'U4'])
      expect(invited(slackDms(h, id).map((d) => slackText(d))), id).toBe(0);
    for (const who of [t2, t3, t4])
      expect(invited(teamsDms(h, who).map((a) => cardText(a))), who.name).toBe(0);
  });

  it('a forgotten person comes back only by their own command, which tells them so; a stop survives', async () => {
    const back = await slackSay(h, 'U4', 'me');
    expect(back).toContain(WELCOME_BACK);
    expect(await slackSay(h, 'U4', 'me')).not.toContain(WELCOME_BACK);
    // U3 stops, is forgotten, comes back: still stopped.
    await slackSay(h, 'U3', 'forget me');
    const ask = h.slack.responses.at(-1)!.body as { text?: string; blocks?: SlackDm['blocks'] };
    await slackClick(
      h,
      'U3',
      { channel: 'DU3', ts: '1', text: ask.text ?? '', blocks: ask.blocks ?? [], updates: 0 },
      'me.forget.confirm',
    );
    const me = await slackSay(h, 'U3', 'me');
    expect(me).toContain(WELCOME_BACK);
    expect(me).toContain('Stopped: yes');
    expect(await slackSay(h, 'U3', 'start')).toContain('can reach you again');
  });
});
