/**
 * A round across two platforms: three leaders (Slack, Teams, Slack) become a trio, each gets an intro with
 * pseudonyms and a starter; messages are relayed both ways, in order, as "Bird: text", with nothing of the
 * sender; edits are marked; files are refused; floods are held back; names are shared only when everyone
 * offered. Until then, no message and no log line carries a partner's id, name or email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsIdentifier } from '../../../src/core/anonymity/neutralise.js';
import { shortPseudonym } from '../../../src/core/pairing/pseudonyms.js';
import type { Actor } from '../../../src/ports.js';
import { STARTERS } from '../../../src/services/pairing/pairing-starters.js';
import { fullText } from '../../fakes/recording-platform.js';
import { messageText } from '../../helpers/actors.js';
import {
  dm,
  drained,
  type Harness,
  identifiers,
  inbox,
  inboxText,
  leader,
  person,
  pseudonymOf,
  received,
  say,
  startHarness,
} from './pairing-harness.js';

let h: Harness;
const ann = person('slack', 'Annabel Northgate');
const bo = person('teams', 'Bogdan Southwell');
const cy = person('slack', 'Cyrille Eastbrook');
const everyone = [ann, bo, cy];
const bird: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness('pairing-relay');
  const created = await say(h, h.slackAdmin, 'community create "Partnership"');
  const code = /Invite code: (\S+)/.exec(created)![1]!;
  await say(h, h.teamsAdmin, `community join ${code}`);
  await leader(h, ann, 'North Council');
  await leader(h, bo, 'South NHS Trust');
  await leader(h, cy, 'East Housing');
});
afterAll(async () => {
  await h?.close();
});

/** Every message each person received so far, and every log line, scanned for the others' identifiers. */
function expectNoLeaks(): void {
  for (const reader of everyone) {
    const others = everyone.filter((o) => o !== reader).flatMap(identifiers);
    for (const m of inbox(h, reader)) expect(containsIdentifier(fullText(m), others)).toBe(false);
  }
  expect(containsIdentifier(h.app.logs.text(), everyone.flatMap(identifiers))).toBe(false);
}

function othersOf(who: Actor): Actor[] {
  return everyone.filter((o) => o !== who);
}

