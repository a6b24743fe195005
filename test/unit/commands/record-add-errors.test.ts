/** `me record add` and `pairing record`: bad input gets a clear, specific message (and the services change nothing). */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/core/commands/index.js';

function errorOf(text: string): string {
  const r = parseCommand(text);
  expect(r.kind, text).toBe('error');
  return r.kind === 'error' ? r.message : '';
}

describe('me record add', () => {
  it('needs a reflection and something to add', () => {
    expect(errorOf('me record add')).toContain('Say which reflection: "last"');
    expect(errorOf('me record add last')).toContain('Say what to add: theme <theme>, changed');
  });
  it('names a reference that is not one', () => {
    expect(errorOf('me record add 12 theme preserve-safety')).toContain('"12" is not a reflection reference');
    expect(errorOf('me record add x1 theme preserve-safety')).toContain('is not a reflection reference');
  });
  it('lists the Code themes when the theme is not one', () => {
    const m = errorOf('me record add last theme kindness');
    expect(m).toContain('"kindness" is not one of the Code\'s themes');
    expect(m).toContain('prioritise-people, practise-effectively, preserve-safety, promote-professionalism');
    expect(errorOf('me record add last theme')).toContain('Choose one of');
  });
  it('needs the change in quotes, not too long, and not twice', () => {
    expect(errorOf('me record add last changed I ask more')).toContain('in quotes');
    expect(errorOf('me record add last changed ""')).toContain('in quotes');
    expect(errorOf(`me record add last changed "${'a'.repeat(2001)}"`)).toContain(
      'the most I can keep is 2000',
    );
    expect(errorOf('me record add last theme preserve-safety theme preserve-safety')).toContain(
      'given twice',
    );
  });
  it('shows the usage of me record add', () => {
    const r = parseCommand('me record add last theme kindness');
    expect(r.kind === 'error' && r.usage).toContain('me record add <ref>|last');
  });
});

describe('pairing record', () => {
  it('needs a theme, of a sensible length', () => {
    expect(errorOf('pairing record')).toContain('what you talked about');
    expect(errorOf('pairing record ""')).toContain('empty');
    expect(errorOf(`pairing record "${'a'.repeat(201)}"`)).toContain('longer than 200 characters');
  });
  it('an answer needs its reference, and only that', () => {
    expect(errorOf('pairing record agree')).toContain('Say which request');
    expect(errorOf('pairing record decline x')).toContain('"x" is not a request reference');
    expect(errorOf('pairing record agree k7pm2qaz now')).toContain('I did not expect "now" there');
  });
});
