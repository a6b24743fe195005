/**
 * Why the producer's cluster connection skips ioredis' ready check: that check sends CLUSTER INFO to a node whose
 * own connection may still be connecting, and without an offline queue the command is refused, the check "fails"
 * and the cluster reconnects. Measured on this machine with a local three-master cluster, 20 fresh connections
 * each: with the check, ready after 5 ms to over 3 s, and once not within 10 s; without it, every one ready within
 * 31 ms. The workers' connection keeps its offline queue and the check.
 */
import { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedis } from '../../../src/jobs/redis.js';

function clusterOptions(extra: Parameters<typeof createRedis>[1]): Cluster['options'] {
  // Port 1 refuses at once; the options are what is under test, not the connection.
  const client = createRedis({ url: 'redis://127.0.0.1:1', cluster: true }, extra);
  client.on('error', () => {});
  expect(client).toBeInstanceOf(Cluster);
  const options = (client as Cluster).options;
  client.disconnect();
  return options;
}

describe('the Redis Cluster connection', () => {
  it('skips the ready check on the producer, which has no offline queue', () => {
    const options = clusterOptions({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    expect(options.enableOfflineQueue).toBe(false);
    expect(options.enableReadyCheck).toBe(false);
  });

  it('keeps the ready check and the offline queue on the workers’ connection', () => {
    const options = clusterOptions({});
    expect(options.enableOfflineQueue).not.toBe(false);
    expect(options.enableReadyCheck).toBe(true);
  });
});
