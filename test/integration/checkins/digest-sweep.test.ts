/**
 * The delivery sweep over digests: a digest claimed (its occurrence 'sent', its code written) whose worker died
 * before the post was marked, and whose job Redis then lost, is posted under the same code when the sweep runs:
 * the reflections people shared are never lost with the job. Once marked, it is never posted again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOwed } from '../../../src/delivery/sweep.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import {
  ADMIN,
  answer,
  deliveryIdOf,
  install,
  occurrenceFor,
  say,
  text,
  waitFor,
  waitForRound,
} from './helpers.js';

const PEOPLE = ['D1', 'D2', 'D3', 'D4', 'D5'];
const MINUTE = 60_000;
let app: TestApp;
const rec = new Recording();
let checkinCadence: number;
let digestCadence: number;

beforeAll(async () => {
  rec.setRoster(
    'C1',
    PEOPLE.map((userId) => ({ userId })),
  );
  app = await startTestApp({ label: 'digestsweep', adapters: [recordingPlatform(rec)] });
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

const sweep = () => sweepOwed(app.context, app.services.delivery);

describe('the sweep of digests', () => {
  it('posts, under the same code, a digest killed between claim and mark whose job Redis lost', async () => {
    app.clock.set(new Date('2026-03-09T09:00:00Z'));
    const at = app.clock.now();
    await app.services.cadences.fire(checkinCadence, 'Europe/London', at);
    await waitForRound(app, await occurrenceFor(app, checkinCadence, at), PEOPLE.length);
    for (const who of PEOPLE) {
      const id = deliveryIdOf(rec.dmsTo(who).at(-1)!.message);
      await answer(app, who, id, { scale: '3', reflection: `What helped ${who} this week`, share: 'true' });
    }
    const due = new Date('2026-03-09T10:00:00Z');
    app.clock.set(due);
    await app.services.cadences.fire(digestCadence, 'Europe/London', due);
    const occ = await occurrenceFor(app, digestCadence, due);
    await waitFor('the digest to be posted', () => rec.channelPosts.length === 1);
    await waitFor('the post to be marked', async () => {
      const p = await app.db
        .selectFrom('digest_posts')
        .select('message_ref')
        .where('occurrence_id', '=', occ)
        .executeTakeFirst();
      return p?.message_ref != null;
    });
    const first = text(rec.channelPosts[0]!.message);
    const code = /D-[A-Z0-9]{4}/.exec(first)![0];
    // As if the worker died after claiming (before, or just after, the platform's answer), and Redis lost the job.
    await app.db
      .updateTable('digest_posts')
      .set({ message_ref: null })
      .where('occurrence_id', '=', occ)
      .execute();
    await app.context.jobs.queues.outbox.remove(`digest-${occ}`);
    rec.channelPosts.length = 0;
    expect(await sweep()).toEqual({});
    app.clock.advance(11 * MINUTE);
    expect(await sweep()).toEqual({ 'checkin.digest': { requeued: 1, givenUp: 0 } });
    await waitFor('the digest to be posted again', () => rec.channelPosts.length === 1);
    const again = text(rec.channelPosts[0]!.message);
    expect(again).toContain(code);
    for (const who of PEOPLE) expect(again).toContain(`What helped ${who} this week`);
    await waitFor('the post to be marked', async () => {
      const p = await app.db
        .selectFrom('digest_posts')
        .select('message_ref')
        .where('occurrence_id', '=', occ)
        .executeTakeFirst();
      return p?.message_ref != null;
    });
    // Marked now: a later sweep owes nothing.
    expect(await sweep()).toEqual({});
    expect(rec.channelPosts).toHaveLength(1);
  });

  it('posts an answer to a digest whose job Redis lost before it ran, once, and each sharer hears it once', async () => {
    const occ = await occurrenceFor(app, digestCadence, new Date('2026-03-09T10:00:00Z'));
    const post = await app.db
      .selectFrom('digest_posts')
      .select('code')
      .where('occurrence_id', '=', occ)
      .executeTakeFirstOrThrow();
    const outbox = app.context.jobs.queues.outbox;
    const ANSWER = 'We moved the handover to the morning';
    rec.clear();
    // Redis loses the answer's job before any worker takes it.
    await outbox.pause();
    try {
      const reply = await say(app, ADMIN, `digest respond ${post.code} "${ANSWER}"`);
      expect(JSON.stringify(reply)).toContain(`Your answer to digest ${post.code}`);
      expect(await outbox.remove(`digest-response-${occ}`)).toBe(1);
    } finally {
      await outbox.resume();
    }
    // Too soon: the answer was only just given.
    expect(await sweep()).toEqual({});
    app.clock.advance(11 * MINUTE);
    expect(await sweep()).toEqual({ 'checkin.digest-response': { requeued: 1, givenUp: 0 } });
    const heard = () => PEOPLE.filter((who) => rec.dmsTo(who).some((d) => text(d.message).includes(ANSWER)));
    await waitFor('every sharer to hear the answer', () => heard().length === PEOPLE.length);
    const answers = () => rec.channelPosts.filter((p) => text(p.message).includes(ANSWER));
    expect(answers()).toHaveLength(1);
    // Done: the list of who shared is gone, so a later sweep owes nothing and nobody hears it twice.
    expect(await sweep()).toEqual({});
    for (const who of PEOPLE) {
      expect(rec.dmsTo(who).filter((d) => text(d.message).includes(ANSWER))).toHaveLength(1);
    }
    expect(answers()).toHaveLength(1);
  });
});
