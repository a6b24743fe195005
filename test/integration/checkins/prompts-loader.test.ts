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
    expect(prompts.checkins.prompts.length).toBeGreaterThanOrEqual(50);
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

  it('refuses a missing or unreadable file', () => {
    const dir = copyLibrary();
    writeFileSync(join(dir, 'pairing-starters.json'), '{ not json');
    expect(() => loadPrompts(dir)).toThrow(/pairing-starters\.json/);
  });
});
