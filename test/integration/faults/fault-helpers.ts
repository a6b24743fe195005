/**
 * Shared steps of the fault tests: a migrated test database seeded directly (a Slack workspace and many members),
 * signed slash commands to a web process, what the fake Slack received per delivery, and bounded polling.
 */
import { waitFor } from '../../helpers/wait.js';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type Kysely, sql } from 'kysely';
import { createDb, migrateToLatest } from '../../../db/index.js';
import type { Database } from '../../../db/schema.js';
import { QUEUES } from '../../../src/jobs/queue-names.js';
import type { FakeSlack, FakeSlackCall, FakeWorkspace } from '../../fakes/fake-slack.js';
import { postSlack, slashCommand } from '../../fakes/slack-requests.js';
import { type AppProcess, type AppProcessOptions, TEST_METRICS_TOKEN } from '../../helpers/app-process.js';
import { createTestDatabase } from '../../helpers/postgres.js';

export const SECRET = 'fault-signing-secret-0123456789';
export const ADMIN = 'UADMIN';
export const TEAM: FakeWorkspace = {
  teamId: 'T0FAULT',
  teamName: 'Fault Partnership',
  botToken: 'xoxb-fault-team',
  botUserId: 'UBOT',
  botId: 'BBOT',
};

/** The Slack part of an app process's options, pointed at a Web API (the fake, or a proxy in front of it). */
export function slackEnv(apiUrl: string): NonNullable<AppProcessOptions['slack']> {
  return { signingSecret: SECRET, botToken: TEAM.botToken, apiUrl };
}

export interface FaultDatabase {
  url: string;
  db: Kysely<Database>;
  /** Close the test's pool and drop the database. */
  drop(): Promise<void>;
}

/**
 * A fresh database, migrated from the test process (so it can be seeded before any app process starts), or left
 * empty with `migrate: false` (the app processes then migrate it as they start).
 */
export async function migratedDatabase(label: string, migrate = true): Promise<FaultDatabase> {
  const created = await createTestDatabase(label);
  const { db, close } = await createDb({ databaseUrl: created.url, dataDir: '/nonexistent', max: 4 });
  if (migrate) await migrateToLatest(db);
  return {
    url: created.url,
    db,
    drop: async () => {
      await close();
      await created.drop();
    },
  };
}

