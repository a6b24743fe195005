/**
 * A Slack message's text as the person wrote it: link markup replaced by what it shows, `:shortcode:` emoji as
 * Unicode (Slack's own set, iamcal's, from `emojibase-data`), and Slack's three entities (`&amp;`, `&lt;`,
 * `&gt;`) decoded exactly once. Mention markup (`<@U…>`, `<#C…>`, `<!here>`) is left for the core's
 * neutraliser, which makes mentions inert the same way for every platform. Nothing of Slack goes further.
 */
import iamcal from 'emojibase-data/en/shortcodes/iamcal.json' with { type: 'json' };

const SHORTCODES: ReadonlyMap<string, string> = buildShortcodes(iamcal as Record<string, string | string[]>);

function buildShortcodes(table: Record<string, string | string[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [hexcode, codes] of Object.entries(table)) {
    const emoji = String.fromCodePoint(...hexcode.split('-').map((h) => Number.parseInt(h, 16)));
    for (const code of Array.isArray(codes) ? codes : [codes]) map.set(code, emoji);
  }
  return map;
}

// Slack's skin tones follow the emoji as their own shortcode.
const SKIN_TONES: Record<string, string> = {
  'skin-tone-2': '\u{1F3FB}',
  'skin-tone-3': '\u{1F3FC}',
  'skin-tone-4': '\u{1F3FD}',
  'skin-tone-5': '\u{1F3FE}',
  'skin-tone-6': '\u{1F3FF}',
};

/** `<https://x|label>`, `<https://x>`, `<mailto:a@b|a@b>`: the label, or the address. */
const LINK_MARKUP = /<((?:https?|ftp|mailto|tel):[^>|]*)(?:\|([^>]*))?>/gi;

/** Shortcodes Slack sends for emoji: letters, digits, `_`, `+`, `-`. */
const SHORTCODE = /:([a-z0-9_+-]+):/gi;

/**
 * Plain text from a Slack message's `text`.
 * @param text the `text` of a `message` event (personal text: never log it).
 */
export function slackPlainText(text: string): string {
  const unlinked = text.replace(LINK_MARKUP, (_m, url: string, label?: string) =>
    label?.trim() ? label : url.replace(/^mailto:/i, ''),
  );
  const emoji = unlinked.replace(SHORTCODE, (m, code: string) => {
    const lower = code.toLowerCase();
    return SKIN_TONES[lower] ?? SHORTCODES.get(lower) ?? m;
  });
  // Once, and `&amp;` last, so `&amp;lt;` (a person typing "&lt;") stays "&lt;".
  return emoji.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
