/**
 * A two-platform end-to-end harness: one real app mounting both real adapters (Bolt for Slack, Teams AI for
 * Teams), with the two fakes at the network edge (`FakeSlack` for the Slack Web API, `FakeBotConnector` for the
 * Bot Framework connector). Everything a person does goes over HTTP into the app: slash commands and
 * `block_actions` signed as Slack sends them, 1:1 messages and `Action.Submit` card submits as Teams sends them.
 *
 * Reading what people got: `slackDms` / `teamsDms` list the proactive direct messages a person received on each
 * fake (oldest first), with the message as it is now (after any `chat.update` / PUT).
 */
import { waitFor } from '../../helpers/wait.js';
import { createSlackAdapterFactory, type SlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import { teamsAdapterFactory } from '../../../adapters/teams/teams-adapter.js';
import type { ManualClock } from '../../../src/clock.js';
import { FakeBotConnector, type RosterMember } from '../../fakes/fake-bot-connector.js';
import { FakeSlack, type FakeUser } from '../../fakes/fake-slack.js';
import { installationUpdate, postActivity, type TeamsUser } from '../../fakes/teams-activities.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { SLACK_SECRET, SLACK_TEAM } from './harness-slack.js';

export * from './harness-slack.js';
export * from './harness-slack-text.js';
export * from './harness-teams.js';

export interface HarnessOptions {
  label: string;
  /** Slack people (`users.info`); give the admin `is_admin: true`. */
  slackUsers: FakeUser[];
  /** Slack channel id → member ids (`conversations.members`). */
  slackChannels?: Record<string, string[]>;
  /** The Teams person who installs the app in the team (the first admin there). */
  teamsAdmin: TeamsUser;
  /** The team roster read at install (the admin included). */
  teamsRoster: TeamsUser[];
  clock?: ManualClock;
}

export interface Harness {
  app: TestApp;
  slack: FakeSlack;
  teams: FakeBotConnector;
  slackAdapter: SlackAdapter;
  close(): Promise<void>;
}

/** Start both fakes and the app, and install the app in the Teams team (Slack announces itself at start). */
export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const slack = new FakeSlack();
  const teams = new FakeBotConnector();
  await Promise.all([slack.start(), teams.start()]);
  slack.addWorkspace(SLACK_TEAM).setUsers(o.slackUsers);
  for (const [channel, members] of Object.entries(o.slackChannels ?? {}))
    slack.setChannelMembers(channel, members);
  teams.setRoster(o.teamsRoster as RosterMember[]);
  const app = await startTestApp({
    label: o.label,
    clock: o.clock,
    adapters: [createSlackAdapterFactory({ webApiRetries: 0 }), teamsAdapterFactory],
    env: {
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: SLACK_TEAM.botToken,
      SLACK_API_URL: slack.url,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    },
  });
  const slackAdapter = app.adapters.find((a) => a.platform === 'slack') as SlackAdapter;
  const h: Harness = {
    app,
    slack,
    teams,
    slackAdapter,
    async close() {
      await app.close();
      await Promise.all([slack.stop(), teams.stop()]);
    },
  };
  const res = await postActivity(app.url, installationUpdate({ serviceUrl: teams.url, from: o.teamsAdmin }));
  if (res.status !== 200) throw new Error(`Teams install answered ${res.status}`);
  // The Slack workspace is announced asynchronously at start (auth.test): wait for its row.
  await waitFor('the Slack workspace row', () =>
    app.db
      .selectFrom('workspaces')
      .select('id')
      .where('external_id', '=', SLACK_TEAM.teamId)
      .executeTakeFirst(),
  );
  return h;
}

// ---------------------------------------------------------------------------------------------------------------
// Waiting
// ---------------------------------------------------------------------------------------------------------------

export { waitFor };

/**
 * Wait until the task and outbox queues have nothing waiting, running or (outbox) delayed — seen quiet twice in
 * a row, so a job that enqueues another is not mistaken for the end. Delayed tasks (reminders, sweeps) are
 * ignored: they wait on real time and are promoted explicitly with {@link promoteDelayed}.
 */
export async function settle(h: Harness, timeoutMs = 20_000): Promise<void> {
  let quiet = 0;
  await waitFor(
    'the queues to settle',
    async () => {
      const c = await h.app.jobs.counts();
      const busy =
        (c.tasks.waiting ?? 0) +
        (c.tasks.active ?? 0) +
        (c.tasks.prioritized ?? 0) +
        (c.outbox.waiting ?? 0) +
        (c.outbox.active ?? 0) +
        (c.outbox.delayed ?? 0) +
        (c.outbox.prioritized ?? 0);
      quiet = busy === 0 ? quiet + 1 : 0;
      return quiet >= 2;
    },
    timeoutMs,
  );
  await h.slackAdapter.drain();
}

/** Promote delayed jobs (the injected clock moved; BullMQ delays run on real time). Returns how many. */
export async function promoteDelayed(h: Harness, queue: 'tasks' | 'outbox', name?: string): Promise<number> {
  const jobs = await h.app.jobs.queues[queue].getDelayed(0, -1);
  let n = 0;
  for (const job of jobs) {
    if (name && job.name !== name) continue;
    await job.promote();
    n++;
  }
  return n;
}

/** Every byte the bot sent to either fake (calls, response_url posts, uploads), for "never sent" checks. */
export function everythingSent(h: Harness): string {
  return [
    JSON.stringify(h.slack.calls),
    JSON.stringify(h.slack.responses),
    JSON.stringify(h.slack.uploads),
    JSON.stringify(h.teams.calls.map((c) => c.body)),
  ].join('\n');
}
