/**
 * `status` tells admins what was not delivered and why, without pointing at anyone: counts of distinct people
 * per reason, only when at least k people missed something, rounded. Attack: an admin who knows one colleague
 * blocked the bot tries to confirm it from `status`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Blocked, NotFound, Rejected, Transient, Unauthorized } from '../../../src/errors.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { runRetention } from '../../../src/services/checkins/retention.js';
import { ADMIN, actor, install, say, says, statuses, waitForRound } from '../checkins/helpers.js';

let app: TestApp;
let workspaceId: string;
const rec = new Recording();
const DAY = 24 * 3600_000;
const NOBODY = [
  'Not delivered in the last 30 days, people per reason:',
  '- the person is no longer there: fewer than 5',
  '- Roundtable was removed or lost access: fewer than 5',
  '- the person blocked Roundtable: fewer than 5',
  '- the platform refused the message: fewer than 5',
  '- may have arrived (the platform’s answer was unclear, so it was not sent again): fewer than 5',
].join('\n');

beforeAll(async () => {
  app = await startTestApp({ label: 'missedstatus', adapters: [recordingPlatform(rec)] });
  workspaceId = await install(app);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

async function roundIn(channel: string, people: number): Promise<number> {
  const reply = await say(app, ADMIN, 'checkin now', channel);
  expect(says(reply)).toContain('Sending a check-in now');
  const occ = await app.db
    .selectFrom('occurrences')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  await waitForRound(app, occ.id, people);
  return occ.id;
}

async function statusText(): Promise<string> {
  return says(await say(app, ADMIN, 'status'));
}

describe('missed deliveries in status', () => {
  it('shows every reason as under k when everything arrived', async () => {
    rec.setRoster('C0', [{ userId: 'A1' }, { userId: 'A2' }]);
    await roundIn('C0', 2);
    expect(await statusText()).toContain(NOBODY);
  });

  it('does not confirm that the one colleague who blocked the bot did so', async () => {
    rec.setRoster('C1', [{ userId: 'B1' }, { userId: 'B2' }, { userId: 'B3' }]);
    rec.failDirectsTo(['B1'], () => new Blocked('blocked'));
    const occ = await roundIn('C1', 3);
    expect(await statuses(app, occ)).toEqual({ sent: 2, failed: 1 });
    const text = await statusText();
    // The same words as when nobody missed anything: a read before and after B1 blocked the bot are equal.
    expect(text).toContain(NOBODY);
    expect(text).not.toContain('B1');
    rec.clearFailures();
  });

  it('shows a reason only once at least k people are in it, rounded, with no total', async () => {
    const people = Array.from({ length: 12 }, (_, i) => ({ userId: `M${i}` }));
    rec.setRoster('C2', people);
    rec.failDirectsTo(['M0', 'M1', 'M2', 'M3'], () => new NotFound('user_not_found'));
    rec.failDirectsTo(['M4', 'M5'], () => new Unauthorized('token_revoked'));
    rec.failDirectsTo(['M6'], () => new Rejected('msg_too_long'));
    rec.failDirectsTo(['M7'], () => new Transient('internal_error', undefined, true));
    const occ = await roundIn('C2', 12);
    // Nobody is sent a check-in twice after an ambiguous answer: M7's is counted as maybe delivered.
    expect(await statuses(app, occ)).toEqual({ sent: 4, failed: 8 });
    const text = await statusText();
    // Only the reason with at least k people shows a number; the rest read as if empty.
    expect(text).toContain('- the person is no longer there: fewer than 5');
    expect(text).toContain('- Roundtable was removed or lost access: fewer than 5');
    expect(text).toContain('- the person blocked Roundtable: fewer than 5');
    expect(text).not.toMatch(/total/i);
    rec.clearFailures();
    // Two more people gone: six in all, now shown, rounded.
    rec.setRoster('C3', [{ userId: 'M8' }, { userId: 'M9' }]);
    rec.failDirectsTo(['M8', 'M9'], () => new NotFound('user_not_found'));
    await roundIn('C3', 2);
    const later = await statusText();
    expect(later).toContain('- the person is no longer there: about 5');
    expect(later).toContain('- the person blocked Roundtable: fewer than 5');
    for (const n of later.matchAll(/about (\d+)/g)) expect(Number(n[1]) % 5).toBe(0);
    rec.clearFailures();
  });

  it('forgets a person’s misses with them, and the daily sweep drops those older than 30 days', async () => {
    const before = await app.db
      .selectFrom('delivery_misses')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBe(11);
    const b1 = await app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', 'B1')
      .executeTakeFirstOrThrow();
    await app.services.inbound.action({
      actor: actor('B1'),
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    const left = await app.db
      .selectFrom('delivery_misses')
      .select('id')
      .where('member_id', '=', b1.id)
      .execute();
    expect(left).toEqual([]);
    app.clock.advance(31 * DAY);
    await runRetention(app.context);
    const after = await app.db
      .selectFrom('delivery_misses')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(0);
    expect(await statusText()).toContain(NOBODY);
  });
});
