/**
 * Check-ins end to end on Slack and Teams at once, through the real Bolt and Teams AI apps over HTTP: an admin
 * schedules a round, the firing is driven with the clock, each person gets a DM with the prompt, the 5-step
 * scale, the reflection, the share tick box, Skip and the signpost; one answers, one skips, one stays silent,
 * one gives a scale only. Answered messages turn into a thank-you in place, a second click is refused politely,
 * the one reminder reaches only the silent person, and the report keeps the k rule.
 */
import { checkinReflectionPlace } from '../../../src/store/cipher-places.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER_LINE } from '../../../src/core/checkins/index.js';
import { ManualClock } from '../../../src/clock.js';
import { ALREADY_ANSWERED } from '../../../src/services/checkins/answers.js';
import type { StoredActivity } from '../../fakes/fake-bot-connector.js';
import { user } from '../../fakes/teams-activities.js';
import {
  cardInputs,
  cardText,
  currentCard,
  everythingSent,
  type Harness,
  lastSlackDm,
  lastTeamsDm,
  promoteDelayed,
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

const HOUR = 3_600_000;
const SIGNPOST = 'Call the staff support line on 0800 000 000';
const REFLECTION_SLACK = 'Slack: I felt heard when the team slowed down for the handover';
const REFLECTION_TEAMS = 'Teams: supervision helped me put a hard visit down for the day';

// Slack: the admin is not in the check-in channel; U1 answers and shares, U2 skips, U3 is silent, U4 scale only.
const SLACK_PEOPLE = ['U1', 'U2', 'U3', 'U4'];
// Teams: everyone in the team; t1 answers and shares, t2 skips, t3 is silent, the admin gives a scale only.
const tAdmin = user('tadmin', 'Tess Admin');
const t1 = user('t1', 'Tomi One');
const t2 = user('t2', 'Tara Two');
const t3 = user('t3', 'Theo Three');

let h: Harness;
const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
const cadences = { slack: 0, teams: 0 };

beforeAll(async () => {
  h = await startHarness({
    label: 'flows-checkins',
    clock,
    slackUsers: [
      { id: 'UADMIN', real_name: 'Ada Admin', tz: 'Europe/London', is_admin: true },
      ...SLACK_PEOPLE.map((id) => ({ id, real_name: `Person ${id}`, tz: 'Europe/London' })),
    ],
    slackChannels: { C0CHECK: SLACK_PEOPLE },
    teamsAdmin: tAdmin,
    teamsRoster: [tAdmin, t1, t2, t3],
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** Fire both cadences at `at` and wait until every delivery of both rounds left the open states. */
async function fireBoth(at: Date): Promise<void> {
  for (const id of [cadences.slack, cadences.teams]) {
    await h.app.services.cadences.fire(id, 'Europe/London', at);
    await waitFor(`round of cadence ${id}`, async () => {
      const rows = await h.app.db
        .selectFrom('deliveries')
        .innerJoin('occurrences', 'occurrences.id', 'deliveries.occurrence_id')
        .select('deliveries.status')
        .where('occurrences.cadence_id', '=', id)
        .where('occurrences.scheduled_for', '=', at)
        .execute();
      return rows.length === 4 && rows.every((r) => r.status === 'sent');
    });
  }
  await settle(h);
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

describe('check-ins on Slack and Teams', () => {
  it('an admin sets k, the signpost and a weekday schedule on each platform', async () => {
    expect(await slackSay(h, 'UADMIN', 'settings k 3')).toMatch(/3/);
    expect(await slackSay(h, 'UADMIN', `signpost "${SIGNPOST}"`)).toMatch(/signpost/i);
    const slackReply = await slackSay(
      h,
      'UADMIN',
      'checkin schedule every weekday at 09:30 to <#C0CHECK|checkins>',
    );
    expect(slackReply).toMatch(/Scheduled check-in \d+/);

    expect(await teamsSay(h, tAdmin, 'settings k 3')).toMatch(/3/);
    expect(await teamsSay(h, tAdmin, `signpost "${SIGNPOST}"`)).toMatch(/signpost/i);
    const teamsReply = await teamsSay(h, tAdmin, 'checkin schedule every weekday at 09:30 to everyone');
    expect(teamsReply).toMatch(/Scheduled check-in \d+/);

    // A member cannot schedule anything.
    expect(await teamsSay(h, t1, 'checkin schedule every weekday at 10:00 to everyone')).toContain(
      'Only Roundtable admins can do that',
    );
    const rows = await h.app.db
      .selectFrom('cadences')
      .innerJoin('workspaces', 'workspaces.id', 'cadences.workspace_id')
      .select(['cadences.id', 'workspaces.platform', 'cadences.zone'])
      .where('cadences.kind', '=', 'checkin')
      .execute();
    expect(rows).toHaveLength(2);
    cadences.slack = rows.find((r) => r.platform === 'slack')!.id;
    cadences.teams = rows.find((r) => r.platform === 'teams')!.id;
    expect(rows.every((r) => r.zone === 'local')).toBe(true);
  });

  it('the firing sends each member one DM with the prompt, scale, reflection, share, skip and signpost', async () => {
    clock.set(new Date('2026-03-02T09:30:00Z')); // Monday 09:30 in London
    await fireBoth(clock.now());

    for (const id of SLACK_PEOPLE) {
      const dms = slackDms(h, id);
      expect(dms, id).toHaveLength(1);
      expect(dms[0]!.channel).toBe(`D${id}`);
    }
    expect(slackDms(h, 'UADMIN').filter((d) => /A moment to reflect/.test(d.text))).toHaveLength(0);
    const dm = checkinOnSlack('U1');
    const text = slackText(dm);
    expect(text).toContain('A moment to reflect');
    expect(text).toContain(`Support, if you would like it: ${SIGNPOST}`);
    expect(text).toContain('Skipping is always fine.');
    expect(text).toContain('Admins see totals of at least 3 people');
    const inputs = dm.blocks.filter((b) => b.type === 'input');
    const scale = inputs.find((b) => b.block_id === 'scale')!;
    expect(scale.element?.type).toBe('radio_buttons');
    expect(scale.element?.options?.map((o) => o.value)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      'prefer-not-to-say',
    ]);
    // Who sees what is said before anything is asked.
    const privacyAt = dm.blocks.findIndex((b) => JSON.stringify(b).includes('Admins see totals'));
    expect(privacyAt).toBeGreaterThan(-1);
    expect(privacyAt).toBeLessThan(dm.blocks.findIndex((b) => b.type === 'input'));
    expect(inputs.find((b) => b.block_id === 'reflection')?.element?.type).toBe('plain_text_input');
    expect(inputs.find((b) => b.block_id === 'share')?.element?.type).toBe('checkboxes');
    const buttons = dm.blocks.flatMap((b) => b.elements ?? []).map((e) => e.action_id);
    expect(buttons).toEqual(expect.arrayContaining(['checkin.submit', 'checkin.skip']));
    // The harness reads the message timestamp the fake answered: the app stored the same one.
    const stored = await h.app.db
      .selectFrom('deliveries')
      .innerJoin('members', 'members.id', 'deliveries.member_id')
      .select('deliveries.message_ref')
      .where('members.external_id', '=', 'U1')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.message_ref)).toContain(`DU1|${dm.ts}`);

    for (const who of [tAdmin, t1, t2, t3]) expect(teamsDms(h, who), who.name).toHaveLength(1);
    const card = checkinOnTeams(t1);
    expect(cardText(card)).toContain('A moment to reflect');
    expect(cardText(card)).toContain(`Support, if you would like it: ${SIGNPOST}`);
    expect(cardText(card)).toContain('Skipping is always fine.');
    expect(cardInputs(card)).toEqual([
      { id: 'scale', type: 'Input.ChoiceSet' },
      { id: 'reflection', type: 'Input.Text' },
      { id: 'share', type: 'Input.Toggle' },
    ]);
    const content = JSON.stringify(card.body);
    for (const step of ['1', '2', '3', '4', '5', 'prefer-not-to-say'])
      expect(content).toContain(`"value":"${step}"`);
    expect(content.indexOf('Admins see totals')).toBeGreaterThan(-1);
    expect(content.indexOf('Admins see totals')).toBeLessThan(content.indexOf('"id":"scale"'));
    expect(content).toContain('"actionId":"checkin.submit"');
    expect(content).toContain('"actionId":"checkin.skip"');
  });

  it('answers turn the message into a thank-you in place; a second click is told it is already answered', async () => {
    // Slack
    const u1 = checkinOnSlack('U1');
    const saved = await slackClick(h, 'U1', u1, 'checkin.submit', {
      scale: '4',
      reflection: REFLECTION_SLACK,
      share: 'true',
    });
    expect(saved.updates).toHaveLength(1);
    expect(slackText(saved.updates[0])).toContain('Thank you for taking a moment to reflect.');
    expect(slackText(saved.updates[0])).toContain('learning digest');
    expect(saved.updates[0]!.some((b) => b.type === 'actions' || b.type === 'input')).toBe(false);
    expect(checkinOnSlack('U1').updates).toBe(1);

    const skipped = await slackClick(h, 'U2', checkinOnSlack('U2'), 'checkin.skip');
    expect(slackText(skipped.updates[0])).toContain('You skipped this one');
    const scaleOnly = await slackClick(h, 'U4', checkinOnSlack('U4'), 'checkin.submit', { scale: '3' });
    expect(slackText(scaleOnly.updates[0])).toContain('only you can see your words');

    // A stale copy of the message (another device) clicked again: a polite reply, no change.
    const again = await slackClick(h, 'U1', u1, 'checkin.submit', { scale: '1', reflection: 'changed' });
    expect(again.updates).toHaveLength(0);
    expect(again.replies).toContain(ALREADY_ANSWERED);

    // Teams
    const c1 = checkinOnTeams(t1);
    const sent = await teamsSubmit(h, t1, c1, 'checkin.submit', {
      scale: '4',
      reflection: REFLECTION_TEAMS,
      share: 'true',
    });
    expect(sent.updates).toHaveLength(1);
    expect(cardText(sent.updates[0]!)).toContain('Thank you for taking a moment to reflect.');
    expect(JSON.stringify(sent.updates[0])).not.toContain('Action.Submit');
    expect(JSON.stringify(sent.updates[0])).not.toContain('Input.');
    const put = h.teams.callsTo('PUT', /\/activities\//).at(-1)!;
    expect(put.path).toBe(`/v3/conversations/${c1.conversationId}/activities/${c1.id}`);

    const t2Skip = await teamsSubmit(h, t2, checkinOnTeams(t2), 'checkin.skip');
    expect(cardText(t2Skip.updates[0]!)).toContain('You skipped this one');
    const adminScale = await teamsSubmit(h, tAdmin, checkinOnTeams(tAdmin), 'checkin.submit', { scale: '3' });
    expect(cardText(adminScale.updates[0]!)).toContain('only you can see your words');

    const twice = await teamsSubmit(h, t1, c1, 'checkin.submit', { scale: '1', reflection: 'changed' });
    expect(twice.updates).toHaveLength(0);
    expect(twice.replies).toContain(ALREADY_ANSWERED);
    expect(cardText(currentCard(c1))).toContain('Thank you for taking a moment to reflect.');
  });

  it('stores reflections encrypted, and sends them to nobody', async () => {
    const rows = await h.app.db
      .selectFrom('checkin_answers')
      .innerJoin('members', 'members.id', 'checkin_answers.member_id')
      .select([
        'members.external_id',
        'checkin_answers.scale',
        'checkin_answers.delivery_id',
        'checkin_answers.reflection',
        'checkin_answers.shared',
        'checkin_answers.skipped',
      ])
      .orderBy('members.external_id')
      .execute();
    expect(rows.map((r) => [r.external_id, r.scale, r.shared, r.skipped])).toEqual([
      ['U1', 4, true, false],
      ['U2', null, false, true],
      ['U4', 3, false, false],
      ['aad-t1', 4, true, false],
      ['aad-t2', null, false, true],
      ['aad-tadmin', 3, false, false],
    ]);
    const raw = JSON.stringify(rows);
    for (const secret of [REFLECTION_SLACK, REFLECTION_TEAMS]) {
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(secret.slice(8, 30));
    }
    const u1 = rows.find((r) => r.external_id === 'U1')!;
    expect(h.app.context.cipher.decrypt(u1.reflection!, checkinReflectionPlace(u1.delivery_id))).toBe(
      REFLECTION_SLACK,
    );
    const tr = rows.find((r) => r.external_id === 'aad-t1')!;
    expect(h.app.context.cipher.decrypt(tr.reflection!, checkinReflectionPlace(tr.delivery_id))).toBe(
      REFLECTION_TEAMS,
    );

    // Nothing the bot sent to anyone, on either platform, carries a reflection; nor does the log.
    const sent = everythingSent(h);
    expect(sent).toContain('A moment to reflect'); // control: the capture does see what was sent
    expect(sent).not.toContain(REFLECTION_SLACK);
    expect(sent).not.toContain(REFLECTION_TEAMS);
    expect(h.app.logs.text()).not.toContain(REFLECTION_SLACK);
    expect(h.app.logs.text()).not.toContain(REFLECTION_TEAMS);
  });

  it('the one reminder reaches only the person who did not answer', async () => {
    clock.advance(4 * HOUR + 60_000); // past the default four-hour reminder delay
    await waitFor(
      'the reminder tasks',
      async () => (await promoteDelayed(h, 'tasks', 'checkin.remind')) >= 2,
    );
    await waitFor('both reminders', () => slackDms(h, 'U3').length === 2 && teamsDms(h, t3).length === 2);
    await settle(h);

    const reminder = slackDms(h, 'U3')[1]!;
    expect(slackText(reminder)).toContain(REMINDER_LINE);
    expect(slackText(reminder)).toContain(SIGNPOST);
    for (const id of ['U1', 'U2', 'U4']) expect(slackDms(h, id), id).toHaveLength(1);
    const teamsReminder = teamsDms(h, t3)[1]!;
    expect(cardText(teamsReminder)).toContain(REMINDER_LINE);
    for (const who of [t1, t2, tAdmin]) expect(teamsDms(h, who), who.name).toHaveLength(1);

    // The reminder can be answered, once, on each platform.
    const late = await slackClick(h, 'U3', reminder, 'checkin.skip');
    expect(slackText(late.updates[0])).toContain('You skipped this one');
    const lateTeams = await teamsSubmit(h, t3, teamsReminder, 'checkin.skip');
    expect(cardText(lateTeams.updates[0]!)).toContain('You skipped this one');
  });

  it('the report shows "fewer than k" for a week of k-1 answers, and figures once k answered', async () => {
    // Monday 9 March: week 2026-W10 is whole. Two of four answered (skips do not count): k-1 with k = 3.
    clock.set(new Date('2026-03-09T09:30:00Z'));
    const slackWeek10 = await slackSay(h, 'UADMIN', 'report checkins weeks 1');
    expect(slackWeek10).toContain('2026-W10');
    expect(slackWeek10).toContain('Fewer than 3 answered.');
    expect(slackWeek10).not.toContain('Sent to about');
    const teamsWeek10 = await teamsSay(h, tAdmin, 'report checkins weeks 1');
    expect(teamsWeek10).toContain('Fewer than 3 answered.');
    expect(teamsWeek10).not.toContain('Sent to about');
    // Members are refused.
    expect(await slackSay(h, 'U1', 'report checkins')).toContain('Only Roundtable admins can do that');

    // A second round: three of four answer on each platform.
    await fireBoth(clock.now());
    for (const [id, scale] of [
      ['U1', '2'],
      ['U2', '4'],
      ['U3', '5'],
    ] as const) {
      const r = await slackClick(h, id, checkinOnSlack(id), 'checkin.submit', { scale });
      expect(r.updates, id).toHaveLength(1);
    }
    for (const [who, scale] of [
      [t1, '2'],
      [t2, '4'],
      [t3, '5'],
    ] as const) {
      const r = await teamsSubmit(h, who, checkinOnTeams(who), 'checkin.submit', { scale });
      expect(r.updates, who.name).toHaveLength(1);
    }

    clock.set(new Date('2026-03-16T09:00:00Z'));
    for (const report of [
      await slackSay(h, 'UADMIN', 'report checkins weeks 2'),
      await teamsSay(h, tAdmin, 'report checkins weeks 2'),
    ]) {
      expect(report).toContain('2026-W10');
      expect(report).toContain('Fewer than 3 answered.'); // W10 unchanged
      expect(report).toContain('2026-W11');
      // Four people (about 5), not eight (about 10): each platform's report counts only its own workspace.
      // Three answered: rounded to 5 as well, and the rate is of the rounded counts.
      expect(report).toContain('Sent to about 5 people · about 5 answered · response rate 100%');
    }
    // The chart goes as a picture on both platforms (a Block Kit image, a card Image), at a link this app serves.
    const slackBody = h.slack.responses.at(-1)!.body as {
      blocks?: Array<{ type: string; image_url?: string; alt_text?: string }>;
    };
    const slackImage = slackBody.blocks?.find((b) => b.type === 'image');
    expect(slackImage?.alt_text).toContain('2026-W10: fewer than 3 answered, not shown');
    const teamsCard = JSON.stringify([...h.teams.activities.values()].at(-1));
    const teamsImage = /"type":"Image","url":"([^"]+)","altText":"([^"]+)"/.exec(teamsCard);
    expect(teamsImage?.[2]).toContain('2026-W11: response rate 100%');
    for (const url of [slackImage!.image_url!, teamsImage![1]!]) {
      const link = new URL(url);
      const res = await fetch(`${h.app.url}${link.pathname}${link.search}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
    }
  });
});
