import { describe, expect, it } from 'vitest';
import {
  containsIdentifier,
  MAX_RELAY_TEXT_LENGTH,
  neutraliseRelayText,
} from '../../../src/core/anonymity/neutralise.js';

const ZWJ = '\u200d';
/** What a reader sees: the text without our invisible joiners. */
const visible = (s: string): string => s.replaceAll(ZWJ, '');

describe('neutraliseRelayText', () => {
  it.each([
    ['@channel', `@${ZWJ}channel`],
    ['hi @here and @everyone', `hi @${ZWJ}here and @${ZWJ}everyone`],
    ['@Channel please', `@${ZWJ}Channel please`],
    ['<!channel>', `@${ZWJ}channel`],
    ['<!here|here> now', `@${ZWJ}here now`],
    ['<!everyone>', `@${ZWJ}everyone`],
    ['<!subteam^S0123|@leaders> hello', `@${ZWJ}leaders hello`],
    ['<!subteam^S0123>', `@${ZWJ}group`],
    ['ask <@U0123ABC>', `ask @${ZWJ}someone`],
    ['ask <@U0123ABC|sam>', `ask @${ZWJ}sam`],
    ['see <#C0123|general>', `see #${ZWJ}general`],
    ['see <#C0123>', `see #${ZWJ}channel`],
    ['<at>Jo Bloggs</at> hi', `@${ZWJ}Jo Bloggs hi`],
    ['<at id="0">Jo</at>', `@${ZWJ}Jo`],
    ['<!date^1392734382^{date}|Feb 18>', 'Feb 18'],
  ])('makes %j inert', (input, expected) => {
    expect(neutraliseRelayText(input)).toBe(expected);
  });

  it('makes links and e-mail addresses inert text, the same for every platform', () => {
    expect(neutraliseRelayText('write to jo@example.org')).toBe('write to jo@example[.]org');
    expect(neutraliseRelayText('see https://evil.example/x?y=1')).toBe('see https[:]//evil[.]example/x?y=1');
    expect(neutraliseRelayText('www.bbc.co.uk/news')).toBe('www[.]bbc[.]co[.]uk/news');
    expect(neutraliseRelayText('nhs.uk has it')).toBe('nhs[.]uk has it');
  });

  it('leaves ordinary text and words starting with a broadcast word alone', () => {
    for (const text of [
      'Thanks, that helped.',
      'e.g. 3.5 points. End.Then',
      '@hereford is lovely',
      'a <b> c',
    ]) {
      expect(neutraliseRelayText(text)).toBe(text);
    }
  });

  it('never lets a platform id through', () => {
    const out = neutraliseRelayText(
      '<@U0SECRET1> <#C0SECRET2|x> <!subteam^S0SECRET3|@t> <!subteam^S0SECRET4>',
    );
    expect(out).not.toMatch(/SECRET/);
  });

  it('leaves no mention pattern that a platform would act on', () => {
    const out = neutraliseRelayText('@channel <!here> <@U1> <at>Jo</at> <at>unclosed');
    expect(out).not.toMatch(/@(channel|here|everyone)\b/i);
    expect(out).not.toMatch(/<[!@#]/);
    expect(out).not.toMatch(/<\/?at\b/i);
    expect(visible(out)).toBe('@channel @here @someone @Jo <at>unclosed');
  });

  it('strips control characters and bidirectional overrides but keeps lines and tabs', () => {
    const input = 'a\u0000b\u0007c\u001bd\u007fe\u0085f\u202eg\u202ah\u2066i\u2069j\r\nk\tl';
    expect(neutraliseRelayText(input)).toBe('abcdefghij\nk\tl');
  });

  it('keeps emoji and other scripts intact', () => {
    const text = 'Diolch 🙏🏽 — شكرا — 👩‍👩‍👧';
    expect(neutraliseRelayText(text)).toBe(text);
  });

  it('caps length with an ellipsis, without splitting characters', () => {
    const long = 'x'.repeat(MAX_RELAY_TEXT_LENGTH + 50);
    const out = neutraliseRelayText(long);
    expect(Array.from(out)).toHaveLength(MAX_RELAY_TEXT_LENGTH);
    expect(out.endsWith('…')).toBe(true);
    const emoji = neutraliseRelayText('🙂'.repeat(20), 10);
    expect(emoji).toBe(`${'🙂'.repeat(9)}…`);
    expect(neutraliseRelayText('short', 10)).toBe('short');
  });
});

describe('containsIdentifier', () => {
  it('finds identifiers case-insensitively', () => {
    expect(containsIdentifier('Hello from Priya Shah', ['priya shah'])).toBe(true);
    expect(containsIdentifier('Hello', ['U0123ABC', 'priya'])).toBe(false);
    expect(containsIdentifier('mail PRIYA@EXAMPLE.ORG', ['priya@example.org'])).toBe(true);
  });

  it('sees through invisible characters and compatibility forms', () => {
    expect(containsIdentifier('P\u200briya', ['Priya'])).toBe(true);
    expect(containsIdentifier('Ｐｒｉｙａ', ['priya'])).toBe(true);
  });

  it('ignores needles shorter than three characters', () => {
    expect(containsIdentifier('we met at the library', ['Al', 'me', '', '  '])).toBe(false);
    expect(containsIdentifier('we met at the library', ['Al', 'lib'])).toBe(true);
  });
});
