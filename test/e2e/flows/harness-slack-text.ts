/** Reading Block Kit the way a person sees it: the visible text of a message, its inputs and its buttons. */

/** The parts of a Block Kit block the flows read. */
export interface SlackBlock {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  label?: { text: string };
  elements?: {
    type: string;
    text?: string | { text: string };
    action_id?: string;
    value?: string;
  }[];
  element?: {
    type: string;
    action_id?: string;
    options?: { text: { text: string }; value: string }[];
  };
}

function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The visible text of a Slack message (summary text, sections, contexts, input labels, option and button labels),
 * one piece per line, with Slack's `&amp;`/`&lt;`/`&gt;` escapes undone. Accepts a posted message or a list of
 * blocks (`updated` of a DM).
 */
export function slackText(
  message: { text?: string; blocks?: SlackBlock[]; updated?: SlackBlock[] } | SlackBlock[] | undefined,
): string {
  if (!message) return '';
  const blocks = Array.isArray(message) ? message : (message.blocks ?? []);
  const lines: string[] = [];
  if (!Array.isArray(message) && message.text) lines.push(message.text);
  for (const b of blocks) {
    if (b.text?.text) lines.push(b.text.text);
    if (b.label?.text) lines.push(b.label.text);
    for (const o of b.element?.options ?? []) lines.push(o.text.text);
    for (const e of b.elements ?? []) {
      if (typeof e.text === 'string') lines.push(e.text);
      else if (e.text?.text) lines.push(e.text.text);
    }
  }
  return unescapeSlack(lines.join('\n'));
}