/** The Slack workspace row (what the web process's start would create), if it does not exist yet. */
export async function seedWorkspace(db: Kysely<Database>): Promise<string> {
  await db
    .insertInto('workspaces')
    .values({
      id: randomUUID(),
      platform: 'slack',
      external_id: TEAM.teamId,
      name: TEAM.teamName,
      signpost: null,
      community_id: null,
      updated_at: new Date(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return workspaceId(db);
}

export async function workspaceId(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('workspaces')
    .select('id')
    .where('platform', '=', 'slack')
    .where('external_id', '=', TEAM.teamId)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** `n` members (`U00001`…) in one statement, as if they had used the bot before. */
export async function seedMembers(db: Kysely<Database>, workspace: string, n: number): Promise<void> {
  await sql`
    insert into members (id, workspace_id, external_id, display_name, updated_at)
    select gen_random_uuid(), ${workspace}, 'U' || lpad(i::text, 5, '0'), 'Member ' || i, now()
    from generate_series(1, ${n}) as i
    on conflict do nothing`.execute(db);
}

export async function memberCount(db: Kysely<Database>, workspace: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspace)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

let responses = 0;

/** `/roundtable <text>` from `userId`, signed, to a web process; resolves with the text of the reply. */
export async function slash(web: AppProcess, fake: FakeSlack, text: string, userId = ADMIN): Promise<string> {
  const id = `fault${++responses}`;
  const res = await postSlack(
    web.url,
    slashCommand(SECRET, { teamId: TEAM.teamId, userId, text, responseUrl: fake.responseUrl(id) }),
  );
  if (res.status !== 200) throw new Error(`slash command answered ${res.status}: ${await res.text()}`);
  await fake.waitFor(
    () => fake.responses.some((r) => r.id === id),
    20_000,
    `the reply to "${text}" via ${web.label}`,
  );
  const body = fake.responses.find((r) => r.id === id)!.body;
  return String(body.text ?? '');
}

/** The delivery id in a posted check-in (its Save button's value), or undefined for any other message. */
export function deliveryIdOf(call: FakeSlackCall): number | undefined {
  const blocks = call.params.blocks;
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>) {
    for (const el of block.elements ?? []) {
      if (el.action_id?.startsWith('checkin.submit') && el.value && /^\d+$/.test(el.value)) {
        return Number(el.value);
      }
    }
  }
  return undefined;
}

/** How many times each delivery's check-in was posted to Slack. */
export function postsPerDelivery(fake: FakeSlack): Map<number, number> {
  const out = new Map<number, number>();
  for (const call of fake.callsTo('chat.postMessage')) {
    const id = deliveryIdOf(call);
    if (id !== undefined) out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

/** Deliveries posted more than once, and the number of extra posts. */
export function duplicates(posts: Map<number, number>): { deliveries: number[]; extra: number } {
  const deliveries = [...posts.entries()].filter(([, n]) => n > 1).map(([id]) => id);
  const extra = [...posts.values()].reduce((sum, n) => sum + n - 1, 0);
  return { deliveries, extra };
}

export async function deliveryStatuses(
  db: Kysely<Database>,
  occurrenceId: number,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('occurrence_id', '=', occurrenceId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Delivery ids of an occurrence with the member each one is for. */
export async function deliveriesOf(
  db: Kysely<Database>,
  occurrenceId: number,
): Promise<Array<{ id: number; member_id: string; status: string }>> {
  return db
    .selectFrom('deliveries')
    .select(['id', 'member_id', 'status'])
    .where('occurrence_id', '=', occurrenceId)
    .orderBy('id')
    .execute();
}

/** The only `checkin now` occurrence of the workspace. */
export async function nowOccurrence(db: Kysely<Database>): Promise<number> {
  return waitUntil('the check-in occurrence', async () => {
    const row = await db
      .selectFrom('occurrences')
      .select('id')
      .where('cadence_id', 'is', null)
      .where('kind', '=', 'checkin')
      .executeTakeFirst();
    return row?.id;
  });
}

/** Poll until `check` returns a truthy value; fail with `what` after `timeoutMs`. No sleeping for luck. */
export function waitUntil<T>(
  what: string,
  check: Parameters<typeof waitFor<T>>[1],
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  return waitFor(what, check, timeoutMs, everyMs);
}

/** Every delivery of the occurrence has left the open states (pending, sending, rate-limited). */
export async function waitForRoundDone(
  db: Kysely<Database>,
  occurrenceId: number,
  total: number,
  timeoutMs: number,
): Promise<Record<string, number>> {
  return waitUntil(
    `all ${total} deliveries of occurrence ${occurrenceId} to finish`,
    async () => {
      const s = await deliveryStatuses(db, occurrenceId);
      const n = Object.values(s).reduce((a, b) => a + b, 0);
      return n === total && !s.pending && !s.sending && !s['rate-limited'] ? s : undefined;
    },
    timeoutMs,
    250,
  );
}

/** The job schedulers of the cadence queue under `prefix`, read straight from Redis. */
export async function cadenceSchedulers(redisUrl: string, prefix: string): Promise<string[]> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const queue = new Queue(QUEUES.cadence, { connection, prefix });
  try {
    const list = await queue.getJobSchedulers(0, -1);
    return list.map((s) => s.key).sort();
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export { deletePrefix } from '../../helpers/redis.js';

/** A counter's value from a process's `/metrics` (0 when the series is absent). */
export async function metric(app: AppProcess, series: string): Promise<number> {
  const headers = { authorization: `Bearer ${TEST_METRICS_TOKEN}` };
  const text = await (await fetch(`${app.url}/metrics`, { headers })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
