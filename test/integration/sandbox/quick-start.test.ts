/**
 * The quick start as a new person meets it: `npm start` with nothing configured serves the sandbox page, becomes
 * ready, prints the link, and stops cleanly on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, startChild, waitForStatus } from '../../helpers/child.js';
import { testPrefix } from '../../helpers/redis.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rt-quick-'));
const prefix = testPrefix('quick');
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
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
      expect(state.personas).toHaveLength(5);
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
