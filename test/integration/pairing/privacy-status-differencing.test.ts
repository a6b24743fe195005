/**
 * Attack: differencing `pairing status`. A hostile admin reads it, waits for one leader to pause or to answer
 * "did this help?" (or to be forgotten), and reads it again. The pool is counted paused or not and rounded;
 * ratings are shown only for an ended round once its week for answers has passed, frozen then, and only over
 * at least k people. So each pair of reads is identical. On real Postgres and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/ports.js';
import { withChartContent } from '../../helpers/charts.js';
import { click, groupIdOf, type Harness, leader, person, say, startHarness } from './pairing-harness.js';

let h: Harness;
const leaders: Actor[] = Array.from({ length: 6 }, (_, i) =>
  person('slack', `Leader ${['Ash', 'Birch', 'Cedar', 'Damson', 'Elder', 'Fir'][i]}`),
);
const groupOf = new Map<Actor, string>();
const DAY = 86_400_000;

/** The status as the admin sees it, its chart compared by the PNG it serves (its link is random). */
const status = async () => {
  const reply = await h.app.services.inbound.command({ actor: h.slackAdmin, text: 'pairing status' });
  expect(reply.message?.blocks.some((b) => b.type === 'image')).toBe(true);
  return withChartContent(h.app.url, reply.message);
};
const rate = async (who: Actor, rating: number) => {
  const result = await click(h, who, 'pairing.feedback', `${groupOf.get(who)}:${rating}`);
  expect(JSON.stringify(result)).toContain('only ever counted in totals');
};

beforeAll(async () => {
  h = await startHarness('pairing-diff');
  expect(await say(h, h.slackAdmin, 'settings k 3')).toMatch(/\b3\b/);
  for (const a of leaders) await leader(h, a);
  expect(await say(h, h.slackAdmin, 'pairing now')).toContain('Round started');
  for (const a of leaders) groupOf.set(a, await groupIdOf(h, a));
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('privacy: differencing pairing status', () => {
  it("two reads around one leader's pause reveal nothing", async () => {
    const before = await status();
    expect(before).toContain('Leaders in the pool: about 5');
    await say(h, leaders[0]!, 'me pause for 2 weeks');
    expect(await status()).toBe(before);
  });

  it('two reads around one rating, while the round is open or in its week for answers, reveal nothing', async () => {
    const open = await status();
    await rate(leaders[1]!, 5);
    expect(await status()).toBe(open);
    expect(await say(h, h.slackAdmin, 'pairing end')).toContain('has ended');
    const ended = await status();
    expect(ended).toMatch(/Round 1: answers are shown from \d+ \w+ 2026, a week after it ended/);
    for (const [i, r] of [
      [2, 1],
      [3, 4],
    ] as const)
      await rate(leaders[i]!, r);
    expect(await status()).toBe(ended);
    expect(ended).not.toMatch(/out of 5/);
  });

  it('once frozen, a late rating or a forget me changes nothing', async () => {
    h.app.clock.advance(8 * DAY);
    const frozen = await status();
    // Three people answered 5, 1 and 4: shown, over k = 3, and frozen now.
    expect(frozen).toContain('Round 1: 3.3 out of 5, from about 5 people');
    await rate(leaders[4]!, 1);
    expect(await status()).toBe(frozen);
    await h.app.services.inbound.action({
      actor: leaders[1]!,
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    expect(await status()).toBe(frozen);
  });

  it('the evidence export shows the same frozen round figures as pairing status, and nothing under k', async () => {
    const reply = await h.app.services.inbound.command({ actor: h.slackAdmin, text: 'report export' });
    const csvLink = reply.message!.blocks.find((b) => b.type === 'link' && b.text.includes('CSV'));
    if (csvLink?.type !== 'link') throw new Error('no CSV link');
    const res = await fetch(`${h.app.url}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: csvLink.url.split('/export/').at(-1)! }).toString(),
    });
    expect(res.status).toBe(200);
    const csv = await res.text();
    const round = csv.split('\r\n').filter((l) => l.startsWith('peer support,'));
    expect(round.map((l) => l.split(',').slice(2).join(','))).toEqual([
      'round 1,groups formed,5,groups',
      'round 1,groups that met (exchanged messages),fewer than 3,percent',
      'round 1,"people who answered ""did this help?""",5,people',
      'round 1,did this help?,3.3,score out of 5',
    ]);
  });
});
