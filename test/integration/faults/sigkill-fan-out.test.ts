/**
 * Fault: the worker process is killed with SIGKILL in the middle of a 2,000-member check-in fan-out, then a new
 * worker starts. Every member gets the check-in; a check-in is posted twice only when its send was in flight at
 * the kill (Slack accepted it, the row was not yet marked sent), so duplicates are bounded by those sends: one per
 * running job at most, batches included (a batch marks each row before it sends the next).
 */
import { describe, expect, it } from 'vitest';
import { OUTBOX_CONCURRENCY } from '../../../src/jobs/job-runtime.js';
import { type AppProcess, tail } from '../../helpers/app-process.js';
import {
  deliveriesOf,
  deliveryIdOf,
  deliveryStatuses,
  duplicates,
  memberCount,
  nowOccurrence,
  postsPerDelivery,
  slash,
  waitForRoundDone,
} from './fault-helpers.js';
import { useFanOutRig } from './fan-out-rig.js';

const MEMBERS = 2_000;

const rig = useFanOutRig('sigkill', MEMBERS);

describe('SIGKILL mid fan-out', () => {
  it('reaches every member after a restart, with duplicates only from the sends in flight', async () => {
    const { fake, fdb, workspace, procs } = rig.current();
    const options = (label: string, role: 'web' | 'worker') => rig.current().options(label, role);
    const web = await procs.start(options('web', 'web'));
    const first: AppProcess = await procs.start(options('worker-1', 'worker'));

    const reply = await slash(web, fake, 'checkin now to everyone');
    expect(reply).toContain('Sending a check-in now to everyone');
    const occurrence = await nowOccurrence(fdb.db);
    // The seeded members and the admin who asked.
    const total = await memberCount(fdb.db, workspace);
    expect(total).toBe(MEMBERS + 1);

    // Let a good part go out (the workspace budget paces it), then pull the plug.
    await fake.waitFor(
      () => fake.callsTo('chat.postMessage').length >= 300,
      60_000,
      '300 messages posted before the kill',
    );
    first.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');

    const atKill = await deliveriesOf(fdb.db, occurrence);
    const inFlight = new Set(atKill.filter((d) => d.status === 'sending').map((d) => d.id));
    const postedAtKill = postsPerDelivery(fake).size;
    expect(postedAtKill, 'the kill came mid fan-out').toBeLessThan(total);

    const second = await procs.start(options('worker-2', 'worker'));
    const final = await waitForRoundDone(fdb.db, occurrence, total, 180_000).catch((error: Error) => {
      throw new Error(`${error.message}\nworker-2 output:\n${tail(second.output())}`);
    });
    expect(final).toEqual({ sent: total });

    // Every delivery row was posted at least once, to its own member's DM.
    const rows = await deliveriesOf(fdb.db, occurrence);
    const posts = postsPerDelivery(fake);
    expect(rows).toHaveLength(total);
    expect(rows.filter((r) => !posts.has(r.id))).toEqual([]);
    // Posted to the member (their user id, or the DM it opened: the fake names it D + the user id).
    const channels = new Set(
      fake
        .callsTo('chat.postMessage')
        .filter((c) => deliveryIdOf(c) !== undefined)
        .map((c) => String(c.params.channel).replace(/^D(?=U)/, '')),
    );
    expect(channels.size, 'one DM channel per member').toBe(total);

    const dup = duplicates(posts);
    const outside = dup.deliveries.filter((id) => !inFlight.has(id));
    expect(
      outside,
      `duplicates must come only from sends in flight at the kill: ${dup.extra} extra post(s), ` +
        `${inFlight.size} send(s) in flight (outbox concurrency ${OUTBOX_CONCURRENCY}), ${postedAtKill} posted before the kill`,
    ).toEqual([]);
    // A batch claims its rows when it starts, so more rows than jobs may be 'sending' at the kill; but each job
    // sends one message at a time and marks it before the next, so at most one per running job was sent and not
    // marked.
    expect(
      dup.extra,
      `${dup.extra} duplicate check-in(s) after SIGKILL; bound = one per running job (outbox concurrency ${OUTBOX_CONCURRENCY}), ${inFlight.size} row(s) claimed at the kill`,
    ).toBeLessThanOrEqual(Math.min(inFlight.size, OUTBOX_CONCURRENCY));
    expect(await deliveryStatuses(fdb.db, occurrence)).toEqual({ sent: total });
  }, 300_000);
});
