/**
 * "You said, we did" on real Postgres and Redis (issue #20): digest respond → each person whose reflection was in
 * the digest receives the answer by direct message, and no output (the admin's replies, the channel, the logs,
 * Redis job data, the database in clear) links a sharer to a reflection or even to the digest; forget me and stop
 * are honoured; `digest responses` shows what is overdue; `report respond` reaches that week's audience once, at
 * the top of their next check-in, and nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestSharersPlace } from '../../../src/store/cipher-places.js';
import { digestsAnswered } from '../../../src/store/report-export.repository.js';
import { fullText, Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { ADMIN, actor, answer, deliveryIdOf, install, say, says, text, waitFor } from './helpers.js';

const SHARERS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'];
const OTHERS = ['N1', 'N2'];
const RESPONSE =
  'We heard that handovers feel rushed, so from April every shift starts with ten quiet minutes';
const WEEK_RESPONSE = 'We are opening the quiet room on the second floor every afternoon';

let app: TestApp;
const rec = new Recording();
let checkinCadence: number;
let digestCadence: number;
let ids: Record<string, string> = {};
let code1 = '';
let code2 = '';

async function memberIds(): Promise<Record<string, string>> {
  const rows = await app.db.selectFrom('members').select(['id', 'external_id']).execute();
  return Object.fromEntries(rows.map((r) => [r.external_id, r.id]));
}

/** Fire a check-in round now; wait until it is done; the listed people answer (sharing when given words). */
async function round(answers: Array<{ who: string; reflection?: string }>): Promise<void> {
  const at = app.clock.now();
  const before = rec.directs.length;
  await app.services.cadences.fire(checkinCadence, 'Europe/London', at);
  await waitFor('the round to finish', async () => {
    const row = await app.db
      .selectFrom('occurrences')
      .select('status')
      .where('cadence_id', '=', checkinCadence)
      .where('scheduled_for', '=', at)
      .executeTakeFirst();
    return row?.status === 'done';
  });
  expect(rec.directs.length).toBeGreaterThan(before);
  for (const a of answers) {
    const dms = rec.dmsTo(a.who);
    const id = deliveryIdOf(dms[dms.length - 1]!.message);
    const values: Record<string, string> = { scale: '3' };
    if (a.reflection) Object.assign(values, { reflection: a.reflection, share: 'true' });
    expect((await answer(app, a.who, id, values)).update).toBeDefined();
  }
}

async function fireDigest(at: Date): Promise<string> {
  const before = rec.channelPosts.length;
  await app.services.cadences.fire(digestCadence, 'Europe/London', at);
  await waitFor('the digest to be posted', async () => rec.channelPosts.length > before);
  const body = text(rec.channelPosts[rec.channelPosts.length - 1]!.message);
  const code = /Digest (D-[A-Z0-9]{4})/.exec(body)?.[1];
  expect(code).toBeDefined();
  return code!;
}

/** The outbox has nothing left to do (every queued message was sent or dropped). */
async function outboxDrained(): Promise<void> {
  await waitFor('the outbox to drain', async () => {
    const counts = await app.jobs.queues.outbox.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  });
}

function responseDms(): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of rec.directs) {
    if (fullText(d.message).includes(RESPONSE)) out.set(d.userId, (out.get(d.userId) ?? 0) + 1);
  }
  return out;
}

