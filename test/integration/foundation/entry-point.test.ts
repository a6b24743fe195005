/**
 * The real entry point as a child process: bad configuration exits 2 with plain lines; `npm start` with
 * nothing configured becomes ready and stops cleanly on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, run, startChild, TSX, waitForStatus } from '../../helpers/child.js';
import { testPrefix } from '../../helpers/redis.js';

const dirs: string[] = [];
const prefixes: Array<ReturnType<typeof testPrefix>> = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const p of prefixes) await p.cleanup();
});

describe('entry point', () => {
  it('exits 2 with one plain line per bad variable and no stack trace', async () => {
    const result = await run(
      TSX,
      ['src/main.ts'],
      cleanEnv({
        PORT: 'eighty',
        REDIS_URL: 'localhost',
        LOG_LEVEL: 'loud',
        ROUNDTABLE_ROLE: 'both',
        DATA_ENCRYPTION_KEY: 'short',
        TEAMS_APP_TYPE: 'Personal',
      }),
    );
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^PORT must be a number .*for example PORT=3000/);
    expect(result.stderr).toMatch(/^REDIS_URL must be a URL starting with redis:/m);
    expect(result.stderr).toMatch(/^LOG_LEVEL must be one of/m);
    expect(result.stderr).toMatch(/^ROUNDTABLE_ROLE must be all, web or worker/m);
    expect(result.stderr).toMatch(/^DATA_ENCRYPTION_KEY must be 32 bytes/m);
    expect(result.stderr).toMatch(/^TEAMS_APP_TYPE must be/m);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('refuses unauthenticated Teams in production with exit 2', async () => {
    const result = await run(
      TSX,
      ['src/main.ts'],
      cleanEnv({
        NODE_ENV: 'production',
        TEAMS_ALLOW_UNAUTHENTICATED: 'true',
        DATA_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
        PUBLIC_URL: 'https://roundtable.example.org',
      }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^TEAMS_ALLOW_UNAUTHENTICATED=true needs NODE_ENV=development or NODE_ENV=test set explicitly \(got "production"\)/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('unauthenticated Teams is never honoured by default: with NODE_ENV unset the start refuses with one line and exit 2', async () => {
    const env = cleanEnv({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    delete env.NODE_ENV;
    const result = await run(TSX, ['src/main.ts'], env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^TEAMS_ALLOW_UNAUTHENTICATED=true needs NODE_ENV=development or NODE_ENV=test set explicitly \(it is not set\)/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('npm start with nothing configured becomes ready, then stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-start-'));
    dirs.push(dataDir);
    const port = await freePort();
    const prefix = testPrefix('start');
    prefixes.push(prefix);
    // Nothing configured but where to listen, where to keep data, and a queue prefix of this test's own.
    const { child, exited, output } = startChild(
      'npm',
      ['start', '--silent'],
      cleanEnv({ PORT: String(port), DATA_DIR: dataDir, QUEUE_PREFIX: prefix.prefix }),
    );
    try {
      const ready = await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 90_000);
      expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok', redis: 'ok' });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      // No METRICS_TOKEN: /metrics is not served at all.
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(404);
      expect(await metrics.text()).not.toContain('roundtable_');
    } finally {
      // SIGTERM to the whole process group, as a container runtime or a terminal does (npm itself does not
      // pass signals on to the script).
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
    expect(output()).toContain('shutting down');
    expect(output()).toContain('stopped cleanly');
    expect(output()).not.toContain('shutdown took too long');
  }, 120_000);
});
