/**
 * The delivery sweep over the peer-support kinds: it sends again an introduction or a relayed message whose outbox
 * job Redis lost (the worker died after taking it and Redis was then flushed): exactly once, and never one that
 * went, or one whose job Redis still holds.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sweepOwed } from '../../../src/delivery/sweep.js';
import { Transient } from '../../../src/errors.js';
import { fullText } from '../../fakes/recording-platform.js';
import {
  click,
  dm,
  drained,
  type Harness,
  inbox,
  leader,
  person,
  platformOf,
  say,
  startHarness,
} from './pairing-harness.js';

let h: Harness;
const ann = person('slack', 'Aurelia Stonebridge');
const bo = person('slack', 'Bartholomew Finchley');
const MINUTE = 60_000;
const INTRO = /for this round of peer support/;

beforeAll(async () => {
  h = await startHarness('pairing-intro-sweep');
  for (const a of [ann, bo]) await leader(h, a);
});
afterAll(async () => {
  await h?.close();
});

const sweep = async () => {
  const report = await sweepOwed(h.app.context, h.app.services.delivery);
  return report['pairing.notice']?.requeued ?? 0;
};
const intros = (who: typeof ann) => inbox(h, who).filter((m) => INTRO.test(fullText(m))).length;

async function row(who: typeof ann) {
  return h.app.db
    .selectFrom('pairing_group_members as gm')
    .innerJoin('members as m', 'm.id', 'gm.member_id')
    .select(['gm.group_id', 'gm.member_id', 'gm.introduced_at'])
    .where('m.external_id', '=', who.userId)
    .executeTakeFirstOrThrow();
}

describe('the sweep of peer-support messages', () => {
  it('marks an introduction that went, and leaves it alone', async () => {
    expect(await say(h, h.slackAdmin, 'pairing now')).toContain('Round started');
    await drained(h);
    expect([intros(ann), intros(bo)]).toEqual([1, 1]);
    expect((await row(ann)).introduced_at).not.toBeNull();
    h.app.clock.advance(11 * MINUTE);
    expect(await sweep()).toBe(0);
  });

  it('sends once an introduction whose job Redis lost', async () => {
    const a = await row(ann);
    // As if the worker died before marking it, and Redis then lost the job.
    await h.app.db
      .updateTable('pairing_group_members')
      .set({ introduced_at: null })
      .where('group_id', '=', a.group_id)
      .where('member_id', '=', a.member_id)
      .execute();
    await h.app.jobs.queues.outbox.remove(`pn-intro-${a.group_id}-${a.member_id}`);
    expect(await sweep()).toBe(1);
    await drained(h);
    expect([intros(ann), intros(bo)]).toEqual([2, 1]);
    expect((await row(ann)).introduced_at).not.toBeNull();
    expect(await sweep()).toBe(0);
  });

  it('leaves an introduction whose job Redis still holds to that job', async () => {
    const b = await row(bo);
    await h.app.db
      .updateTable('pairing_group_members')
      .set({ introduced_at: null })
      .where('group_id', '=', b.group_id)
      .where('member_id', '=', b.member_id)
      .execute();
    // Its (completed, kept) job is still in Redis: not lost.
    expect(await sweep()).toBe(0);
    await drained(h);
    expect(intros(bo)).toBe(1);
  });

  it('delivers once a relayed message whose job Redis lost', async () => {
    const bobs = platformOf(h, bo);
    const relayed = () => inbox(h, bo).filter((m) => /budgets are a worry/.test(fullText(m))).length;
    // Bo's platform refuses for a moment, so the relay waits for a retry; then Redis loses that job.
    const counted = async () =>
      (await h.app.context.metrics.sends.get()).values
        .filter((v) => v.labels.kind === 'pairing')
        .reduce((n, v) => n + v.value, 0);
    const countedBefore = await counted();
    bobs.failDirectsTo([bo.userId], () => new Transient('503 from the platform'));
    await dm(h, ann, 'Our budgets are a worry this quarter.');
    const outbox = h.app.jobs.queues.outbox;
    let jobId = '';
    await vi.waitFor(
      async () => {
        const jobs = await outbox.getJobs(['delayed', 'waiting', 'failed']);
        const relay = jobs.find((j) => j?.name === 'pairing.relay' && (j.attemptsMade ?? 0) >= 1);
        expect(relay).toBeDefined();
        jobId = String(relay!.id);
      },
      { timeout: 10_000, interval: 50 },
    );
    await outbox.remove(jobId);
    bobs.clearFailures();
    const relays = async () =>
      (await sweepOwed(h.app.context, h.app.services.delivery))['pairing.relay']?.requeued ?? 0;
    // Too soon: the message was only just written.
    expect(await relays()).toBe(0);
    h.app.clock.advance(11 * MINUTE);
    expect(await relays()).toBe(1);
    await drained(h);
    expect(relayed()).toBe(1);
    // Delivered now: nothing owed, nothing sent twice.
    expect(await relays()).toBe(0);
    expect(relayed()).toBe(1);
    // Relayed words follow one person writing: never a metric, sent, retried or failed.
    expect(await counted()).toBe(countedBefore);
  });

  it('sends once a round-end notice whose job Redis lost (every notice keeps an owed row until done)', async () => {
    const bobs = platformOf(h, bo);
    const ends = (who: typeof ann) =>
      inbox(h, who).filter((m) => /This round has come to an end/.test(fullText(m))).length;
    bobs.failDirectsTo([bo.userId], () => new Transient('503 from the platform'));
    expect(await say(h, h.slackAdmin, 'pairing end')).toContain('has ended');
    const outbox = h.app.jobs.queues.outbox;
    let jobId = '';
    await vi.waitFor(
      async () => {
        const jobs = await outbox.getJobs(['delayed', 'waiting', 'failed']);
        const job = jobs.find(
          (j) => String(j?.id).startsWith('pn-round-end-') && (j?.attemptsMade ?? 0) >= 1,
        );
        expect(job).toBeDefined();
        jobId = String(job!.id);
      },
      { timeout: 10_000, interval: 50 },
    );
    await outbox.remove(jobId);
    bobs.clearFailures();
    await drained(h);
    expect([ends(ann), ends(bo)]).toEqual([1, 0]);
    const notices = async () =>
      (await sweepOwed(h.app.context, h.app.services.delivery))['pairing.notice']?.requeued ?? 0;
    expect(await notices()).toBe(0);
    h.app.clock.advance(11 * MINUTE);
    expect(await notices()).toBe(1);
    await drained(h);
    expect([ends(ann), ends(bo)]).toEqual([1, 1]);
    // Done: its owed row is gone, so a later sweep sends nothing more.
    expect(await notices()).toBe(0);
    const left = await h.app.db.selectFrom('outbox_owed').select('job_id').execute();
    expect(left).toEqual([]);
  });

  it('forget me while a notice is owed: the owed row goes with the person, and the sweep sends them nothing', async () => {
    const bobs = platformOf(h, bo);
    const before = inbox(h, bo).length;
    bobs.failDirectsTo([bo.userId], () => new Transient('503 from the platform'));
    expect(await say(h, h.slackAdmin, 'pairing now')).toContain('Round started');
    const outbox = h.app.jobs.queues.outbox;
    const member = await h.app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', bo.userId)
      .executeTakeFirstOrThrow();
    await vi.waitFor(
      async () => {
        const owed = await h.app.db
          .selectFrom('outbox_owed')
          .select('job_id')
          .where('member_id', '=', member.id)
          .execute();
        expect(owed.length).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 50 },
    );
    // Redis loses the job; then the person says forget me.
    for (const j of await outbox.getJobs(['delayed', 'waiting', 'failed'])) {
      if (j && String(j.id).endsWith(member.id)) await outbox.remove(String(j.id));
    }
    await click(h, bo, 'me.forget.confirm', 'confirm');
    bobs.clearFailures();
    expect(
      await h.app.db.selectFrom('outbox_owed').select('job_id').where('member_id', '=', member.id).execute(),
    ).toEqual([]);
    h.app.clock.advance(11 * MINUTE);
    const report = await sweepOwed(h.app.context, h.app.services.delivery);
    expect(report['pairing.notice']?.requeued ?? 0).toBe(0);
    await drained(h);
    expect(inbox(h, bo)).toHaveLength(before);
  });
});
