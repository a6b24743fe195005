import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/core/commands/index.js';

function tokens(text: string, mentions?: Array<{ text: string; userId: string; name: string }>) {
  const result = tokenize(text, mentions);
  if (!result.ok) throw new Error(result.message);
  return result.tokens.map(({ pos: _pos, ...rest }) => rest);
}

describe('tokenize', () => {
  it('splits words, keeping the text and a lower-case form', () => {
    expect(tokens('Checkin  LIST')).toEqual([
      { type: 'word', text: 'Checkin', lower: 'checkin' },
      { type: 'word', text: 'LIST', lower: 'list' },
    ]);
  });

  it('reads straight and curly quotes, keeping case and spaces inside', () => {
    expect(tokens('"A Title" \u201cAnother One\u201d')).toEqual([
      { type: 'string', text: 'A Title' },
      { type: 'string', text: 'Another One' },
    ]);
  });

  it('makes commas their own tokens', () => {
    expect(tokens('mon,tue , wed').map((t) => t.type)).toEqual(['word', 'comma', 'word', 'comma', 'word']);
  });

  it('reads user and channel markup', () => {
    expect(tokens('<@U1|ada> <@W2> <#C3|general> <#C4>')).toEqual([
      { type: 'user', userId: 'U1', name: 'ada', raw: '<@U1|ada>' },
      { type: 'user', userId: 'W2', name: undefined, raw: '<@W2>' },
      { type: 'channel', channelId: 'C3', name: 'general', raw: '<#C3|general>' },
      { type: 'channel', channelId: 'C4', name: undefined, raw: '<#C4>' },
    ]);
  });

  it('keeps plain @name and #name as name-only references', () => {
    expect(tokens('@ada #general')).toEqual([
      { type: 'user', name: 'ada', raw: '@ada' },
      { type: 'channel', name: 'general', raw: '#general' },
    ]);
  });

  it('resolves <at>Name</at> through the mentions, by text or by name', () => {
    const mentions = [{ text: '<at>Ada Lovelace</at>', userId: '29:1', name: 'Ada Lovelace' }];
    expect(tokens('<at>Ada Lovelace</at>', mentions)).toEqual([
      { type: 'user', userId: '29:1', name: 'Ada Lovelace', raw: '<at>Ada Lovelace</at>' },
    ]);
    expect(tokens('<at>Nobody</at>', mentions)).toEqual([
      { type: 'user', name: 'Nobody', raw: '<at>Nobody</at>' },
    ]);
  });

  it('unwraps links and keeps a lone < as text', () => {
    expect(tokens('<https://x.org/a|x.org> a<b')).toEqual([
      { type: 'word', text: 'https://x.org/a', lower: 'https://x.org/a' },
      { type: 'word', text: 'a<b', lower: 'a<b' },
    ]);
  });

  it('refuses an unterminated quote, naming where it starts', () => {
    const result = tokenize('me org "Shelter');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.word).toBe('"Shelter');
      expect(result.message).toContain('never closed');
    }
  });

  it('does not let escaped entities forge markup', () => {
    expect(tokens('&lt;@U1&gt;')).toEqual([{ type: 'word', text: '<@U1>', lower: '<@u1>' }]);
  });
});
