/**
 * The two flows the README promises, driven in headless Chromium against the real app with its real BullMQ
 * workers: Ada schedules and sends a check-in, Priya answers it with the keyboard and Ada's report keeps the k rule;
 * Morgan and Jordan join peer support, Ada starts a round, and they write to each other under pseudonyms. Then
 * the page is checked with the keyboard alone and with an axe-like look at its DOM.
 *
 * Direct messages come from job workers, so the test waits for them to appear (bounded Playwright waits), never
 * sleeps. Screenshots go to test-results/ on failure; with SANDBOX_SCREENSHOT=1 the page is saved mid-flow to
 * docs/sandbox.png (1600x900) for the README.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxFactory } from '../../../adapters/sandbox/index.js';
import { CAPACITY_QUESTION } from '../../../src/core/checkins/capacity-scale.js';
import { ROOT } from '../../helpers/child.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { hasFocus, SandboxPage } from './sandbox-page.js';

let app: TestApp;
let ui: SandboxPage;

const PANES = ['admin', 'sam', 'priya', 'morgan', 'jordan', 'kemi', 'lin'] as const;
const NAMES = ['Ada', 'Sam', 'Priya', 'Morgan', 'Jordan'] as const;
const REFLECTION = 'A hard visit this morning, but the team talked it through over lunch.';
/** The check-in's own heading (a bold title in its first section). */
const CHECKIN = /A moment to reflect/;

beforeAll(async () => {
  app = await startTestApp({ label: 'sandboxflow', adapters: [sandboxFactory] });
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
    await ui?.screenshot(`${ROOT}test-results/sandbox-flow-${name}.png`).catch(() => {});
  });
});

/** Fill in a check-in in a pane with the keyboard alone: a point on the scale, then the reflection. */
async function fillCheckin(persona: string, reflection: string): Promise<void> {
  const checkin = ui.messages(persona).filter({ hasText: CHECKIN }).last();
  const scale = checkin.getByRole('group', { name: `${CAPACITY_QUESTION} (optional)`, exact: true });
  // Tab into the group lands on its first radio; Space picks it, the arrow keys move the choice.
  await scale.getByRole('radio').first().focus();
  await ui.page.keyboard.press('Space');
  await ui.page.keyboard.press('ArrowDown');
  await ui.page.keyboard.press('ArrowDown');
  await ui.page.keyboard.press('Tab');
  await ui.page.keyboard.type(reflection);
}

describe('a check-in, end to end', () => {
  it('Ada schedules weekday check-ins and sends one now; the worker delivers it to every pane', async () => {
    await ui.say('admin', '/roundtable checkin schedule every weekday at 09:30 to everyone');
    const scheduled = await ui.waitForLast('admin', /Next times/);
    expect(scheduled).toMatch(/09:30/);

    await ui.say('admin', '/roundtable checkin now to everyone');
    // The reply and the preview (a direct message from a worker) may come in either order.
    await ui.waitForMessage('admin', /Sending a check-in now to everyone/);
    for (const persona of PANES) await ui.waitForMessage(persona, CHECKIN);
  });

  it('Priya answers with the keyboard (scale, typed reflection, Save) and sees the thank-you in place', async () => {
    const checkin = ui.messages('priya').filter({ hasText: CHECKIN }).last();
    const id = await checkin.getAttribute('data-id');
    await fillCheckin('priya', REFLECTION);
    await expect(checkin.getByRole('radio', { name: '3 · Some energy' }).isChecked()).resolves.toBe(true);
    await expect(checkin.getByRole('textbox').inputValue()).resolves.toBe(REFLECTION);

    // On to the tick box (left unticked), then Save, with the keyboard.
    await ui.page.keyboard.press('Tab');
    expect(await hasFocus(checkin.getByRole('checkbox'))).toBe(true);
    await ui.page.keyboard.press('Tab');
    await ui.page.keyboard.press('Enter');

    // The same message turns into the thank-you: no inputs left to answer twice.
    const answered = ui.pane('priya').locator(`li.msg[data-id="${id}"]`);
    await answered.filter({ hasText: 'Thank you for taking a moment to reflect.' }).waitFor();
    expect(await answered.textContent()).toContain('only you can see your words');
    await expect(answered.locator('input, textarea, button').count()).resolves.toBe(0);

    const rows = await app.context.db
      .selectFrom('checkin_answers')
      .select(['scale', 'reflection', 'shared', 'skipped'])
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scale: 3, shared: false, skipped: false });
    expect(rows[0]?.reflection).not.toContain('hard visit'); // encrypted at rest
    // Nobody else sees Priya's words.
    for (const other of PANES.filter((p) => p !== 'priya')) {
      await expect(ui.pane(other).getByText('hard visit').count()).resolves.toBe(0);
    }
  });

  it("a week later, Ada's report shows no figures for a week with fewer than k answers", async () => {
    app.clock.set(new Date('2026-03-09T09:00:00Z'));
    await ui.say('admin', '/roundtable report checkins');
    const report = await ui.waitForLast('admin', /week of 2 Mar 2026/);
    expect(report).toMatch(/Fewer than \d+ answered\./);
    expect(report).not.toMatch(/Some energy|hard visit|Priya/);
  });
});