beforeAll(async () => {
  rec.setRoster(
    'C1',
    [...SHARERS, ...OTHERS].map((userId) => ({ userId, displayName: `Person ${userId}` })),
  );
  app = await startTestApp({ label: 'saidwedid', adapters: [recordingPlatform(rec)] });
  await install(app);
  await say(app, ADMIN, 'checkin schedule every month on first monday at 03:00 Europe/London', 'C1');
  await say(app, ADMIN, 'digest schedule every month on first monday at 03:00 to <#CDIG|learning>');
  const rows = await app.db.selectFrom('cadences').select(['id', 'kind']).execute();
  checkinCadence = rows.find((r) => r.kind === 'checkin')!.id;
  digestCadence = rows.find((r) => r.kind === 'digest')!.id;
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('digest respond', () => {
  it('posts the digest with a code, and keeps who shared only as one encrypted, shuffled list', async () => {
    // Monday 2 March 2026 (2026-W10): six share, N1 answers without sharing, N2 does not answer.
    await round([
      ...SHARERS.map((who) => ({ who, reflection: `Reflection of ${who}: a calmer handover helped` })),
      { who: 'N1' },
    ]);
    ids = await memberIds();
    app.clock.set(new Date('2026-03-09T08:30:00Z'));
    code1 = await fireDigest(new Date('2026-03-09T08:00:00Z'));
    expect(text(rec.channelPosts[0]!.message)).toContain(`/roundtable digest respond ${code1}`);

    // No clear-text column of the new tables can hold a member id beside a digest.
    const columns = await app.db
      .selectFrom('information_schema.columns' as never)
      .select(['table_name' as never, 'column_name' as never])
      .where('table_schema' as never, '=', 'public' as never)
      .where('table_name' as never, 'in', ['digest_posts', 'report_responses'] as never)
      .execute();
    const names = (columns as Array<{ column_name: string }>).map((c) => c.column_name);
    expect(names).toContain('sharers');
    expect(names.filter((n) => /member/.test(n))).toEqual([]);

    const row = await app.db.selectFrom('digest_posts').selectAll().executeTakeFirstOrThrow();
    expect(row.code).toBe(code1);
    expect(row.sharers!.startsWith('v2.')).toBe(true);
    const raw = JSON.stringify(row);
    const clear = JSON.stringify({ ...row, sharers: undefined });
    for (const who of [...SHARERS, ...OTHERS]) {
      expect(raw).not.toContain(ids[who]!);
      expect(clear).not.toContain(who);
    }
    const list = JSON.parse(
      app.context.cipher.decrypt(row.sharers!, digestSharersPlace(row.occurrence_id)),
    ) as string[];
    expect([...list].sort()).toEqual(SHARERS.map((w) => ids[w]!).sort());
    // Member ids only: nothing in the list names a reflection or an answer.
    expect(JSON.stringify(list)).not.toMatch(/Reflection|delivery/);
  });

  it('forget me takes the person out of the list before any response; a stopped person stays out of reach', async () => {
    expect(says(await say(app, 'S6', 'me'))).toContain(
      'Learning digests you shared into that are waiting for an answer: 1',
    );
    expect(says(await say(app, 'N1', 'me'))).toContain(
      'Learning digests you shared into that are waiting for an answer: 0',
    );
    await say(app, 'S6', 'forget me');
    await app.services.inbound.action({
      actor: actor('S6'),
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    const row = await app.db.selectFrom('digest_posts').selectAll().executeTakeFirstOrThrow();
    const list = JSON.parse(
      app.context.cipher.decrypt(row.sharers!, digestSharersPlace(row.occurrence_id)),
    ) as string[];
    expect(list).not.toContain(ids.S6);
    expect(list).toHaveLength(5);
    expect(says(await say(app, 'S5', 'stop'))).toMatch(/stop|won't|will not/i);
  });

  it('refuses bad input kindly and changes nothing', async () => {
    expect(says(await say(app, 'N1', `digest respond ${code1} "hello"`))).toContain(
      'Only Roundtable admins can do that',
    );
    expect(says(await say(app, ADMIN, 'digest respond D-2222 "hello"'))).toContain(
      "I can't find digest D-2222",
    );
    expect(says(await say(app, ADMIN, 'digest respond banana "hello"'))).toContain('is not a digest code');
    expect(says(await say(app, ADMIN, `digest respond ${code1} ""`))).toMatch(/empty/i);
    expect(says(await say(app, ADMIN, `digest respond ${code1} "${'x'.repeat(1501)}"`))).toContain(
      'the most is 1500',
    );
    const row = await app.db.selectFrom('digest_posts').selectAll().executeTakeFirstOrThrow();
    expect(row.response).toBeNull();
    expect(row.responded_at).toBeNull();
  });

  it('each remaining sharer gets exactly one message; nobody else does; nothing says who they are', async () => {
    const postsBefore = rec.channelPosts.length;
    const reply = says(await say(app, ADMIN, `digest respond ${code1.toLowerCase()} "${RESPONSE}"`));
    expect(reply).toContain(`Your answer to digest ${code1}`);
    await waitFor('the response messages', async () => responseDms().size >= 4);
    await outboxDrained();

    expect(Object.fromEntries(responseDms())).toEqual({ S1: 1, S2: 1, S3: 1, S4: 1 });
    // The evidence export counts it as answered (a count of posts, never of people).
    const post = await app.db.selectFrom('digest_posts').select('workspace_id').executeTakeFirstOrThrow();
    expect(
      await digestsAnswered(app.db, post.workspace_id, new Date('2000-01-01'), new Date('2100-01-01')),
    ).toBe(1);
    // The stopped sharer, the forgotten one, the one who answered without sharing and the admin get nothing.
    for (const who of ['S5', 'S6', 'N1', 'N2', ADMIN]) expect(responseDms().get(who)).toBeUndefined();
    const dm = rec.dmsTo('S1').find((d) => fullText(d.message).includes(RESPONSE))!;
    expect(text(dm.message)).toContain('You shared a reflection in a recent learning digest');
    expect(text(dm.message)).toContain('Samaritans');
    expect(text(dm.message)).not.toContain('!');

    // The channel gets the answer once, beside the digest, without names or counts.
    const posted = rec.channelPosts.slice(postsBefore);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.channelId).toBe('CDIG');
    const channel = fullText(posted[0]!.message);
    expect(channel).toContain(RESPONSE);
    for (const out of [reply, channel]) {
      for (const who of [...SHARERS, ...OTHERS]) {
        expect(out).not.toContain(who);
        expect(out).not.toContain(ids[who]!);
      }
      expect(out).not.toMatch(/\b\d+ (people|person|sharers?)\b/);
    }

    // The list is gone once the messages are queued; the answer is encrypted at rest.
    const row = await app.db.selectFrom('digest_posts').selectAll().executeTakeFirstOrThrow();
    expect(row.sharers).toBeNull();
    expect(row.response!.startsWith('v2.')).toBe(true);
    expect(JSON.stringify(row)).not.toContain('handovers');

    // Logs: neither the words, nor a member id on any line about a digest, nor the digest's code.
    const logs = app.logs.lines;
    expect(app.logs.text()).not.toContain('handovers feel rushed');
    expect(logs.filter((l) => l.includes(code1))).toEqual([]);
    for (const line of logs.filter((l) => /digest/i.test(l))) {
      for (const who of SHARERS) expect(line).not.toContain(ids[who]!);
    }
    // Redis: no job kept pairs a member id with the digest in clear.
    const jobs = await app.jobs.queues.outbox.getJobs(['completed', 'failed', 'waiting', 'delayed']);
    for (const job of jobs) {
      const data = JSON.stringify(job.data) + String(job.id);
      expect(data).not.toContain('handovers');
      if (job.name === 'checkin.digest-response-dm') {
        for (const who of SHARERS) expect(data).not.toContain(ids[who]!);
      }
    }

    // A second answer is refused and changes nothing.
    expect(says(await say(app, ADMIN, `digest respond ${code1} "again"`))).toContain('answered already');
    await outboxDrained();
    expect(Object.fromEntries(responseDms())).toEqual({ S1: 1, S2: 1, S3: 1, S4: 1 });
  });
});

describe('report respond', () => {
  it('refuses a week not begun, a non-admin and a second answer', async () => {
    app.clock.set(new Date('2026-03-09T10:00:00Z'));
    expect(says(await say(app, ADMIN, 'report respond 2026-W20 "later"'))).toContain('has not started yet');
    expect(says(await say(app, 'N1', 'report respond 2026-W10 "mine"'))).toMatch(/admin/i);
    expect(says(await say(app, ADMIN, 'report respond 2026-W99 "no"'))).toContain(
      'not a week on the calendar',
    );
    expect(await app.db.selectFrom('report_responses').selectAll().execute()).toEqual([]);
  });

  it("reaches the week's audience once, at the top of their next check-in, and nobody else", async () => {
    // 2026-W11: a round before the answer (N1 and four sharers share, for the second digest).
    await round(
      ['S1', 'S2', 'S3', 'S4', 'N1'].map((who) => ({ who, reflection: `Second thought of ${who}` })),
    );
    app.clock.set(new Date('2026-03-10T09:00:00Z'));
    const reply = says(await say(app, ADMIN, `report respond 2026-W10 "${WEEK_RESPONSE}"`));
    expect(reply).toContain('week of 2 March 2026 (2026-W10)');
    expect(says(await say(app, ADMIN, 'report respond 2026-W10 "again"'))).toContain('has an answer already');
    const stored = await app.db.selectFrom('report_responses').selectAll().executeTakeFirstOrThrow();
    expect(stored.response).not.toContain('quiet room');

    // Someone new joins the channel: they were not in 2026-W10's audience.
    rec.setRoster(
      'C1',
      [...SHARERS, ...OTHERS, 'L1'].map((userId) => ({ userId, displayName: `Person ${userId}` })),
    );
    app.clock.set(new Date('2026-03-16T09:00:00Z'));
    await round([]);
    const latest = (who: string) => rec.dmsTo(who)[rec.dmsTo(who).length - 1]!.message;
    for (const who of ['S1', 'N1', 'N2']) {
      const message = latest(who);
      expect(message.blocks[0]).toMatchObject({ title: 'You said, we did' });
      expect(text(message)).toContain(WEEK_RESPONSE);
    }
    expect(text(latest('L1'))).not.toContain(WEEK_RESPONSE);
    expect(says(await say(app, ADMIN, 'report checkins weeks 3'))).toContain(
      `What we are doing about this: ${WEEK_RESPONSE}`,
    );

    app.clock.set(new Date('2026-03-23T09:00:00Z'));
    await round([]);
    for (const who of ['S1', 'N1', 'L1']) expect(text(latest(who))).not.toContain(WEEK_RESPONSE);
    expect(app.logs.text()).not.toContain('quiet room');
  });

  it('forget me deletes who was shown it', async () => {
    const n2 = ids.N2!;
    expect(
      await app.db
        .selectFrom('report_response_seen')
        .select('member_id')
        .where('member_id', '=', n2)
        .execute(),
    ).toHaveLength(1);
    await say(app, 'N2', 'forget me');
    await app.services.inbound.action({
      actor: actor('N2'),
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    expect(
      await app.db
        .selectFrom('report_response_seen')
        .select('member_id')
        .where('member_id', '=', n2)
        .execute(),
    ).toEqual([]);
  });
});

describe('digest responses', () => {
  it('lists a digest unanswered after 30 days, and not an answered one as overdue', async () => {
    app.clock.set(new Date('2026-03-16T10:00:00Z'));
    code2 = await fireDigest(new Date('2026-03-16T09:45:00Z'));
    app.clock.set(new Date('2026-04-17T10:00:00Z'));
    const reply = await say(app, ADMIN, 'digest responses');
    const list = says(reply);
    const section = (title: string) =>
      reply.message!.blocks.find((b) => b.type === 'section' && b.title === title) as
        | { text: string }
        | undefined;
    const overdue = section('Not answered after 30 days')?.text ?? '';
    expect(overdue).toContain(code2);
    expect(overdue).not.toContain(code1);
    expect(list).toContain(`${code1} · posted 9 March 2026 · answered 9 March 2026`);
    expect(list).not.toMatch(/\b\d+ (people|person|sharers?)\b/);
    expect(says(await say(app, 'S1', 'digest responses'))).toMatch(/admin/i);

    // A self-declared leader may not: the answer would reach every sharer.
    await say(app, 'S2', 'me role leader');
    expect(says(await say(app, 'S2', `digest respond ${code2} "We hear you, and we are on it"`))).toContain(
      'Only Roundtable admins can do that',
    );
    expect(says(await say(app, ADMIN, `digest respond ${code2} "We hear you, and we are on it"`))).toContain(
      `Your answer to digest ${code2}`,
    );
  });
});
