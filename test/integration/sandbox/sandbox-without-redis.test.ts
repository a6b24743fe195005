/**
 * The sandbox with no Redis to use: REDIS_URL points at a closed loopback port, so nothing answers and no private
 * redis-server is started (an explicit REDIS_URL turns that off). The page's state says what is missing and how to
 * fix it, commands answer at once that they can't run right now and change nothing, and nothing hangs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFactory } from '../../../adapters/sandbox/index.js';
import type { SandboxMessageView } from '../../../adapters/sandbox/message-store.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { freePort } from '../../helpers/child.js';
import { waitFor } from '../../helpers/wait.js';

let app: TestApp;
let closed: string;

/** Every request here must answer well inside this; a hang fails the test instead of stalling it. */
const BOUND_MS = 5_000;

beforeAll(async () => {
  closed = `redis://127.0.0.1:${await freePort()}`;
  app = await startTestApp({ label: 'sbxnoredis', adapters: [sandboxFactory], env: { REDIS_URL: closed } });
}, 60_000);
afterAll(async () => {
  await app?.close();
}, 30_000);

async function get(path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${app.url}${path}`, { signal: AbortSignal.timeout(BOUND_MS) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(BOUND_MS),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

function textOf(m: SandboxMessageView): string {
  if (m.body.kind === 'said') return m.body.text;
  if (m.body.kind === 'form') return m.body.form.title;
  return m.body.message.text;
}

describe('the sandbox when Redis is not there', () => {
  it('the page state says what is missing and how to fix it', async () => {
    const state = await get('/sandbox/state');
    expect(state.redis).toMatchObject({ ok: false });
    const notice = state.redis as { missing: string; fix: string };
    expect(notice.missing).toContain(`Redis is not answering at ${closed}`);
    expect(notice.missing).toContain('REDIS_URL');
    expect(notice.fix).toContain('sudo apt install redis-server');
    expect(notice.fix).toContain('brew install redis');
    expect(`${notice.missing} ${notice.fix}`).not.toContain('!');
    // The page has the place the notice goes.
    const page = await (await fetch(`${app.url}/`, { signal: AbortSignal.timeout(BOUND_MS) })).text();
    expect(page).toContain('id="redis-notice"');
  });

  it('a command answers kindly at once that it cannot run now, and changes nothing', async () => {
    const body = await post('/sandbox/say', {
      persona: 'admin',
      text: '/roundtable checkin now to everyone',
    });
    const shown = body.messages as SandboxMessageView[];
    expect(shown.map((m) => m.author)).toEqual(['person', 'bot']);
    const reply = textOf(shown[1]!);
    expect(reply).toContain("I can't do that right now");
    expect(reply).toContain('Nothing was changed');
    expect(reply).not.toContain('!');
    const occurrences = await app.db.selectFrom('occurrences').select('id').execute();
    expect(occurrences).toEqual([]);
  });

  it('so does a direct message, and the page still answers afterwards', async () => {
    const body = await post('/sandbox/say', { persona: 'morgan', text: 'Hello, is anyone there?' });
    const shown = body.messages as SandboxMessageView[];
    expect(textOf(shown.at(-1)!)).toContain("I can't do that right now");
    await waitFor(
      'the state to answer',
      async () => ((await get('/sandbox/state')).redis as { ok: boolean }).ok === false,
    );
    // Readiness says why, without waiting.
    const ready = await fetch(`${app.url}/readyz`, { signal: AbortSignal.timeout(BOUND_MS) });
    expect(ready.status).toBe(503);
  });
});
