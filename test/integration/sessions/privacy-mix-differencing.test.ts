/**
 * Attack: differencing `session mix`. A hostile admin reads the mix, waits for one person to say "not this
 * time", to pause, or to say they are going, and reads it again. Every figure goes through the disclosure rule
 * and nothing counts declines or pauses, so the two reads are the same, or differ by a rounded step (5), never
 * by exactly that one person. On real Postgres and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChartContent } from '../../helpers/charts.js';
import {
  ADMIN,
  actor,
  addMembers,
  addSession,
  click,
  type SessionsHarness,
  say,
  settle,
  startSessionsApp,
} from './helpers.js';

let h: SessionsHarness;
let id: number;
let frontline: string[];

beforeAll(async () => {
  h = await startSessionsApp('sess-diff');
  frontline = await addMembers(h, 'F', 'frontline', 9);
  await addMembers(h, 'M', 'manager', 6);
  id = await addSession(
    h,
    '"Boundaries" on 2026-03-20 at 12:00 for 45m mix frontline 50%, leader 2 to everyone',
  );
  await settle(h);
  for (const u of frontline.slice(0, 6)) await click(h, u, 'session.rsvp', `${id}:going`);
  for (const u of ['M1', 'M2', 'M3', 'M4', 'M5']) await click(h, u, 'session.rsvp', `${id}:going`);
});
afterAll(async () => {
  await h?.app.close();
});

/** The mix as the admin sees it, its chart compared by the PNG it serves (its link is random). */
const mix = async () => {
  const reply = await h.app.services.inbound.command({ actor: actor(ADMIN), text: `session mix ${id}` });
  expect(reply.message?.blocks.some((b) => b.type === 'image')).toBe(true);
  return withChartContent(h.app.url, reply.message);
};
/** The figures in the words (the chart is compared whole: its PNG's hash is no figure). */
const numbers = (text: string) =>
  [...text.replace(/png:[0-9a-f]{64}/g, '').matchAll(/\d+/g)].map((m) => Number(m[0]));

describe('privacy: differencing session mix', () => {
  it('two reads around one person\'s "not this time" reveal nothing', async () => {
    const before = await mix();
    expect(before).toContain('- frontline: about 5 going');
    await click(h, 'F7', 'session.rsvp', `${id}:not-going`);
    expect(await mix()).toBe(before);
  });

  it("two reads around one person's pause reveal nothing", async () => {
    const before = await mix();
    expect(await say(h, 'F8', 'me pause for 2 weeks')).toMatch(/pause/i);
    expect(await mix()).toBe(before);
  });

  it("two reads around one person's RSVP never differ by exactly that one person", async () => {
    const before = await mix();
    await click(h, 'F9', 'session.rsvp', `${id}:going`);
    const after = await mix();
    const [a, b] = [numbers(before), numbers(after)];
    expect(b).toHaveLength(a.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs(b[i]! - a[i]!)).not.toBe(1);
    expect(after).not.toMatch(/\b(6|7|11|12)\b/);
  });

  it('the evidence export shows the held session through the same rule', async () => {
    h.clock.set(new Date('2026-03-21T09:00:00Z'));
    const reply = await h.app.services.inbound.command({
      actor: actor(ADMIN),
      text: 'report export from 2026-03-01 to 2026-03-31',
    });
    const csvLink = reply.message!.blocks.find((b) => b.type === 'link' && b.text.includes('CSV'));
    if (csvLink?.type !== 'link') throw new Error('no CSV link');
    const res = await fetch(`${h.app.url}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: csvLink.url.split('/export/').at(-1)! }).toString(),
    });
    const rows = (await res.text()).split('\r\n').filter((l) => l.startsWith('sessions,'));
    // Seven frontline and five managers going: twelve people, shown rounded; the leaders' 0 is under k.
    expect(rows).toEqual([
      'sessions,2026-03-20,Boundaries,people going,10,people',
      'sessions,2026-03-20,Boundaries,frontline going,5,people',
      'sessions,2026-03-20,Boundaries,frontline target,50%,target',
      'sessions,2026-03-20,Boundaries,frontline against target,met,status',
      'sessions,2026-03-20,Boundaries,leader going,fewer than 5,people',
      'sessions,2026-03-20,Boundaries,leader target,2,target',
    ]);
  });
});
