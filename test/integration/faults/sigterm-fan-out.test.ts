/**
 * Fault: the worker process gets SIGTERM (a deploy, a container stop) in the middle of a check-in fan-out. It stops
 * taking jobs, lets the sends in flight finish (or hands them back to the queue), and exits cleanly; a new worker
 * sends the rest. Nobody is missed and nobody gets the check-in twice.
 */
import { describe, expect, it } from 'vitest';
import { tail } from '../../helpers/app-process.js';
import {
  deliveriesOf,
  duplicates,
  memberCount,
  nowOccurrence,
  postsPerDelivery,
  slash,
  waitForRoundDone,
} from './fault-helpers.js';
import { useFanOutRig } from './fan-out-rig.js';

const MEMBERS = 400;

const rig = useFanOutRig('sigterm', MEMBERS);

describe('SIGTERM during a fan-out', () => {
  it('finishes or returns the jobs in flight, exits cleanly, and a restart sends the rest once', async () => {
    const { fake, fdb, workspace, procs } = rig.current();
    const options = (label: string, role: 'web' | 'worker') => rig.current().options(label, role);
    const web = await procs.start(options('web', 'web'));
    const first = await procs.start(options('worker-1', 'worker'));

    const reply = await slash(web, fake, 'checkin now to everyone');
    expect(reply).toContain('Sending a check-in now to everyone');
    const occurrence = await nowOccurrence(fdb.db);
    const total = await memberCount(fdb.db, workspace);
    expect(total).toBe(MEMBERS + 1);

    await fake.waitFor(
      () => fake.callsTo('chat.postMessage').length >= 100,
      60_000,
      '100 messages posted before SIGTERM',
    );
    const before = await deliveriesOf(fdb.db, occurrence);
    const inFlight = before.filter((d) => d.status === 'sending').map((d) => d.id);
    expect(inFlight.length, 'sends in flight when SIGTERM came').toBeGreaterThan(0);
    const stopped = await first.stop(40_000);
    const output = first.output();
    expect(stopped.code, `worker-1 exit; output:\n${tail(output)}`).toBe(0);
    expect(output).toContain('shutting down');
    expect(output).toContain('stopped cleanly');
    expect(output).not.toContain('shutdown took too long');

    // Nothing was left half-sent: every claimed send finished (sent) or went back (pending).
    const atStop = await deliveriesOf(fdb.db, occurrence);
    expect(atStop.filter((d) => d.status === 'sending')).toEqual([]);
    const finished = atStop.filter((d) => inFlight.includes(d.id) && d.status === 'sent');
    const posts = postsPerDelivery(fake);
    // A send that was in flight either finished (posted, marked sent) or went back unsent.
    for (const d of atStop.filter((x) => inFlight.includes(x.id))) {
      expect(d.status === 'sent' ? posts.get(d.id) : (posts.get(d.id) ?? 0), `delivery ${d.id}`).toBe(
        d.status === 'sent' ? 1 : 0,
      );
    }
    expect(finished.length).toBeGreaterThan(0);
    const postedAtStop = posts.size;
    expect(postedAtStop, 'SIGTERM came mid fan-out').toBeLessThan(total);

    const second = await procs.start(options('worker-2', 'worker'));
    const final = await waitForRoundDone(fdb.db, occurrence, total, 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\nworker-2 output:\n${tail(second.output())}`);
    });
    expect(final).toEqual({ sent: total });

    const rows = await deliveriesOf(fdb.db, occurrence);
    const allPosts = postsPerDelivery(fake);
    expect(rows.filter((r) => !allPosts.has(r.id))).toEqual([]);
    const dup = duplicates(allPosts);
    expect(
      dup.extra,
      `duplicate check-ins after a graceful stop: deliveries ${dup.deliveries.join(', ')}`,
    ).toBe(0);
  }, 180_000);
});
