/** The prompt library is read and validated at start; an invalid library stops the app from starting. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPromptsDir, loadPrompts, PromptsError } from '../../../src/prompts-loader.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function copyLibrary(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rt-prompts-'));
  dirs.push(dir);
  cpSync(defaultPromptsDir(), dir, { recursive: true });
  return dir;
}

describe('loadPrompts', () => {
  it('loads the shipped library', () => {
    const prompts = loadPrompts();
    expect(prompts.checkins.prompts.length).toBeGreaterThanOrEqual(150);
    // Retired prompts are not sendable but still known, so history rows and records resolve.
    expect(prompts.checkins.prompts.some((p) => p.id === 'changes-in-the-area')).toBe(false);
    expect(prompts.checkins.retired?.map((p) => p.id)).toContain('changes-in-the-area');
    expect(prompts.pairingStarters.length).toBeGreaterThan(0);
    expect(prompts.sessionReflections.length).toBeGreaterThan(0);
  });

  it('refuses a library with a harmful or malformed prompt, naming it', () => {
    const dir = copyLibrary();
    const file = join(dir, 'checkins.json');
    const list = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    list[0] = { ...list[0], text: 'Tell us about your trauma.' };
    writeFileSync(file, JSON.stringify(list));
    expect(() => loadPrompts(dir)).toThrow(PromptsError);
    try {
      loadPrompts(dir);
    } catch (error) {
      const problems = (error as PromptsError).problems.join('\n');
      expect(problems).toContain(String(list[0]!.id));
      expect(problems).toMatch(/question mark/);
    }
  });

  it('refuses at start a library that breaks the sharing rules or the counts, naming the problem', () => {
    const dir = copyLibrary();
    const file = join(dir, 'checkins.json');
    const list = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    const singleBand = list.findIndex((p) => String(p.bands) === 'leader' && !p.retired);
    list[singleBand] = { ...list[singleBand], shareable: true };
    const withoutCommunity = list.filter(
      (p) => !((p.bands as string[]).includes('community') && (p.bands as string[]).length < 5),
    );
    writeFileSync(file, JSON.stringify(withoutCommunity));
    try {
      loadPrompts(dir);
      expect.unreachable('an invalid library must stop the start');
    } catch (error) {
      expect(error).toBeInstanceOf(PromptsError);
      const problems = (error as PromptsError).problems.join('\n');
      expect(problems).toContain(
        `"${String(list[singleBand]!.id)}": a prompt only one band gets is never shareable`,
      );
      expect(problems).toContain('band "community" has 0 prompts written for it');
    }
  });

  it('refuses a missing or unreadable file', () => {
    const dir = copyLibrary();
    writeFileSync(join(dir, 'pairing-starters.json'), '{ not json');
    expect(() => loadPrompts(dir)).toThrow(/pairing-starters\.json/);
  });
});
