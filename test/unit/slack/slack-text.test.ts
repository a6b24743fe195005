/**
 * Relayed text carries nothing of Slack: entities decoded exactly once, shortcodes as Unicode, link markup as
 * what it shows. Mention markup is left for the core's neutraliser.
 */
import { describe, expect, it } from 'vitest';
import { slackPlainText } from '../../../adapters/slack/slack-text.js';

describe('slackPlainText', () => {
  it.each([
    ['Fish &amp; chips', 'Fish & chips'],
    ['a &lt;b&gt; c', 'a <b> c'],
    // Someone who typed "&lt;" literally: Slack sends "&amp;lt;", and it stays "&lt;" (decoded once, not twice).
    ['&amp;lt;', '&lt;'],
    ['well done :tada: :+1:', 'well done 🎉 👍'],
    [':wave::skin-tone-3:', '👋🏼'],
    ['a custom :partyparrot-north: stays', 'a custom :partyparrot-north: stays'],
    ['see <https://example.org/x|the page>', 'see the page'],
    ['see <https://example.org/x>', 'see https://example.org/x'],
    ['<mailto:jo@example.org|jo@example.org>', 'jo@example.org'],
    ['hi <@U123|ada> and <!here>', 'hi <@U123|ada> and <!here>'],
    ['ratio 3:2:1', 'ratio 3:2:1'],
  ])('%j → %j', (input, expected) => {
    expect(slackPlainText(input)).toBe(expected);
  });
});
