/** The pure part of co-production: suggestion checks, the panel's accept through the library's rules, and the
 * library one workspace's rotation sees. */
import { describe, expect, it } from 'vitest';
import {
  findPrompt,
  findSendablePrompt,
  ownPrompt,
  suggestionProblems,
  workspaceLibrary,
} from '../../../src/core/checkins/index.js';
import { prompts } from '../../../src/prompts-loader.js';

describe('suggestionProblems', () => {
  it('accepts a question the library would accept', () => {
    expect(suggestionProblems('What is one thing that helped you feel settled lately?')).toEqual([]);
  });

  it('refuses what the library refuses, in words for a person', () => {
    expect(suggestionProblems('Why?')[0]).toContain('a little short');
    expect(suggestionProblems(`${'a'.repeat(201)}?`)[0]).toContain('longer than 200');
    expect(suggestionProblems('Describe the incident that upset you most?').join(' ')).toContain(
      'the incident',
    );
    expect(suggestionProblems('What went well for you lately!').join(' ')).toContain('question mark');
  });
});

describe('ownPrompt', () => {
  it('defaults to every band, Rolfe "what?", light and shareable', () => {
    const r = ownPrompt('ws-abcde', 'What is one thing that helped you feel settled lately?', {
      themes: ['wellbeing'],
    });
    expect(r.ok && r.value).toMatchObject({
      id: 'ws-abcde',
      model: 'rolfe',
      stage: 'what',
      weight: 'light',
      shareable: true,
      bands: ['frontline', 'manager', 'leader', 'community', 'lived-experience'],
    });
  });

  it('marks a question about people supported, never shareable, and holds it to the "If..." rule', () => {
    const text = 'Was there a moment lately when someone you support surprised you in a good way?';
    const refused = ownPrompt('ws-abcde', text, { themes: ['relationships'] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.join(' ')).toContain('start with "If..."');
    const frontline = ownPrompt('ws-abcde', text, {
      themes: ['relationships'],
      bands: ['frontline', 'manager'],
    });
    expect(frontline.ok && frontline.value).toMatchObject({ aboutPeopleSupported: true, shareable: false });
  });

  it('one band only: never shareable; a stage of another model or no theme: refused', () => {
    const one = ownPrompt('ws-abcde', 'What has helped your team think together lately?', {
      themes: ['teamwork'],
      bands: ['manager'],
    });
    expect(one.ok && one.value.shareable).toBe(false);
    expect(ownPrompt('ws-abcde', 'What has helped you lately?', {}).ok).toBe(false);
    const stage = ownPrompt('ws-abcde', 'What has helped your team think together lately?', {
      themes: ['teamwork'],
      model: 'gibbs',
      stage: 'what',
    });
    expect(stage.ok).toBe(false);
  });
});

describe('workspaceLibrary', () => {
  it('adds the own prompts, leaves the paused out of rotation but findable', () => {
    const base = prompts().checkins;
    const own = ownPrompt('ws-abcde', 'What is one thing that helped you feel settled lately?', {
      themes: ['wellbeing'],
    });
    if (!own.ok) throw new Error(own.errors.join());
    const lib = workspaceLibrary(base, [own.value], new Set(['habit-to-keep']));
    expect(findSendablePrompt(lib, 'ws-abcde')).toBeDefined();
    expect(findSendablePrompt(lib, 'habit-to-keep')).toBeUndefined();
    expect(findPrompt(lib, 'habit-to-keep')?.text).toBeDefined();
    expect(lib.prompts).toHaveLength(base.prompts.length);
    expect(workspaceLibrary(base, [], new Set())).toBe(base);
  });
});
