/** The co-production grammar (issue 17): `suggest`, `panel`, and the prompt panel's `prompts` commands. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/core/commands/index.js';

describe('suggest', () => {
  it('keeps a quoted question as written', () => {
    expect(parseCommand('suggest "What helps you rest after a long day?"')).toEqual({
      kind: 'suggest',
      text: 'What helps you rest after a long day?',
    });
  });

  it('asks for the question when none is given', () => {
    const r = parseCommand('suggest');
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message).toContain('your question');
  });
});

describe('panel', () => {
  it('adds, removes and lists by real mention only', () => {
    expect(parseCommand('panel add <@U1|sam>')).toEqual({
      kind: 'panel.add',
      user: { userId: 'U1', name: 'sam' },
    });
    expect(parseCommand('panel remove <@U1>')).toMatchObject({
      kind: 'panel.remove',
      user: { userId: 'U1' },
    });
    expect(parseCommand('panel list')).toEqual({ kind: 'panel.list' });
    expect(parseCommand('panel add sam').kind).toBe('error');
  });
});

describe('prompts', () => {
  it('reads accept with its tags, in any order, commas or spaces', () => {
    expect(
      parseCommand(
        'prompts accept k7p2q themes teamwork, relationships bands frontline manager weight heavy',
      ),
    ).toEqual({
      kind: 'prompts.accept',
      id: 'k7p2q',
      tags: { themes: ['teamwork', 'relationships'], bands: ['frontline', 'manager'], weight: 'heavy' },
    });
    expect(parseCommand('prompts accept k7p2q model gibbs stage feelings themes wellbeing')).toMatchObject({
      tags: { model: 'gibbs', stage: 'feelings', themes: ['wellbeing'] },
    });
  });

  it('refuses a stage that is not of the model, an unknown theme, and a tag given twice', () => {
    const stage = parseCommand('prompts accept k7p2q model rolfe stage feelings');
    expect(stage.kind === 'error' && stage.message).toContain('stage of rolfe');
    const theme = parseCommand('prompts accept k7p2q themes welbeing');
    expect(theme.kind === 'error' && theme.suggestion).toBe('wellbeing');
    const twice = parseCommand('prompts accept k7p2q weight light weight heavy');
    expect(twice.kind === 'error' && twice.message).toContain('twice');
  });

  it('reads edit (new wording in quotes), decline with or without a reason, restore, review and changes', () => {
    expect(parseCommand('prompts edit k7p2q "What helps you rest lately?" themes rest')).toEqual({
      kind: 'prompts.edit',
      id: 'k7p2q',
      text: 'What helps you rest lately?',
      tags: { themes: ['rest'] },
    });
    expect(parseCommand('prompts edit k7p2q themes rest').kind).toBe('error');
    expect(parseCommand('prompts decline k7p2q')).toEqual({ kind: 'prompts.decline', id: 'k7p2q' });
    expect(parseCommand('prompts decline k7p2q "We ask this already"')).toEqual({
      kind: 'prompts.decline',
      id: 'k7p2q',
      reason: 'We ask this already',
    });
    expect(parseCommand('prompts restore habit-to-keep')).toEqual({
      kind: 'prompts.restore',
      promptId: 'habit-to-keep',
    });
    expect(parseCommand('prompts share ws-k7p2q')).toEqual({ kind: 'prompts.share', promptId: 'ws-k7p2q' });
    expect(parseCommand('prompts review')).toEqual({ kind: 'prompts.review' });
    expect(parseCommand('prompts changes')).toEqual({ kind: 'prompts.changes' });
    const typo = parseCommand('prompts reveiw');
    expect(typo.kind === 'error' && typo.suggestion).toBe('review');
  });
});
