/**
 * The delivery sweep over the check-in kinds: a delivery claimed ('sending') whose outbox job Redis then lost (the
 * worker died and Redis was flushed) is found and sent, once; a delivery whose job Redis still holds is left to
 * it; rows of a round two days old are given up and the round finished. The private support message after a very
 * low answer is never lost with its job either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOwed } from '../../../src/delivery/sweep.js';
import { checkinBatchJobId } from '../../../src/services/checkins/fan-out.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { lowCapacityMessage } from '../../../src/core/checkins/index.js';
import { Transient } from '../../../src/errors.js';
import {
  ADMIN,
  answer,
  deliveryIdOf,
  install,
  say,
  says,
  statuses,
  waitFor,
  waitForRound,
} from './helpers.js';

let app: TestApp;
let workspaceId: string;
const rec = new Recording();
const MINUTE = 60_000;

beforeAll(async () => {
  app = await startTestApp({ label: 'checkinsweep', adapters: [recordingPlatform(rec)] });
  workspaceId = await install(app);
  rec.setRoster('SW', [{ userId: 'S1' }, { userId: 'S2' }, { userId: 'S3' }]);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

const sweep = () => sweepOwed(app.context, app.services.delivery);
const NOTHING = {};
const sent = (requeued: number) => ({ 'checkin.send': { requeued, givenUp: 0 } });

async function round(): Promise<number> {
  expect(says(await say(app, ADMIN, 'checkin now', 'SW'))).toContain('Sending a check-in now');
  const occ = await app.db
    .selectFrom('occurrences')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  await waitForRound(app, occ.id, 3);
  return occ.id;
}

/** As if the worker died after claiming S1's delivery and Redis then lost its job. */
async function loseOne(occurrenceId: number, who: string): Promise<number> {
  const row = await app.db
    .selectFrom('deliveries')
    .innerJoin('members', 'members.id', 'deliveries.member_id')
    .select('deliveries.id')
    .where('deliveries.occurrence_id', '=', occurrenceId)
    .where('members.external_id', '=', who)
    .executeTakeFirstOrThrow();
  await app.db
    .updateTable('deliveries')
    .set({ status: 'sending', sent_at: null })
    .where('id', '=', row.id)
    .execute();
  await app.db
    .updateTable('occurrences')
    .set({ status: 'sent', finished_at: null })
    .where('id', '=', occurrenceId)
    .execute();
  // Its job is gone: the fan-out's batch job that held it, and any job of its own.
  await app.context.jobs.queues.outbox.remove(checkinBatchJobId(occurrenceId, row.id));
  await app.context.jobs.queues.outbox.remove(`delivery-${row.id}`);
  return row.id;
}

describe('the check-in delivery sweep', () => {
  it('sends, once, a delivery whose job Redis lost between claim and mark', async () => {
    const occ = await round();
    const lost = await loseOne(occ, 'S1');
    rec.clear();
    // Too soon: a round's jobs are normally still queued.
    expect(await sweep()).toEqual(NOTHING);
    app.clock.advance(11 * MINUTE);
    expect(await sweep()).toEqual(sent(1));
    await waitFor('the lost check-in to arrive', () => rec.dmsTo('S1').length === 1);
    await waitFor('the round to finish', async () => {
      const r = await app.db
        .selectFrom('occurrences')
        .select('status')
        .where('id', '=', occ)
        .executeTakeFirstOrThrow();
      return r.status === 'done';
    });
    expect(await statuses(app, occ)).toEqual({ sent: 3 });
    // A second sweep finds nothing open; nobody got a second copy.
    expect(await sweep()).toEqual(NOTHING);
    expect(rec.dmCounts()).toEqual(new Map([['S1', 1]]));
    expect(lost).toBeGreaterThan(0);
  });

  it('leaves a delivery whose job Redis still holds to that job', async () => {
    const occ = await round();
    const row = await app.db
      .selectFrom('deliveries')
      .select('id')
      .where('occurrence_id', '=', occ)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    // Open in Postgres, its (completed, kept) job still in Redis: not lost, not the sweep's.
    await app.db.updateTable('deliveries').set({ status: 'pending' }).where('id', '=', row.id).execute();
    await app.db.updateTable('occurrences').set({ status: 'sent' }).where('id', '=', occ).execute();
    rec.clear();
    app.clock.advance(11 * MINUTE);
    expect(await sweep()).toEqual(NOTHING);
    expect(rec.directs).toHaveLength(0);
    // Two days on, it is given up as lost and the round finished.
    app.clock.advance(2 * 24 * 60 * MINUTE);
    expect(await sweep()).toEqual({ 'checkin.send': { requeued: 0, givenUp: 1 } });
    const d = await app.db
      .selectFrom('deliveries')
      .select(['status', 'error'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(d).toEqual({ status: 'failed', error: 'lost' });
    const r = await app.db
      .selectFrom('occurrences')
      .select('status')
      .where('id', '=', occ)
      .executeTakeFirstOrThrow();
    expect(r.status).toBe('done');
    expect(rec.directs).toHaveLength(0);
  });
});

describe('a round left unfinished', () => {
  it('is finished by the sweep when nothing of it is open (its last rows were marked at the same moment)', async () => {
    const occ = await round();
    // As if the last two rows, marked together, had each counted the other as open.
    await app.db
      .updateTable('occurrences')
      .set({ status: 'sent', finished_at: null })
      .where('id', '=', occ)
      .execute();
    rec.clear();
    expect(await sweep()).toEqual(NOTHING);
    const r = await app.db
      .selectFrom('occurrences')
      .select(['status', 'finished_at'])
      .where('id', '=', occ)
      .executeTakeFirstOrThrow();
    expect(r.status).toBe('done');
    expect(r.finished_at).not.toBeNull();
    expect(rec.directs).toHaveLength(0);
    expect(await statuses(app, occ)).toEqual({ sent: 3 });
  });
});

describe('the support message after a very low answer', () => {
  it('still reaches the person when Redis lost its job, once', async () => {
    rec.clear();
    const occ = await round();
    const checkin = rec.dmsTo('S2').at(-1)!;
    const id = deliveryIdOf(checkin.message);
    // The support send fails for a moment and waits for a retry; then Redis loses that job.
    rec.failDirectsTo(['S2'], () => new Transient('503 from the platform'));
    expect((await answer(app, 'S2', id, { scale: '1' })).update).toBeDefined();
    const job = `support-${id}`;
    await waitFor('the support send to fail once', async () => {
      const j = await app.context.jobs.queues.outbox.getJob(job);
      return (j?.attemptsMade ?? 0) >= 1;
    });
    await app.context.jobs.queues.outbox.remove(job);
    rec.clearFailures();
    const supportTo = (who: string) =>
      rec.dmsTo(who).filter((d) => d.message.text === lowCapacityMessage().text);
    expect(supportTo('S2')).toHaveLength(0);
    // Too soon: the answer's job would normally still be there.
    expect(await sweep()).toEqual(NOTHING);
    app.clock.advance(11 * MINUTE);
    expect(await sweep()).toEqual({ 'checkin.support': { requeued: 1, givenUp: 0 } });
    await waitFor('the support message', () => supportTo('S2').length === 1);
    // Done now: a later sweep owes nothing, and nobody else was sent it.
    expect(await sweep()).toEqual(NOTHING);
    expect(supportTo('S2')).toHaveLength(1);
    expect(supportTo('S1')).toHaveLength(0);
    expect(occ).toBeGreaterThan(0);
  });
});
