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
    const sweep = async () =>
      (await sweepOwed(h.app.context, h.app.services.delivery))['session.send']?.requeued ?? 0;
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
});
