/**
 * The anonymity promise for check-ins, end to end over the real adapters: with k = 3 and only k-1 people
 * answering, the admin's `report checkins` (a Slack ephemeral response, a Teams reply) and the learning digest
 * show nothing that identifies anyone (no names, ids, emails, no reflection text, and no digest post at all);
 * once k have shared, the digest post carries the reflections but no names, ids or times of answering.
 * Every payload sent to either fake and every log line is scanned with `containsIdentifier`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { containsIdentifier } from '../../../src/core/anonymity/neutralise.js';
import type { StoredActivity } from '../../fakes/fake-bot-connector.js';
import {
  expectNoLeaks,
  type FlowsHarness,
  identifiersOf,
  type Person,
  type SlackPerson,
  slackButton,
  slackPerson,
  slackText,
  startFlowsHarness,
  teamsAction,
  type TeamsPerson,
  teamsPerson,
} from './pairing-harness.js';

const slackAdmin = slackPerson('northboss3', 'Olwen Northboss', true);
const teamsAdmin = teamsPerson('southboss3', 'Tobias Southboss');
const s1 = slackPerson('saoirsek61', 'Saoirse Kilbride');
const s2 = slackPerson('emrysv62', 'Emrys Vantongeren');
const s3 = slackPerson('ludmilah63', 'Ludmila Hartswood');
const t1 = teamsPerson('ayodelen71', 'Ayodele Nwachukwu');
const t2 = teamsPerson('perpetuaw72', 'Perpetua Wolstenholme');
const t3 = teamsPerson('casimirf73', 'Casimir Featherstonehaugh');
const people: Person[] = [slackAdmin, teamsAdmin, s1, s2, s3, t1, t2, t3];

const NORTH_CHANNEL = 'CNORTHTEAM';
const DIGEST_CHANNEL = 'CLEARNING';
const REFLECTIONS = {
  [s1.userId]: 'Slowing down before a hard conversation helped',
  [s2.userId]: 'Our handover felt calmer this week',
  [s3.userId]: 'A colleague checked in on me and it mattered',
  [t1.aadObjectId]: 'Asking what matters to someone changed the visit',
  [t2.aadObjectId]: 'I noticed I was holding on to a difficult case',
};
const reflectionOf = (p: Person) => REFLECTIONS[p.platform === 'slack' ? p.userId : p.aadObjectId]!;

let h: FlowsHarness;
let digestCadence: number;

beforeAll(async () => {
  h = await startFlowsHarness('flows-checkins', {
    slack: [slackAdmin, s1, s2, s3],
    teams: [t1, t2, t3],
    teamsAdmin,
  });
  h.slack.setChannelMembers(NORTH_CHANNEL, [s1.userId, s2.userId, s3.userId]);
});
afterAll(async () => {
  await h?.close();
});

/** The newest check-in a Slack person received, and its delivery id. */
async function slackCheckin(
  who: SlackPerson,
  count: number,
): Promise<{ channel: string; deliveryId: string }> {
  await h.received(who, 'checkin.submit', count);
  const m = h.slackInbox(who).findLast((x) => slackButton(x.blocks, 'checkin.submit'))!;
  return { channel: m.channel, deliveryId: slackButton(m.blocks, 'checkin.submit')!.value };
}

async function teamsCheckin(who: TeamsPerson): Promise<StoredActivity> {
  return vi.waitFor(
    () => {
      const card = h.teamsInbox(who).findLast((a) => teamsAction(a, 'checkin.submit'));
      if (!card) throw new Error(`${who.name} has no check-in yet`);
      return card;
    },
    { timeout: 15_000, interval: 50 },
  );
}

async function answerOnSlack(who: SlackPerson, count: number): Promise<void> {
  const { channel, deliveryId } = await slackCheckin(who, count);
  const thanks = await h.slackClick(who, { channel, ts: '1800000000.000500' }, 'checkin.submit', deliveryId, {
    scale: '3',
    reflection: reflectionOf(who),
    share: 'true',
  });
  expect(h.slack.callsTo('chat.update').length + thanks.length).toBeGreaterThan(0);
}

async function answerOnTeams(who: TeamsPerson): Promise<void> {
  const card = await teamsCheckin(who);
  const data = teamsAction(card, 'checkin.submit')!;
  await h.teamsSubmit(who, card, { ...data, scale: '3', reflection: reflectionOf(who), share: 'true' });
}

