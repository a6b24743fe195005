/**
 * The pairing sweep sends again an introduction whose outbox job Redis lost (the worker died after taking it and
 * Redis was then flushed): exactly once, and never one that went, or one whose job Redis still holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullText } from '../../fakes/recording-platform.js';
import { drained, type Harness, inbox, leader, person, say, startHarness } from './pairing-harness.js';

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

const intros = (who: typeof ann) => inbox(h, who).filter((m) => INTRO.test(fullText(m))).length;

async function row(who: typeof ann) {
  return h.app.db
    .selectFrom('pairing_group_members as gm')
    .innerJoin('members as m', 'm.id', 'gm.member_id')
    .select(['gm.group_id', 'gm.member_id', 'gm.introduced_at'])
    .where('m.external_id', '=', who.userId)
    .executeTakeFirstOrThrow();
}

describe('the introduction sweep', () => {
  it('marks an introduction that went, and leaves it alone', async () => {
    expect(await say(h, h.slackAdmin, 'pairing now')).toContain('Round started');
    await drained(h);
    expect([intros(ann), intros(bo)]).toEqual([1, 1]);
    expect((await row(ann)).introduced_at).not.toBeNull();
    h.app.clock.advance(11 * MINUTE);
    expect(await h.pairing.rounds.sweepIntros()).toBe(0);
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
    expect(await h.pairing.rounds.sweepIntros()).toBe(1);
    await drained(h);
    expect([intros(ann), intros(bo)]).toEqual([2, 1]);
    expect((await row(ann)).introduced_at).not.toBeNull();
    expect(await h.pairing.rounds.sweepIntros()).toBe(0);
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
    expect(await h.pairing.rounds.sweepIntros()).toBe(0);
    await drained(h);
    expect(intros(bo)).toBe(1);
  });
});
