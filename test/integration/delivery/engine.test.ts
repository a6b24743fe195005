/**
 * The delivery engine's one loop, driven through a message kind of its own on real Postgres and Redis: for every
 * outcome the platform port can give, the kind's hooks see exactly one of sent / retry / undelivered, the metric is
 * counted under the kind's label (or not at all), a miss is recorded only for the outcomes that are misses and
 * only for kinds that record them, and a message that no longer makes sense is never sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Claimed, MessageKind } from '../../../src/delivery/engine.js';
import { NotFound, Transient } from '../../../src/errors.js';
import { defineOutbox } from '../../../src/jobs/job-types.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../../helpers/wait.js';
import { install, say, WS } from '../checkins/helpers.js';

let app: TestApp;
const rec = new Recording();
let workspaceId: string;
const calls: string[] = [];

const NOTE = defineOutbox(
  'test.note',
  z.object({ memberId: z.string(), n: z.number().int(), render: z.boolean() }),
);
const QUIET_NOTE = defineOutbox('test.quiet-note', z.object({ memberId: z.string(), n: z.number().int() }));
const BATCH_NOTE = defineOutbox('test.batch-note', z.object({ memberId: z.string(), n: z.number().int() }));
const BATCH_NOTES = defineOutbox('test.batch-notes', z.object({ ids: z.array(z.number().int()).min(1) }));
/** The batch kind's rows: owed until sent or closed. */
const owedRows = new Map<number, { memberId: string; userId: string }>();

type NoteClaim = Claimed & { n: number; render: boolean };

function kind(counted: boolean): MessageKind<{ memberId: string; n: number; render?: boolean }, NoteClaim> {
  return {
    job: counted ? NOTE : (QUIET_NOTE as never),
    metric: counted ? 'test-note' : null,
    missed: counted ? 'session' : null,
    async claim(data) {
      const member = await app.db
        .selectFrom('members')
        .select(['id', 'external_id'])
        .where('id', '=', data.memberId)
        .executeTakeFirstOrThrow();
      const workspace = await app.db
        .selectFrom('workspaces')
        .select(['id', 'platform', 'external_id'])
        .where('id', '=', workspaceId)
        .executeTakeFirstOrThrow();
      calls.push(`claim ${data.n}`);
      return {
        workspace,
        to: { memberId: member.id, userId: member.external_id },
        n: data.n,
        render: data.render ?? true,
      };
    },
    async render(c) {
      if (!c.render) return undefined;
      return { message: { text: `note ${c.n}`, blocks: [{ type: 'text', text: `note ${c.n}` }] } };
    },
    async skipped(c) {
      calls.push(`skipped ${c.n}`);
    },
    async sent(c) {
      calls.push(`sent ${c.n}`);
    },
    async retry(c, outcome) {
      calls.push(`retry ${c.n} ${outcome.kind}`);
    },
    async undelivered(c, outcome) {
      calls.push(`undelivered ${c.n} ${outcome.kind === 'permanent' ? outcome.reason : outcome.kind}`);
    },
  };
}

/** A kind with batches: its rows are `owedRows`, claimed together, in id order. */
function batchKind(): MessageKind<{ memberId: string; n: number }, NoteClaim> {
  const workspace = () =>
    app.db
      .selectFrom('workspaces')
      .select(['id', 'platform', 'external_id'])
      .where('id', '=', workspaceId)
      .executeTakeFirstOrThrow();
  const one = kind(true) as MessageKind<{ memberId: string; n: number }, NoteClaim> & { claim: unknown };
  const close = (n: number) => owedRows.delete(n);
  return {
    ...(one as object),
    job: BATCH_NOTE as never,
    metric: 'test-note',
    missed: null,
    async claim() {
      return undefined;
    },
    async render(c: NoteClaim) {
      return { message: { text: `batch ${c.n}`, blocks: [{ type: 'text', text: `batch ${c.n}` }] } };
    },
    async sent(c: NoteClaim) {
      calls.push(`sent ${c.n}`);
      close(c.n);
    },
    async retry(c: NoteClaim, outcome: { kind: string }) {
      calls.push(`retry ${c.n} ${outcome.kind}`);
    },
    async undelivered(c: NoteClaim, outcome: { kind: string; reason?: string }) {
      calls.push(`undelivered ${c.n} ${outcome.reason ?? outcome.kind}`);
      close(c.n);
    },
    batch: {
      job: BATCH_NOTES,
      async claim(data) {
        const w = await workspace();
        const ids = data.ids.filter((n) => owedRows.has(n)).sort((a, b) => a - b);
        calls.push(`claim batch ${ids.join(',')}`);
        return ids.map((n) => {
          const row = owedRows.get(n)!;
          return { workspace: w, to: { memberId: row.memberId, userId: row.userId }, n, render: true };
        });
      },
    },
  } as MessageKind<{ memberId: string; n: number }, NoteClaim>;
}

