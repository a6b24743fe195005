/**
 * The workspace budget on real Redis, with an injected clock: a burst goes at once, then one send per interval;
 * a job over budget gets a reserved moment that it spends once, so two jobs never get the same moment and a job
 * parked once is not parked again; a 429's block moves every later moment past it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterSafePrefix, createRedis } from '../../../src/jobs/redis.js';
import { WorkspaceThrottle } from '../../../src/jobs/workspace-throttle.js';
import { testRedis } from '../../helpers/redis.js';

const target = testRedis();
const redis = createRedis(target);
const prefix = clusterSafePrefix(`rt-throttle-${randomBytes(4).toString('hex')}`, target.cluster);
let now = 1_000_000;
const throttle = new WorkspaceThrottle(redis, prefix, () => now);
const budget = { ratePerSecond: 10, burst: 2 }; // one send every 100 ms, two at once

afterAll(async () => {
  await redis.quit();
});

describe('the workspace budget', () => {
  it('lets a burst go at once, then gives each waiting job its own moment, spent once', async () => {
    const ws = 'slack:T1';
    expect(await throttle.take(ws, budget, 'a')).toBe(0);
    expect(await throttle.take(ws, budget, 'b')).toBe(0);
    // Over budget: each gets a later moment of its own, one interval apart.
    const c = await throttle.take(ws, budget, 'c');
    const d = await throttle.take(ws, budget, 'd');
    expect(c).toBe(100);
    expect(d).toBe(200);
    // Asking again before the moment: the same moment, nothing more reserved.
    now += 50;
    expect(await throttle.take(ws, budget, 'c')).toBe(50);
    // At its moment, c sends; asking again later (a retry) reserves anew, after d.
    now += 50;
    expect(await throttle.take(ws, budget, 'c')).toBe(0);
    expect(await throttle.take(ws, budget, 'c')).toBe(200);
    now += 100;
    expect(await throttle.take(ws, budget, 'd')).toBe(0);
  });

  it('a job woken later than one burst after its moment takes a fresh moment, so late jobs do not bunch', async () => {
    const ws = 'slack:T5';
    expect(await throttle.take(ws, budget, 'p')).toBe(0);
    expect(await throttle.take(ws, budget, 'q')).toBe(0);
    expect(await throttle.take(ws, budget, 'r')).toBe(100);
    expect(await throttle.take(ws, budget, 's')).toBe(200);
    // r wakes 150 ms after its moment (within a burst of 200 ms): it sends.
    now += 250;
    expect(await throttle.take(ws, budget, 'r')).toBe(0);
    // s wakes 500 ms after its moment: too late to send with the others; it takes a new moment.
    now += 450;
    expect(await throttle.take(ws, budget, 's')).toBe(0);
    expect(await throttle.take(ws, budget, 't')).toBe(0);
    expect(await throttle.take(ws, budget, 'u')).toBe(100);
  });

  it('without a reservation id, only says how long to wait', async () => {
    const ws = 'slack:T2';
    expect(await throttle.take(ws, budget)).toBe(0);
    expect(await throttle.take(ws, budget)).toBe(0);
    expect(await throttle.take(ws, budget)).toBe(100);
    expect(await throttle.take(ws, budget)).toBe(100);
    now += 100;
    expect(await throttle.take(ws, budget)).toBe(0);
  });

  it('after a block (429, Retry-After), every later moment is past it; other workspaces are untouched', async () => {
    const ws = 'slack:T3';
    await throttle.block(ws, 5_000);
    expect(await throttle.take(ws, budget, 'x')).toBe(5_000 - 100);
    expect(await throttle.take('slack:T4', budget, 'y')).toBe(0);
  });
});
