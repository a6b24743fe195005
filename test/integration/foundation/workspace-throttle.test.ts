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

  it('reserves moments for many jobs at once, in order; each spends its own, and asking again keeps them', async () => {
    const ws = 'slack:R1';
    now += 10_000;
    // Two go at once (the burst), then one every 100 ms; a job enqueued with a moment spends it when it runs.
    expect(await throttle.reserve(ws, budget, ['j1', 'j2', 'j3', 'j4', 'j5'])).toEqual([0, 0, 100, 200, 300]);
    // A fan-out run twice reserves nothing more for ids that hold a moment.
    expect(await throttle.reserve(ws, budget, ['j3', 'j4', 'j5'])).toEqual([100, 200, 300]);
    // A newcomer comes after them all.
    expect(await throttle.take(ws, budget, 'late')).toBe(400);
    expect(await throttle.take(ws, budget, 'j1')).toBe(0);
    expect(await throttle.take(ws, budget, 'j2')).toBe(0);
    // Woken early: the same moment.
    expect(await throttle.take(ws, budget, 'j3')).toBe(100);
    now += 100;
    expect(await throttle.take(ws, budget, 'j3')).toBe(0);
    // Spent once: a retry of j3 asks afresh, after the newcomer.
    expect(await throttle.take(ws, budget, 'j3')).toBe(400);
    now += 200;
    expect(await throttle.take(ws, budget, 'j4')).toBe(0);
    expect(await throttle.take(ws, budget, 'j5')).toBe(0);
  });

  it('a moment reserved before a block and falling inside it is replaced by one after the block', async () => {
    const ws = 'slack:R2';
    now += 10_000;
    expect(await throttle.reserve(ws, budget, ['k1', 'k2', 'k3', 'k4'])).toEqual([0, 0, 100, 200]);
    expect(await throttle.take(ws, budget, 'k1')).toBe(0);
    // The platform said 429 with Retry-After 1 s: k2 (due now) and k3 (due in 100 ms) fall inside it.
    await throttle.block(ws, 1_000);
    const k2 = await throttle.take(ws, budget, 'k2');
    expect(k2).toBe(1_000);
    now += 100;
    // Not before the block ends either (at its end, the burst of two may go together).
    const k3 = await throttle.take(ws, budget, 'k3');
    expect(k3).toBe(1_000 - 100);
    // k4's moment (200 ms) fell inside the block too; the next fresh moment is one interval later.
    now += 100;
    expect(await throttle.take(ws, budget, 'k4')).toBe(1_000 + 100 - 200);
    // Each new moment is spent on time.
    now += k3;
    expect(await throttle.take(ws, budget, 'k3')).toBe(0);
  });

  it('after a block (429, Retry-After), every later moment is past it; other workspaces are untouched', async () => {
    const ws = 'slack:T3';
    await throttle.block(ws, 5_000);
    // Not a moment before the block ends, even with the burst the quiet time would have refilled.
    expect(await throttle.take(ws, budget, 'x')).toBe(5_000);
    expect(await throttle.take('slack:T4', budget, 'y')).toBe(0);
  });
});