describe('a round across Slack and Teams', () => {
  it('three leaders make one trio, nobody left out; each gets an intro with pseudonyms and a starter', async () => {
    expect(await say(h, h.slackAdmin, 'pairing now')).toContain(
      'Round started: groups formed for fewer than 5 people',
    );
    for (const who of everyone) {
      const [intro] = await received(h, who, 'small circle with');
      const text = fullText(intro!);
      const mine = await pseudonymOf(h, who);
      bird[who.userId] = shortPseudonym(mine);
      expect(text).toContain(`To them, you are ${mine}`);
      for (const other of othersOf(who)) expect(text).toContain(await pseudonymOf(h, other));
      expect(STARTERS.some((s) => text.includes(s.text))).toBe(true);
      expect(text).toContain('What is said here stays between you');
      expect(text).toMatch(/report <what happened>/);
    }
    expect(new Set(Object.values(bird)).size).toBe(3);
    expectNoLeaks();
  });

  it('relays both ways across the platforms, as "Bird: text", with nothing of the sender', async () => {
    const reply = await dm(h, ann, 'Hello from the north. How are budgets treating you?');
    expect(reply?.message).toBeUndefined();
    for (const other of othersOf(ann)) {
      await received(h, other, `${bird[ann.userId]}: Hello from the north. How are budgets treating you?`);
    }
    await dm(h, bo, 'Hard going, honestly. <at>Someone Real</at> says hi @channel');
    for (const other of othersOf(bo)) {
      const [m] = await received(h, other, `${bird[bo.userId]}: Hard going, honestly.`);
      // Mentions cannot ping anyone on the other platform.
      expect(m!.text).not.toContain('<at>');
      expect(m!.text).not.toMatch(/@channel/);
    }
    expect(inboxText(h, bo)).not.toContain('Hard going');
    await drained(h);
    // The words are gone once delivered, and the queue only ever carried ids.
    expect(await h.app.db.selectFrom('pairing_relays').selectAll().execute()).toEqual([]);
    const jobs = await h.app.jobs.queues.outbox.getJobs(['completed', 'waiting', 'delayed', 'active']);
    expect(jobs.length).toBeGreaterThan(0);
    expect(JSON.stringify(jobs.map((j) => j.data))).not.toContain('Hello from the north');
    expectNoLeaks();
  });

  it('an edit is re-sent marked "(edited)"', async () => {
    await dm(h, ann, 'Hello from the north, and the coast.', { edited: true, messageId: 'edit-1' });
    await received(h, bo, `${bird[ann.userId]} (edited): Hello from the north, and the coast.`);
    await received(h, cy, `${bird[ann.userId]} (edited): Hello from the north, and the coast.`);
  });

  it('files and images are refused with a reason; the words with them still go', async () => {
    const only = await dm(h, bo, '', { hasFiles: true });
    expect(messageText(only?.message)).toContain('I do not pass on files or images');
    expect(messageText(only?.message)).toContain('Your words are always welcome');
    const withText = await dm(h, bo, 'Here is the plan I mentioned', { hasFiles: true });
    expect(messageText(withText?.message)).toContain('I passed on your words');
    await received(h, ann, `${bird[bo.userId]}: Here is the plan I mentioned`);
  });

  it('a flood is held back after ten messages a minute, in order, and flows again next minute', async () => {
    for (let i = 1; i <= 10; i++) {
      const r = await dm(h, cy, `line ${i} of my thoughts`);
      expect(r?.message).toBeUndefined();
    }
    const held = await dm(h, cy, 'line 11 of my thoughts');
    expect(messageText(held?.message)).toContain('faster than I can pass them on');
    await received(h, ann, /line 10 of my thoughts/);
    await drained(h);
    const lines = inbox(h, ann)
      .map((m) => m.text)
      .filter((t) => t.includes('of my thoughts'));
    expect(lines).toEqual(
      Array.from({ length: 10 }, (_, i) => `${bird[cy.userId]}: line ${i + 1} of my thoughts`),
    );
    h.app.clock.advance(60_000);
    expect((await dm(h, cy, 'line 11 of my thoughts'))?.message).toBeUndefined();
    await received(h, ann, 'line 11 of my thoughts');
  });

  it('one reveal reveals nothing and tells nobody; when everyone offers, each sees real names and platforms', async () => {
    await drained(h);
    expectNoLeaks();
    const before = Object.fromEntries(everyone.map((w) => [w.userId, inbox(h, w).length]));
    expect(messageText((await dm(h, ann, 'reveal'))?.message)).toContain('Nobody is told who has offered');
    expect(messageText((await dm(h, bo, 'Reveal'))?.message)).toContain('Nobody is told who has offered');
    await drained(h);
    for (const w of everyone) expect(inbox(h, w).length).toBe(before[w.userId]);
    expectNoLeaks();

    expect(messageText((await dm(h, cy, 'reveal'))?.message)).toContain('Everyone has agreed');
    for (const w of everyone) {
      const [m] = await received(h, w, 'Everyone agreed to share their names');
      const text = fullText(m!);
      expect(text).toContain(`${await pseudonymOf(h, ann)} is ${ann.displayName} (Slack)`);
      expect(text).toContain(`${await pseudonymOf(h, bo)} is ${bo.displayName} (Microsoft Teams)`);
      expect(text).toContain(`${await pseudonymOf(h, cy)} is ${cy.displayName} (Slack)`);
      expect(text).not.toContain(ann.email);
    }
    // Logs never carry the names, even after the reveal.
    expect(containsIdentifier(h.app.logs.text(), everyone.flatMap(identifiers))).toBe(false);
  });

  it('help and pause are instructions, not messages', async () => {
    await drained(h);
    const count = inbox(h, ann).length;
    expect(messageText((await dm(h, cy, 'help'))?.message)).toContain('These words alone in a message');
    expect(messageText((await dm(h, cy, 'pause'))?.message)).toContain('You are paused from peer support');
    await drained(h);
    expect(inbox(h, ann)).toHaveLength(count);
    const entry = await h.app.db
      .selectFrom('pairing_pool as p')
      .innerJoin('members as m', 'm.id', 'p.member_id')
      .select('p.paused')
      .where('m.external_id', '=', cy.userId)
      .executeTakeFirstOrThrow();
    expect(entry.paused).toBe(true);
  });
});
