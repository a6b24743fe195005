/**
 * The quick start as a new person meets it: `npm start` with nothing configured serves the sandbox page, becomes
 * ready, prints the link, and stops cleanly on SIGTERM. And the same start with no Redis to use: the page says
 * so and commands answer at once, on the embedded database.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, startChild, waitForStatus } from '../../helpers/child.js';
import { testPrefix } from '../../helpers/redis.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rt-quick-'));
const noRedisDir = mkdtempSync(join(tmpdir(), 'rt-quick-noredis-'));
const prefix = testPrefix('quick');
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(noRedisDir, { recursive: true, force: true });
  await prefix.cleanup();
});

describe('npm start with nothing configured', () => {
  it('serves the sandbox at /, is ready, prints the link, and stops cleanly', async () => {
    const port = await freePort();
    const { child, exited, output } = startChild(
      'npm',
      ['start', '--silent'],
      cleanEnv({ PORT: String(port), DATA_DIR: dataDir, QUEUE_PREFIX: prefix.prefix }),
    );
    try {
      await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 90_000);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Roundtable sandbox');
      const state = (await (await fetch(`http://127.0.0.1:${port}/sandbox/state`)).json()) as {
        personas: unknown[];
      };
      expect(state.personas).toHaveLength(7);
      expect(output()).toContain(`http://localhost:${port}/`);
      expect(output()).toContain('sandbox seeded with fictional people');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
    expect(output()).toContain('stopped cleanly');
    expect(output()).not.toContain('shutdown took too long');
  }, 120_000);
});

describe('the sandbox with no Redis and no redis-server to start', () => {
  it('says so on the page, answers commands at once, and stops cleanly', async () => {
    const port = await freePort();
    const closed = `redis://127.0.0.1:${await freePort()}`;
    // A PATH with node and nothing else, so there is no redis-server to find.
    symlinkSync(process.execPath, join(noRedisDir, 'node'));
    const { child, exited, output } = startChild(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts'],
      cleanEnv({
        PATH: noRedisDir,
        PORT: String(port),
        DATA_DIR: join(noRedisDir, 'data'),
        REDIS_URL: closed,
        QUEUE_PREFIX: prefix.prefix,
      }),
    );
    try {
      await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 90_000);
      const bounded = { signal: AbortSignal.timeout(5_000) };
      const state = (await (await fetch(`http://127.0.0.1:${port}/sandbox/state`, bounded)).json()) as {
        redis: { ok: boolean; missing?: string; fix?: string };
      };
      expect(state.redis.ok).toBe(false);
      expect(state.redis.missing).toContain(`Redis is not answering at ${closed}`);
      expect(state.redis.fix).toContain('sudo apt install redis-server');
      const said = await fetch(`http://127.0.0.1:${port}/sandbox/say`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ persona: 'admin', text: '/roundtable checkin now to everyone' }),
        signal: AbortSignal.timeout(5_000),
      });
      expect(JSON.stringify(await said.json())).toContain("I can't do that right now");
      expect((await fetch(`http://127.0.0.1:${port}/readyz`, bounded)).status).toBe(503);
      expect(output()).not.toContain('started a private redis-server');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
    expect(output()).toContain('stopped cleanly');
  }, 120_000);
});