describe('peer support between two leaders', () => {
  const pseudonym: Record<string, string> = {};
  const partner: Record<string, string> = {};

  it('Morgan and Jordan join, Ada starts a round; each gets an intro with pseudonyms only', async () => {
    for (const leader of ['morgan', 'jordan']) {
      await ui.say(leader, '/roundtable pairing join');
      await ui.waitForLast(leader, /only you can see this/);
    }
    await ui.say('admin', '/roundtable pairing now');
    await ui.waitForLast('admin', /Round started: groups formed for fewer than 5 people/);

    for (const leader of ['morgan', 'jordan']) {
      const intro = await ui.waitForMessage(leader, /You have been paired with/);
      const text = (await intro.textContent()) ?? '';
      const match = /paired with (.+?) for this round of peer support\. To them, you are (.+?)\./.exec(text);
      expect(match).not.toBeNull();
      partner[leader] = match![1]!;
      pseudonym[leader] = match![2]!;
      expect(text).not.toMatch(/Morgan|Jordan|Probation|Health Trust/);
    }
    expect(partner.morgan).toBe(pseudonym.jordan);
    expect(partner.jordan).toBe(pseudonym.morgan);
    expect(pseudonym.morgan).not.toBe(pseudonym.jordan);
  });

  it('a plain message from Morgan reaches Jordan under a pseudonym, and the reply comes back', async () => {
    const short = (full: string) => full.split(' ').at(-1)!;
    await ui.say('morgan', 'Hello. How has your week been? Mine has been full of budget meetings.');
    const relayed = await ui.waitForMessage(
      'jordan',
      // The label is drawn apart from the words (so a line break cannot forge another line).
      new RegExp(`${short(pseudonym.morgan!)}[:\\s]*Hello\\. How has your week been\\?`),
    );
    const seen = (await relayed.textContent()) ?? '';
    expect(seen).not.toContain('Morgan');
    expect(await relayed.locator('.author').textContent()).toBe('Roundtable');

    await ui.say('jordan', 'Busy too. It helps to hear I am not the only one.');
    const reply = await ui.waitForMessage(
      'morgan',
      new RegExp(`${short(pseudonym.jordan!)}[:\\s]*Busy too\\. It helps to hear I am not the only one\\.`),
    );
    expect((await reply.textContent()) ?? '').not.toContain('Jordan');

    // A smaller window keeps both conversations showing their latest message.
    await ui.page.setViewportSize({ width: 1600, height: 900 });
    for (const leader of ['morgan', 'jordan']) {
      await expect.poll(() => ui.lastMessageInView(leader), { timeout: 10_000 }).toBe(true);
    }

    if (process.env.SANDBOX_SCREENSHOT === '1') {
      // Sam is half-way through the check-in, Priya has answered, Morgan and Jordan are talking.
      await fillCheckin('sam', 'Quieter day. Time to write up my notes properly for once.');
      await ui.messages('sam').filter({ hasText: CHECKIN }).last().scrollIntoViewIfNeeded();
      await ui.page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        window.scrollTo(0, 0);
      });
      await ui.page.screenshot({ path: `${ROOT}docs/sandbox.png` });
    }
    await ui.page.setViewportSize({ width: 1600, height: 1000 });
  });
});

describe('the page with the keyboard alone, and its labels', () => {
  it('Tab reaches every pane in order (messages, input, Send) and the buttons in messages; Enter sends', async () => {
    const stops = await ui.tabOrder();
    expect(stops.slice(0, 2)).toEqual(['link: Skip to the chat panes', 'button: Reset sandbox']);
    let at = 0;
    for (const name of NAMES) {
      const input = stops.indexOf(`textbox: Message as ${name}`, at);
      expect(input, `Message as ${name}`).toBeGreaterThan(at);
      expect(stops[input + 1]).toBe('button: Send');
      expect(stops.slice(at, input)).toContain(`list: Messages between ${name} and Roundtable`);
      at = input + 1;
    }
    // Sam's open check-in: one stop for the scale, then the reflection, the tick box and both buttons.
    const samAll = stops.slice(stops.indexOf('list: Messages between Sam and Roundtable'));
    // The first check-in opens with the welcome's two choices (docs/CONSENT.md), reached first.
    expect(samAll.slice(1, 3)).toEqual(['button: Yes, send me check-ins', 'button: Not for me']);
    const sam = [samAll[0], ...samAll.slice(3)];
    expect(sam[1]).toMatch(/^radio: [1-5] · /); // the chosen point, or the first when none is
    expect(sam.slice(2, 6)).toEqual([
      'textbox: Your reflection (only you see it) (optional)',
      'checkbox: Share this reflection anonymously in the learning digest',
      'button: Save',
      'button: Skip this time',
    ]);

    // "This didn't land" follows Save and Skip, as the check-in's last button.
    expect(sam[6]).toBe("button: This didn't land");
    // Enter in a composer sends, after reaching it with Tab from the last button above it.
    await ui.pane('morgan').getByRole('button', { name: "This didn't land" }).last().focus();
    await ui.page.keyboard.press('Tab');
    const composer = ui.pane('morgan').getByRole('textbox', { name: 'Message as Morgan' });
    expect(await hasFocus(composer)).toBe(true);
    await ui.page.keyboard.type('/roundtable help pairing');
    await ui.page.keyboard.press('Enter');
    await ui.waitForLast('morgan', /only you can see this/);
  });

  it('every input has a label, every button and link a name, ids are unique', async () => {
    // The page at its fullest: check-ins, intros, a form card.
    await ui.say('jordan', '/roundtable');
    await ui.pane('jordan').locator('form.card').last().waitFor();
    await expect(ui.page.locator('input[type="radio"]').count()).resolves.toBeGreaterThan(0);
    expect(await ui.accessibilityProblems()).toEqual([]);

    // The check itself catches what it should: an unlabelled field and a nameless button, for a moment.
    await ui.page.evaluate(() => {
      const probe = document.createElement('div');
      probe.id = 'probe';
      probe.append(document.createElement('input'), document.createElement('button'));
      document.body.append(probe);
    });
    expect(await ui.accessibilityProblems()).toEqual(['input has no label', 'button has no accessible name']);
    await ui.page.evaluate(() => document.getElementById('probe')?.remove());
  });
});
