/**
 * Co-production end to end on Slack and Teams, through the real Bolt and Teams AI apps over HTTP (issue 17): a
 * member suggests a question by slash command, the prompt panel reviews and accepts it; every check-in carries
 * "This didn't land" as a Slack button and a Teams card action; clicking it is thanked privately, counted once per
 * person, and a prompt is paused in that workspace only when k different people there said so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { FLAG_THANKS } from '../../../src/services/checkins/coproduction-feature.js';
import { user } from '../../fakes/teams-activities.js';
import {
  type Harness,
  lastSlackDm,
  lastTeamsDm,
  settle,
  slackClick,
  slackSay,
  startHarness,
  teamsSay,
  teamsSubmit,
  waitFor,
} from './harness.js';

const SLACK_PEOPLE = ['U1', 'U2', 'U3'];
const tAdmin = user('tadmin', 'Tess Admin');
const t1 = user('t1', 'Tomi One');
const QUESTION = 'What is one thing a colleague did lately that made your day easier?';
const PROMPT = 'habit-to-keep';

let h: Harness;
const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));

beforeAll(async () => {
  h = await startHarness({
    label: 'flows-coproduction',
    clock,
    slackUsers: [
      { id: 'UADMIN', real_name: 'Ada Admin', tz: 'Europe/London', is_admin: true },
      ...SLACK_PEOPLE.map((id) => ({ id, real_name: `Person ${id}`, tz: 'Europe/London' })),
    ],
    slackChannels: { C0CHECK: SLACK_PEOPLE },
    teamsAdmin: tAdmin,
    teamsRoster: [tAdmin, t1],
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

async function workspaceOf(platform: 'slack' | 'teams'): Promise<string> {
  const row = await h.app.db
    .selectFrom('workspaces')
    .select('id')
    .where('platform', '=', platform)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Wait until every check-in of the workspace is sent, then give them all the same prompt. */
async function allSentWith(platform: 'slack' | 'teams', people: number): Promise<void> {
  const ws = await workspaceOf(platform);
  await waitFor(`check-ins on ${platform}`, async () => {
    const rows = await h.app.db
      .selectFrom('deliveries')
      .innerJoin('occurrences', 'occurrences.id', 'deliveries.occurrence_id')
      .select('deliveries.status')
      .where('occurrences.workspace_id', '=', ws)
      .execute();
    return rows.length === people && rows.every((r) => r.status === 'sent');
  });
  await settle(h);
  await h.app.db
    .updateTable('checkin_deliveries')
    .set({ prompt_id: PROMPT })
    .where('delivery_id', 'in', (eb) =>
      eb
        .selectFrom('deliveries')
        .innerJoin('occurrences', 'occurrences.id', 'deliveries.occurrence_id')
        .select('deliveries.id')
        .where('occurrences.workspace_id', '=', ws),
    )
    .execute();
}

async function pausedIn(platform: 'slack' | 'teams'): Promise<string[]> {
  const rows = await h.app.db
    .selectFrom('prompt_pauses')
    .select('prompt_id')
    .where('workspace_id', '=', await workspaceOf(platform))
    .execute();
  return rows.map((r) => r.prompt_id);
}

describe('co-production on Slack and Teams', () => {
  it('Slack: a suggestion by slash command reaches the panel without a name, and is accepted', async () => {
    expect(await slackSay(h, 'UADMIN', 'settings k 3')).toMatch(/3/);
    expect(await slackSay(h, 'U2', `suggest "${QUESTION}"`)).toContain('without your name');
    expect(await slackSay(h, 'U1', 'prompts review')).toContain('Only the prompt panel');
    expect(await slackSay(h, 'UADMIN', 'panel add <@U1|one>')).toContain('is now on the prompt panel');
    const review = await slackSay(h, 'U1', 'prompts review');
    expect(review).toContain(QUESTION);
    expect(review).not.toContain('U2');
    const id = /`([a-z0-9]{5})`/.exec(review)?.[1];
    expect(id).toBeDefined();
    expect(await slackSay(h, 'U1', `prompts accept ${id} themes teamwork, relationships`)).toContain(
      `ws-${id}`,
    );
    expect(await slackSay(h, 'U3', 'prompts changes')).toContain(`Added: ${QUESTION}`);
  });

  it('Slack: "This didn\'t land" is a button on the check-in; k people pause the prompt, k - 1 do not', async () => {
    expect(await slackSay(h, 'UADMIN', 'checkin now to <#C0CHECK|checkins>')).toContain(
      'Sending a check-in now',
    );
    await allSentWith('slack', SLACK_PEOPLE.length);
    for (const [i, who] of SLACK_PEOPLE.entries()) {
      const dm = lastSlackDm(h, who, /A moment to reflect/);
      if (!dm) throw new Error(`no check-in for ${who}`);
      const clicked = await slackClick(h, who, dm, 'prompts.flag');
      expect(clicked.replies).toContain(FLAG_THANKS);
      // Private thanks only: the check-in stays as it was, so it can still be answered.
      expect(clicked.updates).toHaveLength(0);
      expect(await pausedIn('slack')).toEqual(i < 2 ? [] : [PROMPT]);
    }
    const again = await slackClick(h, 'U1', lastSlackDm(h, 'U1', /A moment to reflect/)!, 'prompts.flag');
    expect(again.replies).toContain('already');
    expect(await slackSay(h, 'U1', 'prompts review')).toContain('at least 3 people');
  });

  it("Teams: the card carries the same action; one person's click is counted, and pauses nothing", async () => {
    expect(await teamsSay(h, tAdmin, 'checkin now to everyone')).toContain('Sending a check-in now');
    await allSentWith('teams', 2);
    const card = lastTeamsDm(h, t1, /A moment to reflect/);
    if (!card) throw new Error('no check-in for t1');
    const submitted = await teamsSubmit(h, t1, card, 'prompts.flag');
    expect(submitted.replies).toContain(FLAG_THANKS);
    const flags = await h.app.db
      .selectFrom('prompt_flags')
      .select('prompt_id')
      .where('workspace_id', '=', await workspaceOf('teams'))
      .execute();
    expect(flags.map((f) => f.prompt_id)).toEqual([PROMPT]);
    // Paused on Slack, where three people said so; not in the Teams workspace.
    expect(await pausedIn('teams')).toEqual([]);
  });
});