async function memberId(userId: string): Promise<string> {
  await say(app, userId, 'help');
  const m = await app.db
    .selectFrom('members')
    .select('id')
    .where('external_id', '=', userId)
    .executeTakeFirstOrThrow();
  return m.id;
}

async function counted(outcome: string): Promise<number> {
  const { values } = await app.context.metrics.sends.get();
  return values.find((v) => v.labels.kind === 'test-note' && v.labels.outcome === outcome)?.value ?? 0;
}

async function misses(member: string): Promise<string[]> {
  const rows = await app.db
    .selectFrom('delivery_misses')
    .select('reason')
    .where('member_id', '=', member)
    .execute();
  return rows.map((r) => r.reason);
}

const envelope = { workspaceKey: `sandbox:${WS}`, platform: 'sandbox' };

beforeAll(async () => {
  app = await startTestApp({ label: 'engine', adapters: [recordingPlatform(rec)] });
  workspaceId = await install(app);
  app.services.delivery.register(app.jobs, kind(true));
  app.services.delivery.register(app.jobs, kind(false));
  app.services.delivery.register(app.jobs, batchKind());
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('the delivery engine', () => {
  it('sent: the kind marks it, the metric counts it, nothing is missed', async () => {
    const m = await memberId('E1');
    await app.jobs.enqueueOutbox(NOTE, { ...envelope, memberId: m, n: 1, render: true });
    await waitFor('sent', () => calls.includes('sent 1'));
    expect(rec.dmsTo('E1').map((d) => d.message.text)).toEqual(['note 1']);
    expect(await counted('sent')).toBe(1);
    expect(await misses(m)).toEqual([]);
  });

  it('the person is gone: closed as undelivered, counted as failed, the miss recorded, never tried again', async () => {
    const m = await memberId('E2');
    rec.failDirectsTo(['E2'], () => new NotFound('user-gone'));
    await app.jobs.enqueueOutbox(NOTE, { ...envelope, memberId: m, n: 2, render: true });
    await waitFor('undelivered', () => calls.includes('undelivered 2 user-gone'));
    expect(calls.filter((c) => c.endsWith(' 2') || c.includes(' 2 '))).toEqual([
      'claim 2',
      'undelivered 2 user-gone',
    ]);
    expect(await counted('failed')).toBe(1);
    expect(await misses(m)).toEqual(['user-gone']);
  });

  it('may have arrived: closed as undelivered, never sent again', async () => {
    const m = await memberId('E3');
    rec.failDirectsTo(['E3'], () => new Transient('internal_error', undefined, true));
    await app.jobs.enqueueOutbox(NOTE, { ...envelope, memberId: m, n: 3, render: true });
    await waitFor('undelivered', () => calls.includes('undelivered 3 maybe-delivered'));
    expect(calls.filter((c) => / 3( |$)/.test(c))).toEqual(['claim 3', 'undelivered 3 maybe-delivered']);
    expect(await misses(m)).toEqual(['maybe-delivered']);
  });

  it('retryable: the claim is given back and the job runs again until it is sent', async () => {
    const m = await memberId('E4');
    rec.failDirectsTo(['E4'], () => new Transient('503'));
    await app.jobs.enqueueOutbox(NOTE, { ...envelope, memberId: m, n: 4, render: true });
    await waitFor('a retry', () => calls.includes('retry 4 retryable'));
    rec.clearFailures();
    await waitFor('sent', () => calls.includes('sent 4'), 20_000);
    expect(calls.filter((c) => / 4( |$)/.test(c))).toEqual([
      'claim 4',
      'retry 4 retryable',
      'claim 4',
      'sent 4',
    ]);
    expect(await counted('retried')).toBeGreaterThanOrEqual(1);
    expect(await misses(m)).toEqual([]);
  });

  it('a message that no longer makes sense is skipped, never sent', async () => {
    const m = await memberId('E5');
    await app.jobs.enqueueOutbox(NOTE, { ...envelope, memberId: m, n: 5, render: false });
    await waitFor('skipped', () => calls.includes('skipped 5'));
    expect(rec.dmsTo('E5')).toEqual([]);
  });

  it('a kind without a metric or a miss word is neither counted nor recorded', async () => {
    const m = await memberId('E6');
    const before = (await app.context.metrics.sends.get()).values.reduce((n, v) => n + v.value, 0);
    rec.failDirectsTo(['E6'], () => new NotFound('user-gone'));
    await app.jobs.enqueueOutbox(QUIET_NOTE, { ...envelope, memberId: m, n: 6 });
    await waitFor('undelivered', () => calls.includes('undelivered 6 user-gone'));
    const after = (await app.context.metrics.sends.get()).values.reduce((n, v) => n + v.value, 0);
    expect(after).toBe(before);
    expect(await misses(m)).toEqual([]);
  });

  it('a batch: each message through the same steps, in order; a retryable one alone runs again', async () => {
    const people = ['B1', 'B2', 'B3', 'B4'];
    for (const [i, who] of people.entries())
      owedRows.set(11 + i, { memberId: await memberId(who), userId: who });
    rec.failDirectsTo(['B2'], () => new Transient('503'));
    rec.failDirectsTo(['B3'], () => new NotFound('user-gone'));
    await app.jobs.enqueueOutboxBulk(BATCH_NOTES, [
      { data: { ...envelope, ids: [11, 12, 13, 14], sends: 4 }, jobId: 'test-batch-1' },
    ]);
    await waitFor('the batch', () => calls.includes('sent 14'));
    rec.clearFailures();
    await waitFor('the retried one', () => calls.includes('sent 12'), 20_000);
    expect(calls.filter((c) => /batch|1[1-4]( |$)/.test(c))).toEqual([
      'claim batch 11,12,13,14',
      'sent 11',
      'retry 12 retryable',
      'undelivered 13 user-gone',
      'sent 14',
      'claim batch 12',
      'sent 12',
    ]);
    expect(rec.dmsTo('B1').map((d) => d.message.text)).toEqual(['batch 11']);
    expect(rec.dmsTo('B2').map((d) => d.message.text)).toEqual(['batch 12']);
    expect(rec.dmsTo('B4').map((d) => d.message.text)).toEqual(['batch 14']);
  });

  it('a batch told to wait (429): every message not yet sent is given back, then each is sent once', async () => {
    const people = ['C1', 'C2', 'C3'];
    for (const [i, who] of people.entries())
      owedRows.set(21 + i, { memberId: await memberId(who), userId: who });
    rec.rateLimitNext(1, 300);
    await app.jobs.enqueueOutboxBulk(BATCH_NOTES, [
      { data: { ...envelope, ids: [21, 22, 23], sends: 3 }, jobId: 'test-batch-2' },
    ]);
    await waitFor('the batch after the wait', () => calls.includes('sent 23'), 20_000);
    expect(calls.filter((c) => /batch 2|2[1-3]( |$)/.test(c))).toEqual([
      'claim batch 21,22,23',
      'retry 21 rate-limited',
      'retry 22 rate-limited',
      'retry 23 rate-limited',
      'claim batch 21,22,23',
      'sent 21',
      'sent 22',
      'sent 23',
    ]);
    for (const who of people) expect(rec.dmsTo(who)).toHaveLength(1);
  });
});
