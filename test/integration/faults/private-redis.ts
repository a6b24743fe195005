/**
 * A `redis-server` of one test's own on a free port, that the test can stop and start again (same port, nothing
 * kept on disk: a restart comes back empty, as a Redis that lost its data). The shared Redis is never touched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { ephemeralRedisArgs, redisAnswers } from '../../../src/dev/redis-starter.js';
import { freePort } from '../../helpers/child.js';

export class PrivateRedis {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Start (again) on the same port; resolves once it answers PING. */
  async start(): Promise<void> {
    if (this.child) throw new Error('private redis is already running');
    // Nothing is kept on disk, so the folder is only where redis-server would write if told to.
    const child = spawn('redis-server', ephemeralRedisArgs(this.port, tmpdir()), {
      stdio: 'ignore',
      detached: true,
    });
    this.child = child;
    this.exited = new Promise((done) => {
      child.once('exit', () => done());
      child.once('error', () => done());
    });
    const deadline = Date.now() + 10_000;
    while (!(await redisAnswers(this.url, 500))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await this.stop();
        throw new Error(`redis-server did not start on port ${this.port}`);
      }
      // Polling the server just started, bounded by the deadline.
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stop it (SIGTERM, then SIGKILL after 5 s) and wait for the exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}
