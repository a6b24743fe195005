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
