/**
 * The sandbox page in headless Chromium against the real app: typing commands with the keyboard, buttons, forms,
 * live updates from the server, escaping, and reset. Screenshots go to test-results/ on failure. The check-in and
 * pairing flows (and the README's docs/sandbox.png) are in sandbox-flows.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxFactory } from '../../../adapters/sandbox/index.js';
import { ROOT } from '../../helpers/child.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { SandboxPage } from './sandbox-page.js';

let app: TestApp;
let ui: SandboxPage;

beforeAll(async () => {
  app = await startTestApp({ label: 'sandboxui', adapters: [sandboxFactory] });
  ui = await SandboxPage.open(`${app.url}/`);
}, 60_000);
afterAll(async () => {
  // The browser first: its event stream would otherwise hold the server open while it stops.
  await ui?.close();
  await app?.close();
});
beforeEach((ctx) => {
  ctx.onTestFailed(async () => {
    const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
    await ui?.screenshot(`${ROOT}test-results/sandbox-${name}.png`).catch(() => {});
  });
});

describe('sandbox page', () => {
  it('shows seven people side by side, with labelled composers and live message lists', async () => {
    const titles = await ui.page.locator('section.pane h2').allTextContents();
    expect(titles).toEqual([
      'Ada (admin, Example Council)',
      'Sam (frontline, Example Housing Trust)',
      'Priya (frontline, Sample Outreach Project)',
      'Morgan (senior leader, Demo Probation Service)',
      'Jordan (senior leader, Placeholder Health Trust)',
      'Kemi (frontline, Example Recovery Network)',
      'Lin (community, librarian, Sample Town Library)',
    ]);
    await expect(ui.pane('sam').locator('ol.messages').getAttribute('aria-live')).resolves.toBe('polite');
    await expect(ui.page.getByLabel('Message as Priya').count()).resolves.toBe(1);
    await expect(ui.page.getByRole('button', { name: 'Reset sandbox' }).count()).resolves.toBe(1);
  });

  it('runs /roundtable help typed with the keyboard, and marks the reply private', async () => {
    await ui.say('sam', '/roundtable help');
    const reply = await ui.waitForLast('sam', /only you can see this/);
    expect(reply).toMatch(/roundtable/i);
    // Nobody else's pane shows it.
    await expect(ui.messages('priya').count()).resolves.toBe(0);
  });

  it('clicks a button in a message: the message changes in place', async () => {
    await ui.say('priya', '/roundtable forget me');
    await ui.waitForLast('priya', /Delete all|deletes everything/);
    await ui.click('priya', 'Keep my data');
    await ui.waitForLast('priya', /Nothing was deleted\./);
    await expect(ui.pane('priya').getByRole('button', { name: 'Keep my data' }).count()).resolves.toBe(0);
  });

  it('works with the keyboard alone: a form card with an error, corrected and sent', async () => {
    await ui.say('morgan', '/roundtable');
    const card = ui.pane('morgan').locator('form.card').last();
    await card.waitFor();
    await card.getByLabel(/Time zone/).focus();
    await ui.page.keyboard.type('Mars/Olympus');
    await ui.press('morgan', 'Save');
    await card.locator('.error').waitFor();
    expect(await card.locator('.error').textContent()).toContain('not a time zone I know');
    // The focus went to the field in error; fix it and send again with the keyboard.
    await ui.page.keyboard.press('ControlOrMeta+A');
    await ui.page.keyboard.type('Europe/Paris');
    await ui.press('morgan', 'Save');
    await ui.waitForLast('morgan', /Your settings are saved\./);
    await expect(ui.pane('morgan').locator('form.card').count()).resolves.toBe(0);
  });

  it('shows what the bot sends from the server live, with attachments as download links', async () => {
    await app.context.platforms
      .messenger('sandbox')
      .sendDirect(
        { workspaceId: 'sandbox', userId: 'jordan' },
        { text: 'A session', blocks: [{ type: 'section', title: 'Session', text: 'See the invite.' }] },
        [
          {
            filename: 'session.ics',
            contentType: 'text/calendar',
            content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
          },
        ],
      );
    await ui.waitForLast('jordan', /See the invite\./);
    const link = ui.messages('jordan').last().getByRole('link', { name: 'Download session.ics' });
    expect(await link.getAttribute('href')).toMatch(/^\/sandbox\/files\/\d+\/0$/);
  });

  it('shows what people type as text, never as markup', async () => {
    await ui.say('sam', '<img src=x onerror="document.title=1"> hello');
    await ui.messages('sam').filter({ hasText: 'hello' }).first().waitFor();
    await expect(ui.pane('sam').locator('img').count()).resolves.toBe(0);
    expect(await ui.messages('sam').filter({ hasText: '<img src=x' }).count()).toBeGreaterThan(0);
  });

  it('reset empties every pane after asking', async () => {
    ui.page.once('dialog', (dialog) => void dialog.accept());
    await ui.page.getByRole('button', { name: 'Reset sandbox' }).click();
    await ui.page.getByRole('status').filter({ hasText: 'The sandbox was reset.' }).waitFor();
    await expect(ui.page.locator('li.msg').count()).resolves.toBe(0);
    await ui.say('sam', '/roundtable help');
    await ui.waitForLast('sam', /only you can see this/);
  });
});
