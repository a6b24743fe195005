/**
 * `.env` is read at start: `npm start` and `npm run migrate`, run the way an operator runs them in a folder that
 * holds a `.env` (copied from `.env.example`), pick its values up; a variable set in the environment wins.
 * The folder links to this checkout's code, so npm treats it as the package and runs its scripts there.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, ROOT, type Run, startChild, waitForStatus } from '../../helpers/child.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres.js';
import { REDIS_URL, testPrefix } from '../../helpers/redis.js';

const dirs: string[] = [];
const prefixes: Array<ReturnType<typeof testPrefix>> = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const p of prefixes) await p.cleanup();
  for (const db of databases) await db.drop();
});

/** A folder that npm sees as Roundtable (its files linked from this checkout), with the given `.env`. */
function deployFolder(dotenv: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-dotenv-'));
  dirs.push(dir);
  for (const name of ['package.json', 'node_modules', 'src', 'adapters', 'db', 'prompts', 'tsconfig.json']) {
    symlinkSync(join(ROOT, name), join(dir, name));
  }
  writeFileSync(join(dir, '.env'), dotenv);
  return dir;
}

/** Run an npm script in `cwd` to completion (bounded). */
function npm(cwd: string, args: string[], env: Record<string, string>): Promise<Run> {
  const { child, exited } = startChild('npm', args, env, cwd);
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 90_000);
  return exited.finally(() => clearTimeout(timer));
}

describe('.env', () => {
  it('the start and migrate scripts read it, and tolerate its absence', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.start).toContain('--env-file-if-exists=.env');
    expect(scripts.migrate).toContain('--env-file-if-exists=.env');
  });

  it('npm start picks up PORT and ROUNDTABLE_ROLE from .env; the environment wins over it', async () => {
    const port = await freePort();
    const prefix = testPrefix('dotenv');
    prefixes.push(prefix);
    const dir = deployFolder(
      [
        '# Copied from .env.example and edited',
        `PORT=${port}`,
        'ROUNDTABLE_ROLE=web',
        'LOG_LEVEL=silent',
        `QUEUE_PREFIX=${prefix.prefix}`,
        '',
      ].join('\n'),
    );
    // LOG_LEVEL in the environment beats the file's `silent`, so the start-up lines can be read.
    const { child, exited, output } = startChild(
      'npm',
      ['start', '--silent'],
      cleanEnv({ LOG_LEVEL: 'info', REDIS_URL }),
      dir,
    );
    try {
      const ready = await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 90_000);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
      expect(output()).toMatch(/"role":"web".*Roundtable is listening/);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
    expect(output()).toContain('stopped cleanly');
  }, 120_000);

  it('npm run migrate reads DATABASE_URL from .env', async () => {
    const database = await createTestDatabase('dotenv');
    databases.push(database);
    const dir = deployFolder(`DATABASE_URL=${database.url}\n`);
    const result = await npm(dir, ['run', 'migrate', '--silent'], cleanEnv({}));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Applied 0001_core, .* on postgres\.$/m);
  }, 120_000);
});
