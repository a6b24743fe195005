/**
 * The README's peer-support demo over the sandbox's HTTP routes, as the page sends it, on the database the vitest
 * project chooses (PGlite in the `e2e-pglite` project: the quick start's own default). Two leaders join, a round
 * starts, and they write to each other both ways. On PGlite the first relayed message once froze the whole app
 * (the relay held the only connection while sending), so the page and `/readyz` are asked to answer throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFactory } from '../../../adapters/sandbox/index.js';
import type { SandboxMessageView } from '../../../adapters/sandbox/message-store.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../../helpers/wait.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ label: 'sandboxrelay', adapters: [sandboxFactory] });
}, 60_000);
afterAll(async () => {
  await app?.close();
});

function textOf(m: SandboxMessageView): string {
  if (m.body.kind === 'said') return m.body.text;
  if (m.body.kind === 'form') return m.body.form.title;
  return [m.body.message.text, ...m.body.message.blocks.map((b) => ('text' in b ? b.text : ''))].join('\n');
}

/** Answer within a second or fail: a frozen database shows here first. */
async function get(path: string): Promise<Response> {
  return fetch(`${app.url}${path}`, { signal: AbortSignal.timeout(2_000) });
}

async function say(persona: string, text: string): Promise<void> {
  const res = await fetch(`${app.url}/sandbox/say`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona, text }),
    signal: AbortSignal.timeout(5_000),
  });
  expect(res.status).toBe(200);
}

async function messages(persona: string): Promise<string[]> {
  const res = await get(`/sandbox/state`);
  const state = (await res.json()) as { messages: SandboxMessageView[] };
  return state.messages.filter((m) => m.persona === persona && m.author === 'bot').map(textOf);
}

async function waitForText(persona: string, pattern: RegExp): Promise<string> {
  return waitFor(`${persona} to get ${pattern}`, async () =>
    (await messages(persona)).find((t) => pattern.test(t)),
  );
}

describe(`peer support in the sandbox (${process.env.ROUNDTABLE_TEST_DB ?? 'postgres'})`, () => {
  const pseudonym: Record<string, string> = {};

  it('two leaders join and a round starts: each gets an intro under a pseudonym', async () => {
    for (const leader of ['morgan', 'jordan']) await say(leader, '/roundtable pairing join');
    await say('admin', '/roundtable pairing now');
    for (const leader of ['morgan', 'jordan']) {
      const intro = await waitForText(leader, /You have been paired with/);
      const match = /To them, you are (.+?)\./.exec(intro);
      expect(match).not.toBeNull();
      pseudonym[leader] = match![1]!.split(' ').at(-1)!;
    }
  });

  it('a message goes each way, and the page and /readyz keep answering', async () => {
    await say('morgan', 'Hello from Morgan. How are the budgets?');
    expect((await get('/readyz')).status).toBe(200);
    await waitForText(
      'jordan',
      new RegExp(`${pseudonym.morgan}: Hello from Morgan\\. How are the budgets\\?`),
    );
    await say('jordan', 'Tight, but we are managing.');
    await waitForText('morgan', new RegExp(`${pseudonym.jordan}: Tight, but we are managing\\.`));
    await say('morgan', 'Good to hear.');
    await waitForText('jordan', new RegExp(`${pseudonym.morgan}: Good to hear\\.`));
    expect((await get('/readyz')).status).toBe(200);
    expect((await get('/sandbox/state')).status).toBe(200);
    expect(app.logs.text()).not.toContain('something holds its only connection');
  });
});
