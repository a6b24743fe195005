/**
 * The real entry point in production: without `DATABASE_URL` or `PUBLIC_URL` it does not start on the embedded
 * database or with localhost links; it exits 2 with one plain line for each, before touching any data.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, run, TSX } from '../../helpers/child.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('production start', () => {
  it('exits 2 with one line each for a missing DATABASE_URL and PUBLIC_URL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-prod-'));
    dirs.push(dataDir);
    const result = await run(
      TSX,
      ['src/main.ts'],
      cleanEnv({
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      }),
    );
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^DATABASE_URL is required when NODE_ENV=production: the embedded database is for/,
    );
    expect(lines[1]).toMatch(/^PUBLIC_URL is required when NODE_ENV=production/);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    // Nothing was created: no embedded database, no generated key.
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
