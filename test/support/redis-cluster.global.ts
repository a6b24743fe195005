/**
 * Global set-up of the `cluster` test project: a Redis Cluster of this run's own (three masters, no replicas, on
 * free loopback ports, nothing kept on disk), as a managed clustered Redis would be. The shared Redis is never
 * touched. Tests find it through `inject('redisClusterUrl')` (see test/helpers/redis.ts).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ephemeralRedisArgs } from '../../src/dev/redis-starter.js';
import { freePort } from '../helpers/child.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisClusterUrl: string;
  }
}

const MASTERS = 3;

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-cluster-'));
  const ports: number[] = [];
  for (let i = 0; i < MASTERS; i++) ports.push(await freePort());
  const children: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      [
        ...ephemeralRedisArgs(port, dir),
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
      ],
      { stdio: 'ignore' },
    ),
  );
  const stop = () => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await until(() => cli(port, 'ping') === 'PONG', `redis-server on ${port}`);
    execFileSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { stdio: 'ignore', timeout: 30_000 },
    );
    for (const port of ports) {
      await until(
        () => cli(port, 'cluster', 'info').includes('cluster_state:ok'),
        `the cluster (node ${port})`,
      );
    }
  } catch (error) {
    stop();
    throw error;
  }
  project.provide('redisClusterUrl', `redis://127.0.0.1:${ports[0]}`);
  return stop;
}

function cli(port: number, ...args: string[]): string {
  try {
    return execFileSync('redis-cli', ['-p', String(port), ...args], {
      encoding: 'utf8',
      timeout: 2_000,
    }).trim();
  } catch {
    return '';
  }
}

/** Poll a local process just started, bounded (it answers within a second or two). */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
