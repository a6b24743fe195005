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
});
