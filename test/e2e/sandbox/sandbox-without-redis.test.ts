/**
 * The sandbox page in headless Chromium when no Redis can be used (REDIS_URL points at a closed loopback port):
 * a plain notice at the top says what is missing and how to fix it, and a command typed in a pane gets a kind
 * reply instead of a page that waits for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFactory } from '../../../adapters/sandbox/index.js';
import { freePort } from '../../helpers/child.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { SandboxPage } from './sandbox-page.js';

let app: TestApp;
let ui: SandboxPage;
let closed: string;

beforeAll(async () => {
  closed = `redis://127.0.0.1:${await freePort()}`;
  app = await startTestApp({
    label: 'sandboxnoredis',
    adapters: [sandboxFactory],
    env: { REDIS_URL: closed },
  });
  ui = await SandboxPage.open(`${app.url}/`);
}, 60_000);
afterAll(async () => {
  await ui?.close();
  await app?.close();
});

describe('sandbox page without Redis', () => {
  it('shows the notice: what is missing, and how to install redis-server or set REDIS_URL', async () => {
    const notice = ui.page.locator('#redis-notice');
    await notice.waitFor({ state: 'visible' });
    await expect(notice.getAttribute('role')).resolves.toBe('alert');
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain("Commands can't run right now");
    expect(text).toContain(`Redis is not answering at ${closed}`);
    expect(text).toContain('sudo apt install redis-server');
    expect(text).toContain('REDIS_URL');
  });

  it('a command typed in a pane gets a kind reply', async () => {
    await ui.say('admin', '/roundtable checkin now to everyone');
    const reply = await ui.waitForLast('admin', /can't do that right now/);
    expect(reply).toContain('Nothing was changed');
  });
});
