/**
 * The delivery sweep over session messages: an announcement whose outbox job Redis lost (after a failed attempt
 * left it waiting for a retry) is sent, once, when the sweep runs; a sent one is never sent again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sweepOwed } from '../../../src/delivery/sweep.js';
import { Transient } from '../../../src/errors.js';
import {
  addMembers,
  addSession,
  messagesTo,
  type SessionsHarness,
  say,
  settle,
  startSessionsApp,
} from './helpers.js';

const MINUTE = 60_000;
let h: SessionsHarness;

beforeAll(async () => {
  h = await startSessionsApp('sess-sweep');
});
afterAll(async () => {
  await h?.app.close();
});

const sweep = async () =>
  (await sweepOwed(h.app.context, h.app.services.delivery))['session.send']?.requeued ?? 0;

describe('the sweep of session messages', () => {
  it('sends once an announcement whose job Redis lost', async () => {
    const [lost, other] = await addMembers(h, 'S', 'community', 2);
    h.platform.failDirectsTo([lost!], () => new Transient('503 from the platform'));
    const id = await addSession(h, '"Lost and found" on 2026-03-25 at 12:00 to role community');
    const outbox = h.app.jobs.queues.outbox;
    let jobId = '';
    await vi.waitFor(
      async () => {
        const jobs = await outbox.getJobs(['delayed', 'waiting', 'failed']);
        const job = jobs.find((j) => j?.name === 'session.send' && (j.attemptsMade ?? 0) >= 1);
        expect(job).toBeDefined();
        jobId = String(job!.id);
      },
      { timeout: 15_000, interval: 50 },
    );
    await outbox.remove(jobId);
    h.platform.clearFailures();
    await settle(h);
    expect(messagesTo(h, lost!, /Lost and found/)).toHaveLength(0);
    expect(messagesTo(h, other!, /Lost and found/)).toHaveLength(1);
    // Too soon: the row was only just written.
    expect(await sweep()).toBe(0);
    h.clock.advance(11 * MINUTE);
    expect(await sweep()).toBe(1);
    await settle(h);
    expect(messagesTo(h, lost!, /Lost and found/)).toHaveLength(1);
    // Sent now: nothing owed, and nobody got it twice.
    expect(await sweep()).toBe(0);
    expect(messagesTo(h, other!, /Lost and found/)).toHaveLength(1);
    expect(id).toBeGreaterThan(0);
  });

  it('never queues a second job for an invitation held for quiet hours, and sends it once when they end', async () => {
    // 09:00 in London (UTC in March): inside 08:00-20:00.
    h.clock.set(new Date('2026-03-04T09:00:00Z'));
    const [sleeper, awake] = await addMembers(h, 'Q', 'community', 2);
    expect(await say(h, sleeper!, 'me quiet 08:00-20:00')).toContain('08:00 and 20:00');
    await addSession(h, '"Held overnight" on 2026-03-26 at 12:00 to role community');
    await vi.waitFor(() => expect(messagesTo(h, awake!, /Held overnight/)).toHaveLength(1), {
      timeout: 20_000,
    });
    const member = await h.app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', sleeper!)
      .executeTakeFirstOrThrow();
    const outbox = h.app.jobs.queues.outbox;
    const holding = async () =>
      (await outbox.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).filter(
        (j) => j?.name === 'session.send' && j.data.memberId === member.id && j.data.what === 'announce',
      );
    await vi.waitFor(async () => expect(await holding()).toHaveLength(1), { timeout: 20_000 });
    // An hour on, BullMQ has removed the completed jobs; the sweep runs every five minutes meanwhile.
    await outbox.clean(0, 10_000, 'completed');
    for (let i = 0; i < 3; i++) {
      h.clock.advance(11 * MINUTE);
      expect(await sweep()).toBe(0);
    }
    expect(await holding()).toHaveLength(1);
    expect(messagesTo(h, sleeper!, /Held overnight/)).toHaveLength(0);
    // The quiet hours end: the one held job runs, and the invitation arrives once.
    h.clock.set(new Date('2026-03-04T20:01:00Z'));
    for (const job of await holding()) await job.promote();
    await settle(h);
    expect(messagesTo(h, sleeper!, /Held overnight/)).toHaveLength(1);
    expect(await sweep()).toBe(0);
  });
});
