/**
 * The delivery sweep over peer reflection evidence notices (`record.peer`): an ask whose outbox job Redis lost
 * before any worker took it is sent by the sweep, once, from the owed row its job wrote first; and the owed row
 * goes once it is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOwed } from '../../../src/delivery/sweep.js';
import { fullText } from '../../fakes/recording-platform.js';
import { messageText } from '../../helpers/actors.js';
import {
  dm,
  drained,
  type Harness,
  inbox,
  leader,
  person,
  received,
  say,
  startHarness,
} from '../pairing/pairing-harness.js';

let h: Harness;
const ann = person('slack', 'Annwen Marlowe');
const bo = person('slack', 'Bertil Oakhurst');
const MINUTE = 60_000;
const THEME = 'saying no to a referral';
const ASK = 'would like to add this to each of your reflective practice records';

beforeAll(async () => {
  h = await startHarness('peer-evidence-sweep');
  for (const who of [ann, bo]) await leader(h, who);
  expect(await say(h, h.slackAdmin, 'pairing now')).toContain('Round started');
  for (const who of [ann, bo]) await received(h, who, /for this round of peer support/);
  await drained(h);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const peerSweep = async () =>
  (await sweepOwed(h.app.context, h.app.services.delivery))['record.peer']?.requeued ?? 0;
const asks = () => inbox(h, bo).filter((m) => fullText(m).includes(ASK)).length;

describe('the sweep of peer evidence notices', () => {
  it('sends once an ask whose job Redis lost before it ran', async () => {
    const outbox = h.app.jobs.queues.outbox;
    await outbox.pause();
    try {
      const reply = messageText((await dm(h, ann, `pairing record "${THEME}"`))?.message);
      expect(reply).toContain("I've asked the others in your conversation");
      const lost = (await outbox.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) =>
        String(j?.id).startsWith('rp-ask-'),
      );
      expect(lost).toHaveLength(1);
      await outbox.remove(String(lost[0]!.id));
    } finally {
      await outbox.resume();
    }
    await drained(h);
    expect(asks()).toBe(0);
    // Too soon: the owed row was only just written.
    expect(await peerSweep()).toBe(0);
    h.app.clock.advance(11 * MINUTE);
    expect(await peerSweep()).toBe(1);
    await received(h, bo, ASK);
    await drained(h);
    expect(asks()).toBe(1);
    expect(fullText(inbox(h, bo).find((m) => fullText(m).includes(ASK))!)).toContain(THEME);
    // Sent: its owed row is gone, so a later sweep sends nothing more.
    expect(await peerSweep()).toBe(0);
    expect(await h.app.db.selectFrom('outbox_owed').select('job_id').execute()).toEqual([]);
    expect(asks()).toBe(1);
  });
});
