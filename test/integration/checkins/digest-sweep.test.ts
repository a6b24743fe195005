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
});
