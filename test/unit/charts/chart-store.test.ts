import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ManualClock, seededRandom } from '../../../src/clock.js';
import { createChartStore } from '../../../src/services/charts/chart-store.js';

describe('chart store without Redis', () => {
  it('publishes nothing (the report goes without its picture) and opens nothing', async () => {
    // Never connected: the state a web process is in while Redis is down.
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false });
    const store = createChartStore({
      redis,
      prefix: 'test',
      dataKey: Buffer.alloc(32, 1),
      clock: new ManualClock(new Date('2026-12-03T10:00:00Z')),
      random: seededRandom(1),
      publicUrl: 'https://roundtable.example.org',
    });
    expect(
      await store.publish('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'),
    ).toBeUndefined();
    expect(await store.open('AAAAAAAAAAAAAAAAAAAAAAAA', '9999999999', 'x'.repeat(43))).toBeUndefined();
    redis.disconnect();
  });
});
