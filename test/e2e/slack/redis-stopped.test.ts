/**
 * Honest when Redis is gone: a private `redis-server` of this test stops mid-session (the shared Redis is never
 * touched). A command that needs the queue answers at once, within Slack's 3 s, that it can't be done and nothing
 * was changed, and nothing is changed; `status` still answers; `/readyz` says 503 with its reason at once and
 * `/healthz` stays 200. Redis comes back (empty, as one that lost its data) and work resumes: the next `checkin now`
 * reaches everyone exactly once. Runs on Postgres and, in the `pglite` project, on the embedded database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_DOWN } from '../../../src/services/inbound.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { slashCommand } from '../../fakes/slack-requests.js';
import { waitFor } from '../../helpers/wait.js';
import { PrivateRedis } from '../../integration/faults/private-redis.js';
import { SECRET, type SlackHarness, startSlackHarness, TEAM } from './slack-harness.js';

const PEOPLE = ['UADMIN', 'UAMY', 'UBEN', 'UCAL'];
/** Slack's window for answering a slash command; the platforms give a command no longer. */
const SLACK_ANSWER_MS = 3_000;

let redis: PrivateRedis;
let h: SlackHarness;
let n = 0;

beforeAll(async () => {
  redis = await PrivateRedis.start();
  const fake = new FakeSlack();
  await fake.start();
  fake.addWorkspace(TEAM).setUsers([
    { id: 'UADMIN', real_name: 'Ada Admin', tz: 'Europe/London', is_admin: true },
    { id: 'UAMY', real_name: 'Amy Able', tz: 'Europe/London' },
    { id: 'UBEN', real_name: 'Ben Bright', tz: 'Europe/London' },
    { id: 'UCAL', real_name: 'Cal Clear', tz: 'Europe/London' },
  ]);
  fake.setChannelMembers('C0GENERAL', PEOPLE);
  h = await startSlackHarness('redisstop', { SLACK_BOT_TOKEN: TEAM.botToken, REDIS_URL: redis.url }, fake);
});

afterAll(async () => {
  await h?.close();
  await redis?.stop();
});

/** Settle within `ms` or fail: the bound a platform puts on an answer, not a measurement. */
async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Run `/roundtable <text>` as `user` and return what the bot answered through response_url; with Redis down the
 * answer must come within Slack's 3 s (`bounded`).
 */
async function command(user: string, text: string, bounded = false): Promise<string> {
  const id = `r${++n}`;
  const request = slashCommand(SECRET, {
    teamId: TEAM.teamId,
    userId: user,
    text,
    responseUrl: h.fake.responseUrl(id),
  });
  const res = bounded
    ? await within(SLACK_ANSWER_MS, `/roundtable ${text}`, h.send(request))
    : await h.send(request);
  expect(res.status).toBe(200);
  return h.fake.responses
    .filter((r) => r.id === id)
    .map((r) => JSON.stringify(r.body))
    .join('\n');
}

/** Check-in DMs each person got so far (the bot posts a DM to the user id). */
function checkinsTo(user: string): number {
  return (
    h.fake
      .callsTo('chat.postMessage')
      .filter((c) => [user, `D${user}`].includes(String(c.params.channel)))
      // The first check-in opens with the welcome; the admin's preview is not a check-in.
      .filter((c) => String(c.params.text).includes('A moment to reflect'))
      .filter((c) => !String(c.params.text).startsWith('Preview')).length
  );
}

async function counts() {
  const occurrences = await h.app.db
    .selectFrom('occurrences')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const audits = await h.app.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { occurrences: Number(occurrences.n), audits: Number(audits.n) };
}

describe(`Redis stopped mid-session (${process.env.ROUNDTABLE_TEST_DB ?? 'postgres'})`, () => {
  it('with Redis up, checkin now reaches everyone once', async () => {
    // Everyone says something first, so Roundtable knows them.
    for (const p of PEOPLE) await command(p, 'help');
    expect(await command('UADMIN', 'checkin now to everyone')).toContain('Sending a check-in now');
    await waitFor('a check-in for everyone', () => PEOPLE.every((p) => checkinsTo(p) === 1));
  });

  it('Redis stops: /readyz is 503 with its reason at once, /healthz stays 200', async () => {
    await redis.stop();
    await waitFor('the app to see Redis gone', () => !h.app.jobs.available());
    const ready = await fetch(`${h.app.url}/readyz`, { signal: AbortSignal.timeout(1_000) });
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as Record<string, string>;
    expect(body.status).toBe('not ready');
    expect(body.redis).toMatch(/not answering/);
    expect(body.database).toBe('ok');
    const health = await fetch(`${h.app.url}/healthz`, { signal: AbortSignal.timeout(1_000) });
    expect(health.status).toBe(200);
  });

  it('a command that needs the queue answers within 3 s, kindly, and changes nothing', async () => {
    const before = await counts();
    for (const text of ['checkin now to everyone', 'checkin schedule every weekday at 09:30 to everyone']) {
      const answer = await command('UADMIN', text, true);
      expect(answer).toContain(JSON.stringify(QUEUE_DOWN).slice(1, 40));
      expect(answer).toContain('Nothing was changed');
      expect(answer).not.toMatch(/Usage:|something went wrong/);
    }
    expect(await counts()).toEqual(before);
    const cadences = await h.app.db.selectFrom('cadences').selectAll().execute();
    expect(cadences).toHaveLength(0);
  });

  it('status still answers within 3 s, saying the queue is not answering', async () => {
    const answer = await command('UADMIN', 'status', true);
    expect(answer).toContain('Members known to Roundtable');
    expect(answer).toContain('the job queue is not answering');
  });

  it('commands that do not need the queue still work', async () => {
    expect(await command('UAMY', 'help', true)).toContain('roundtable');
  });

  it('Redis comes back empty: ready again, and the next checkin now reaches everyone exactly once', async () => {
    await redis.start();
    await waitFor('the app to see Redis back', () => h.app.jobs.available());
    await waitFor('/readyz 200', async () => (await fetch(`${h.app.url}/readyz`)).status === 200);
    expect(await command('UADMIN', 'checkin now to everyone')).toContain('Sending a check-in now');
    await waitFor('a second check-in for everyone', () => PEOPLE.every((p) => checkinsTo(p) === 2));
    // Nothing from the refused commands turned up later (ioredis' offline queue replays nothing).
    expect((await h.app.db.selectFrom('cadences').selectAll().execute()).length).toBe(0);
    expect(PEOPLE.map(checkinsTo)).toEqual([2, 2, 2, 2]);
  });
});
