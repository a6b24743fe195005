/**
 * A round's life and the safety tools: a report reaches the reporter's admins with round and pseudonym only
 * (and the name only with consent); a quiet group gets one half-way nudge; `end` closes for everyone and asks
 * "did this help?"; later messages get a polite notice; `block` means never grouped again; quiet members are
 * asked once, then paused kindly; `forget me` removes every pairing row and history pair.
 */
import { reportPlace } from '../../../src/store/cipher-places.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsIdentifier } from '../../../src/core/anonymity/neutralise.js';
import type { Actor } from '../../../src/ports.js';
import { fullText } from '../../fakes/recording-platform.js';
import { messageText } from '../../helpers/actors.js';
import { tablesMentioning } from '../../helpers/db-snapshot.js';
import {
  click,
  dm,
  drained,
  groupIdOf,
  type Harness,
  identifiers,
  inbox,
  leader,
  person,
  pseudonymOf,
  received,
  say,
  startHarness,
} from './pairing-harness.js';

let h: Harness;
const ann = person('slack', 'Aurelia Stonebridge');
const bo = person('slack', 'Bartholomew Finchley');
const cy = person('slack', 'Cordelia Marchbank');
const di = person('slack', 'Desmond Ravenscroft');
const all = [ann, bo, cy, di];
let talkers: [Actor, Actor];
let quiet: [Actor, Actor];
const DAY = 24 * 3600_000;

async function groupsNow(): Promise<string[][]> {
  const rows = await h.app.db
    .selectFrom('pairing_group_members as gm')
    .innerJoin('pairing_groups as g', 'g.id', 'gm.group_id')
    .innerJoin('members as m', 'm.id', 'gm.member_id')
    .select(['g.id', 'm.external_id'])
    .where('g.status', '=', 'open')
    .execute();
  const byGroup = new Map<string, string[]>();
  for (const r of rows) byGroup.set(r.id, [...(byGroup.get(r.id) ?? []), r.external_id]);
  return [...byGroup.values()].map((g) => g.sort());
}

function byId(id: string): Actor {
  return all.find((a) => a.userId === id)!;
}

beforeAll(async () => {
  h = await startHarness('pairing-lifecycle');
  for (const a of all) await leader(h, a);
});
afterAll(async () => {
  await h?.close();
});

async function drafts(): Promise<number> {
  const rows = await h.app.db
    .selectFrom('pairing_reports')
    .select('id')
    .where('status', '=', 'draft')
    .execute();
  return rows.length;
}

