/**
 * Drives the sandbox page in headless Chromium, as a person with a keyboard would. Personas are addressed by their
 * sandbox id ('admin', 'sam', 'priya', 'morgan', 'jordan'). Extend flows with `say`, `click`, `lastMessage`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** How long to wait for something to appear on the page (the app answers in well under this). */
const WAIT_MS = 15_000;

/** True when this element has the keyboard focus. */
export async function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

export class SandboxPage {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly profileDir: string,
  ) {}

  /** Launch Chromium with an empty profile and open the sandbox at `url`. */
  static async open(url: string, viewport = { width: 1600, height: 1000 }): Promise<SandboxPage> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not at ${CHROMIUM}: run apt-get update && apt-get install -y chromium`);
    }
    const profileDir = mkdtempSync(join(tmpdir(), 'rt-chromium-'));
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      chromiumSandbox: false,
      viewport,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(url);
    await page.locator('section.pane').nth(4).waitFor();
    return new SandboxPage(page, context, profileDir);
  }

  pane(persona: string): Locator {
    return this.page.locator(`section.pane[data-persona="${persona}"]`);
  }

  messages(persona: string): Locator {
    return this.pane(persona).locator('li.msg');
  }

  /** Type a line into a persona's composer with the keyboard and press Enter; waits for it to show. */
  async say(persona: string, text: string): Promise<void> {
    const before = await this.messages(persona).count();
    const input = this.pane(persona).getByRole('textbox', { name: /^Message as / });
    await input.focus();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.messages(persona).nth(before).waitFor();
  }

  /** Click the last button with this label in a persona's pane. */
  async click(persona: string, label: string | RegExp): Promise<void> {
    await this.pane(persona).getByRole('button', { name: label }).last().click();
  }

  /** Press a button with the keyboard: focus it, then Enter. */
  async press(persona: string, label: string | RegExp): Promise<void> {
    await this.pane(persona).getByRole('button', { name: label }).last().focus();
    await this.page.keyboard.press('Enter');
  }

  /** True when the last message in a persona's pane is in view in its list (the list shows its latest). */
  async lastMessageInView(persona: string): Promise<boolean> {
    const list = await this.pane(persona).locator('ol.messages').boundingBox();
    const last = await this.messages(persona).last().boundingBox();
    if (!list || !last) return false;
    return last.y + last.height <= list.y + list.height + 1 && last.y + last.height > list.y;
  }

  /** The text of the last message in a persona's pane. */
  async lastMessage(persona: string): Promise<string> {
    return (await this.messages(persona).last().textContent()) ?? '';
  }

  /** Wait until the last message in a persona's pane matches, and return its text. */
  async waitForLast(persona: string, match: RegExp): Promise<string> {
    const last = this.messages(persona).last();
    await last.filter({ hasText: match }).waitFor();
    return (await last.textContent()) ?? '';
  }

  /**
   * Wait (bounded) until some message in a persona's pane matches, e.g. a direct message a job worker sends, and
   * return that message.
   */
  async waitForMessage(persona: string, match: RegExp): Promise<Locator> {
    const found = this.messages(persona).filter({ hasText: match }).last();
    await found.waitFor();
    return found;
  }

  /**
   * Press Tab from the top of the page until the focus comes round again, and describe each stop: its role and
   * accessible name as the DOM gives them ("textbox: Message as Sam", "button: Send", ...).
   */
  async tabOrder(limit = 400): Promise<string[]> {
    // Start where a keyboard user starts: the first focusable thing on the page, the skip link.
    await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.locator('a[href]').first().focus();
    const start = await this.page.evaluate(describeFocus);
    const stops = [start.text];
    for (let i = 0; i < limit; i++) {
      await this.page.keyboard.press('Tab');
      const stop = await this.page.evaluate(describeFocus);
      if (stop.key === start.key) break;
      // Past the last control the focus leaves the page (to the browser) before it comes round again.
      if (stop.key !== 'body') stops.push(stop.text);
    }
    return stops;
  }

  /**
   * An axe-like sanity check of the DOM: every form control has a label, every button and link a name, every
   * group of radios a legend, and ids are unique. Returns one line per problem (empty when all is well).
   */
  async accessibilityProblems(): Promise<string[]> {
    return this.page.evaluate(findAccessibilityProblems);
  }

  /** Save a screenshot of the whole page. */
  async screenshot(path: string): Promise<void> {
    mkdirSync(join(path, '..'), { recursive: true });
    await this.page.screenshot({ path, fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}

/** Runs in the page: the focused element's identity and a "role: name" description. */
function describeFocus(): { key: string; text: string } {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return { key: 'body', text: 'body' };
  if (!el.dataset.tabKey) el.dataset.tabKey = String(Math.random());
  const tag = el.tagName.toLowerCase();
  const type = el.getAttribute('type') ?? '';
  const implicit: Record<string, string> = {
    button: 'button',
    a: 'link',
    ol: 'list',
    ul: 'list',
    textarea: 'textbox',
    input: type === 'text' ? 'textbox' : type,
  };
  const role = el.getAttribute('role') ?? implicit[tag] ?? tag;
  const labelled = el.getAttribute('aria-labelledby');
  const name =
    el.getAttribute('aria-label') ??
    (labelled ? document.getElementById(labelled)?.textContent : undefined) ??
    (el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : undefined) ??
    el.textContent ??
    '';
  return { key: el.dataset.tabKey, text: `${role}: ${name.trim().replace(/\s+/g, ' ')}` };
}

/** Runs in the page: what an accessibility checker would flag first. */
function findAccessibilityProblems(): string[] {
  const problems: string[] = [];
  const describe = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
      el.closest('section.pane') ? ` in ${el.closest('section.pane')?.getAttribute('data-persona')}` : ''
    }`;
  const textOf = (id: string | null) =>
    (id ?? '')
      .split(/\s+/)
      .map((part) => document.getElementById(part)?.textContent ?? '')
      .join(' ')
      .trim();
  for (const control of Array.from(document.querySelectorAll('input, textarea, select'))) {
    if ((control as HTMLInputElement).type === 'hidden') continue;
    const label =
      control.getAttribute('aria-label')?.trim() ||
      textOf(control.getAttribute('aria-labelledby')) ||
      Array.from((control as HTMLInputElement).labels ?? [])
        .map((l) => l.textContent ?? '')
        .join(' ')
        .trim();
    if (!label) problems.push(`${describe(control)} has no label`);
  }
  for (const button of Array.from(document.querySelectorAll('button, [role="button"]'))) {
    const name =
      button.getAttribute('aria-label')?.trim() ||
      textOf(button.getAttribute('aria-labelledby')) ||
      button.textContent?.trim();
    if (!name) problems.push(`${describe(button)} has no accessible name`);
  }
  for (const link of Array.from(document.querySelectorAll('a[href]'))) {
    if (!(link.getAttribute('aria-label')?.trim() || link.textContent?.trim()))
      problems.push(`${describe(link)} has no accessible name`);
  }
  for (const radio of Array.from(document.querySelectorAll('input[type="radio"]'))) {
    const legend = radio.closest('fieldset')?.querySelector('legend')?.textContent?.trim();
    if (!legend) problems.push(`${describe(radio)} is not in a fieldset with a legend`);
  }
  for (const region of Array.from(document.querySelectorAll('[aria-labelledby]'))) {
    if (!textOf(region.getAttribute('aria-labelledby')))
      problems.push(`${describe(region)} is labelled by an element that is missing or empty`);
  }
  const seen = new Set<string>();
  for (const node of Array.from(document.querySelectorAll('[id]'))) {
    if (seen.has(node.id)) problems.push(`id ${node.id} is used more than once`);
    seen.add(node.id);
  }
  if (!document.documentElement.lang) problems.push('the page has no language');
  if (!document.title.trim()) problems.push('the page has no title');
  return problems;
}