async function waitForAnswers(n: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const row = await h.app.db
      .selectFrom('checkin_answers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= n) return;
    if (Date.now() > deadline) throw new Error(`only ${row.n} answers stored`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function fireDigest(at: Date): Promise<string> {
  await h.app.services.cadences.fire(digestCadence, 'Europe/London', at);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const row = await h.app.db
      .selectFrom('occurrences')
      .select(['status'])
      .where('cadence_id', '=', digestCadence)
      .where('scheduled_for', '=', at)
      .executeTakeFirst();
    if (row && row.status !== 'fanning-out') {
      await h.drained();
      return row.status;
    }
    if (Date.now() > deadline) throw new Error('the digest did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function digestPosts(): string[] {
  return h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.params.channel === DIGEST_CHANNEL)
    .map((c) => slackText(c.params));
}

/** Nothing in the text names, ids or mails anyone, nor quotes any reflection. */
function expectAnonymous(text: string, withReflections: boolean): void {
  for (const p of people)
    expect(containsIdentifier(text, identifiersOf(p)), `${p.name} in: ${text}`).toBe(false);
  if (!withReflections) for (const r of Object.values(REFLECTIONS)) expect(text).not.toContain(r);
}

describe('check-in reports and digests keep the k rule on the wire', () => {
  it('k = 3 in both workspaces; a check-in round goes out on each platform', async () => {
    expect(await h.command(slackAdmin, 'settings k 3')).toMatch(/\b3\b/);
    expect(await h.teamsSay(teamsAdmin, 'settings k 3')).toMatch(/\b3\b/);
    await h.command(
      slackAdmin,
      `digest schedule every month on first monday at 03:00 to <#${DIGEST_CHANNEL}|learning>`,
    );
    digestCadence = (
      await h.app.db
        .selectFrom('cadences')
        .select('id')
        .where('kind', '=', 'digest')
        .executeTakeFirstOrThrow()
    ).id;

    expect(await h.command(slackAdmin, `checkin now to <#${NORTH_CHANNEL}|north-team>`)).toContain(
      'Sending a check-in now',
    );
    // Said in the team's channel: the answer goes to the admin's 1:1 chat; the channel hears only where.
    expect(await h.teamsChannel(teamsAdmin, 'checkin now to this team')).toBe(
      "I've answered you in our private chat, so only you can see it.",
    );
    await h.received(teamsAdmin, 'Sending a check-in now to this team');
    for (const who of [s1, s2, s3]) await slackCheckin(who, 1);
    for (const who of [t1, t2, t3]) await teamsCheckin(who);
  });

  it('k-1 answer and share: the reports show nothing about anyone, and no digest is posted', async () => {
    await answerOnSlack(s1, 1);
    await answerOnSlack(s2, 1);
    await answerOnTeams(t1);
    await answerOnTeams(t2);
    await waitForAnswers(4);
    h.app.clock.set(new Date('2026-03-09T09:00:00Z'));

    const slackReport = await h.command(slackAdmin, 'report checkins weeks 1');
    expect(h.slack.responses.at(-1)?.body.response_type).toBe('ephemeral');
    expect(slackReport).toContain('2026-W10');
    expect(slackReport).toContain('Fewer than 3 answered.');
    expectAnonymous(slackReport, false);

    const teamsReport = await h.teamsSay(teamsAdmin, 'report checkins weeks 1');
    expect(teamsReport).toContain('2026-W10');
    expect(teamsReport).toContain('Fewer than 3 answered.');
    expectAnonymous(teamsReport, false);

    expect(await fireDigest(new Date('2026-03-09T03:00:00Z'))).toBe('skipped');
    expect(digestPosts()).toEqual([]);
    await h.drained();
    expectNoLeaks(h, { people, relayed: Object.values(REFLECTIONS) });
    // No reflection text left the app at all: only the person who wrote it ever saw it (in their own form).
    for (const p of h.payloads()) {
      for (const who of [s1, s2, t1, t2]) {
        if (p.to && identifiersOf(who).includes(p.to)) continue;
        expect(p.content, `${who.name}'s reflection sent to ${p.to}`).not.toContain(reflectionOf(who));
      }
    }
  });

  it('once k have shared, the digest post carries the reflections and nothing of who or when', async () => {
    expect(await h.command(slackAdmin, `checkin now to <#${NORTH_CHANNEL}|north-team>`)).toContain(
      'Sending a check-in now',
    );
    await answerOnSlack(s3, 2);
    await waitForAnswers(5);
    expect(await fireDigest(new Date('2026-03-09T10:00:00Z'))).toBe('sent');
    const [post] = digestPosts();
    expect(post).toBeDefined();
    for (const who of [s1, s2, s3]) expect(post).toContain(reflectionOf(who));
    // Each workspace has its own digest: the Teams reflections are not posted in Slack.
    for (const who of [t1, t2]) expect(post).not.toContain(reflectionOf(who));
    expectAnonymous(post!, true);
    expect(post).not.toMatch(/\b\d{1,2}:\d{2}\b/);
    expect(post).not.toMatch(/2026-03|\bMon(day)?\b|\bW1[01]\b/);
    expectNoLeaks(h, { people, relayed: Object.values(REFLECTIONS) });
  });
});