describe('a round from start to end', () => {
  it('forms two pairs', async () => {
    expect(await say(h, h.slackAdmin, 'pairing now')).toContain(
      'Round started: groups formed for fewer than 5 people',
    );
    const groups = await groupsNow();
    expect(groups).toHaveLength(2);
    talkers = [byId(groups[0]![0]!), byId(groups[0]![1]!)];
    quiet = [byId(groups[1]![0]!), byId(groups[1]![1]!)];
    for (const a of all) await received(h, a, 'You have been paired with');
  });

  it('a report reaches the admins with round and pseudonym only; the name only with consent', async () => {
    const [x1, x2] = talkers;
    await dm(h, x1, 'Good to meet you.');
    const draft = await dm(h, x1, 'report They pushed me to name a client, which made me uneasy.');
    // Before anything is sent, the reporter is told who will read it (no contact named: the admins).
    const draftText = messageText(draft?.message);
    expect(draftText).toContain(
      "Before anything is sent: It will be read by your workspace's Roundtable admins",
    );
    const draftId = /"actionId":"pairing\.report\.send","label":"Send it","value":"(\d+)"/.exec(
      draftText,
    )![1]!;
    expect(messageText((await click(h, x2, 'pairing.report.send', draftId)).update)).toContain(
      'no longer active',
    );
    const text = messageText((await click(h, x1, 'pairing.report.send', draftId)).update);
    expect(text).toContain('passed this to your Roundtable admins');
    expect(text).toContain('pairing.report.share');
    const [report] = await received(h, h.slackAdmin, 'A peer support report from round 1');
    const reportText = fullText(report!);
    expect(reportText).toContain(await pseudonymOf(h, x1));
    expect(reportText).toContain('They pushed me to name a client');
    expect(containsIdentifier(reportText, [...identifiers(x1), ...identifiers(x2)])).toBe(false);
    // The partner is not told; the text is stored encrypted.
    await drained(h);
    expect(fullText(inbox(h, x2).at(-1)!)).not.toContain('report');
    const row = await h.app.db.selectFrom('pairing_reports').selectAll().executeTakeFirstOrThrow();
    expect(row.body).not.toContain('pushed me');
    expect(
      h.app.context.cipher.decrypt(
        row.body,
        reportPlace({
          workspaceId: row.workspace_id,
          reporterId: row.reporter_member_id,
          reporterPseudonym: row.reporter_pseudonym,
        }),
      ),
    ).toContain('pushed me');

    const reportId = /"pairing\.report\.share","label":"[^"]*","value":"(\d+)"/.exec(text)![1]!;
    expect(messageText((await click(h, x2, 'pairing.report.share', reportId)).reply)).toContain(
      'no longer active',
    );
    expect(messageText((await click(h, x1, 'pairing.report.share', reportId)).update)).toContain(
      'shared your name',
    );
    await received(h, h.slackAdmin, `has agreed to share their name: ${x1.displayName}`);
    expect(containsIdentifier(fullText(inbox(h, x2).at(-1)!), identifiers(x1))).toBe(false);

    // A draft never sent nor cancelled is not kept for long (see the next test).
    await dm(h, x1, 'report A draft I walk away from.');
    expect(await drafts()).toBe(1);
  });

  it('half-way, only the group that has not talked gets one gentle nudge', async () => {
    await drained(h);
    expect(await h.pairing.rounds.runDue()).toEqual({ nudged: 0, ended: 0 });
    h.app.clock.advance(7 * DAY + 60_000);
    expect(await h.pairing.rounds.runDue()).toEqual({ nudged: 1, ended: 0 });
    expect(await drafts()).toBe(0);
    for (const q of quiet) await received(h, q, 'This round is half-way through');
    expect(await h.pairing.rounds.runDue()).toEqual({ nudged: 0, ended: 0 });
    await drained(h);
    for (const q of quiet) expect(inbox(h, q).filter((m) => m.text.includes('half-way'))).toHaveLength(1);
    for (const t of talkers) expect(inbox(h, t).some((m) => m.text.includes('half-way'))).toBe(false);
  });

  it('end closes it for everyone, asks "did this help?", and later messages get a polite notice', async () => {
    const [y1, y2] = quiet;
    const groupId = await groupIdOf(h, y2);
    // It cannot be undone, so it asks first; "keep talking" changes nothing.
    expect(messageText((await dm(h, y1, 'end'))?.message)).toContain('Close this conversation for everyone?');
    expect(messageText((await click(h, y1, 'pairing.keep', groupId)).update)).toContain('still open');
    expect(messageText((await click(h, talkers[0]!, 'pairing.confirm', `end:${groupId}`)).update)).toContain(
      'no longer active',
    );
    expect(messageText((await click(h, y1, 'pairing.confirm', `end:${groupId}`)).update)).toContain(
      'closed this conversation for everyone',
    );
    for (const y of quiet) {
      const [m] = await received(h, y, 'This conversation has been closed');
      expect(fullText(m!)).toContain('Did this help?');
      expect(fullText(m!)).toContain('pairing.reveal');
    }
    // Someone outside the group forging its id (feedback, reveal) changes nothing.
    const rowsOf = () =>
      h.app.db
        .selectFrom('pairing_group_members')
        .select(['member_id', 'feedback', 'reveal'])
        .where('group_id', '=', groupId)
        .orderBy('member_id')
        .execute();
    const before = await rowsOf();
    const outsider = talkers[0]!;
    expect(messageText((await click(h, outsider, 'pairing.feedback', `${groupId}:1`)).reply)).not.toContain(
      'Thank you',
    );
    await click(h, outsider, 'pairing.reveal', String(groupId));
    expect(await rowsOf()).toEqual(before);
    expect(messageText((await click(h, y2, 'pairing.feedback', `${groupId}:4`)).reply)).toContain(
      'Thank you',
    );
    const fb = await h.app.db
      .selectFrom('pairing_group_members')
      .select('feedback')
      .where('group_id', '=', groupId)
      .execute();
    expect(fb.map((r) => r.feedback).sort()).toEqual([4, null]);
    const count = inbox(h, y1).length;
    expect(messageText((await dm(h, y2, 'Are you still there?'))?.message)).toContain(
      'This conversation has closed',
    );
    await drained(h);
    expect(inbox(h, y1)).toHaveLength(count);
    // Commands still work as commands after the close.
    expect(messageText((await dm(h, y2, 'me'))?.message)).toContain(
      'This is everything Roundtable stores about you',
    );
  });

  it('block closes it, tells the other only that it closed, and they are never grouped again', async () => {
    const [x1, x2] = talkers;
    const groupId = await groupIdOf(h, x2);
    expect(messageText((await dm(h, x2, 'block'))?.message)).toContain('This cannot be undone');
    expect(messageText((await click(h, x2, 'pairing.confirm', `block:${groupId}`)).update)).toContain(
      'will not be grouped with them again',
    );
    const [m] = await received(h, x1, 'This conversation has been closed');
    // Blocked and ended look the same to the partner: the same words, the same "did this help?".
    expect(fullText(m!)).not.toMatch(/block/i);
    expect(fullText(m!)).toContain('Did this help?');
    expect(messageText((await click(h, x1, 'pairing.reveal', groupId)).reply)).toContain(
      'Nobody is told who has offered',
    );
    expect(await h.app.db.selectFrom('pairing_blocks').selectAll().execute()).toHaveLength(1);
    expect(await h.app.db.selectFrom('pairing_block_hashes').selectAll().execute()).toHaveLength(1);
  });

  it('the round ends by the clock', async () => {
    h.app.clock.advance(7 * DAY);
    expect(await h.pairing.rounds.runDue()).toEqual({ nudged: 0, ended: 1 });
  });

  it('over the next rounds: blocked never meet; two quiet rounds ask once; three pause kindly', async () => {
    const [x1, x2] = talkers;
    const [y1, y2] = quiet;
    // Round 1 made y1, y2 and x2 quiet once (x1 wrote).
    for (let round = 2; round <= 3; round++) {
      expect(await say(h, h.slackAdmin, 'pairing now')).toContain(
        'Round started: groups formed for fewer than 5 people',
      );
      for (const g of await groupsNow()) expect(g).not.toEqual([x1.userId, x2.userId].sort());
      if (round === 2) {
        await dm(h, x1, 'Hello again');
        expect(await say(h, h.slackAdmin, 'pairing end')).toContain('Round 2 has ended');
        for (const q of [y1, y2, x2]) await received(h, q, 'Would you like to stay in the pool');
        const stay = await click(h, y1, 'pairing.stay', 'pool');
        expect(messageText(stay.update)).toContain('You stay in the peer support pool');
      } else {
        expect(await say(h, h.slackAdmin, 'pairing end')).toContain('Round 3 has ended');
      }
    }
    for (const q of [y2, x2]) await received(h, q, 'I have paused peer support for you');
    await drained(h);
    // x1 wrote in round 2, so round 3 was their first quiet one: not asked.
    expect(inbox(h, x1).some((m) => m.text.includes('stay in the pool'))).toBe(false);
    expect(inbox(h, y1).filter((m) => m.text.includes('stay in the pool'))).toHaveLength(1);
    expect(inbox(h, y1).some((m) => m.text.includes('I have paused'))).toBe(false);

    expect(await say(h, h.slackAdmin, 'pairing now')).toContain(
      'Round started: groups formed for fewer than 5 people',
    );
    expect(await groupsNow()).toEqual([[x1.userId, y1.userId].sort()]);
    expect(await say(h, y2, 'pairing join')).toContain('You are in the peer support pool');
    const entry = await h.app.db
      .selectFrom('pairing_pool as p')
      .innerJoin('members as m', 'm.id', 'p.member_id')
      .select(['p.paused', 'p.quiet_rounds'])
      .where('m.external_id', '=', y2.userId)
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ paused: false, quiet_rounds: 0 });
  });

  it('status counts groups that talked and hides the ratings below k', async () => {
    const status = await say(h, h.slackAdmin, 'pairing status');
    expect(status).toContain('Rounds so far: 4');
    expect(status).toContain('Groups formed: about 5');
    expect(status).toMatch(/Round \d: (answers are shown from|fewer than 5 people answered)/);
    for (const a of all) expect(containsIdentifier(status, identifiers(a))).toBe(false);
  });

  it('home and me show the person their own peer support, by pseudonym only', async () => {
    const [x1] = talkers;
    const home = messageText(await h.app.services.inbound.home(x1));
    expect(home).toContain('This round you are talking with');
    for (const other of all.filter((a) => a !== x1))
      expect(containsIdentifier(home, identifiers(other))).toBe(false);
    expect(await say(h, x1, 'me')).toContain('Peer support groups you have been in: 4');
  });

  it('forget me removes every pairing row, so no history pair refers to them', async () => {
    const y1 = quiet[0];
    const member = await h.app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', y1.userId)
      .executeTakeFirstOrThrow();
    expect(await tablesMentioning(h.app.db, [member.id])).not.toEqual([]);
    await click(h, y1, 'me.forget.confirm', 'confirm');
    expect(await tablesMentioning(h.app.db, [member.id, ...identifiers(y1)])).toEqual([]);
    // Their partner's open group closed, kindly.
    await received(h, talkers[0], 'This conversation has been closed', 2);
    expect(messageText((await dm(h, talkers[0], 'Hello?'))?.message)).toContain(
      'This conversation has closed',
    );
  });
});
