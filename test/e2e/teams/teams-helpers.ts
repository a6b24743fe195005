/** Shared helpers for the Teams end-to-end tests: read what the bot sent through the fake connector. */
import type { StoredActivity } from '../../fakes/fake-bot-connector.js';

interface CardElement {
  type?: string;
  text?: string;
  items?: CardElement[];
  actions?: { title?: string; data?: Record<string, unknown> }[];
}

/** The visible text of an activity's Adaptive Cards (TextBlocks joined by newlines), markdown escapes undone. */
export function cardText(activity: Record<string, unknown> | StoredActivity): string {
  const body = ('body' in activity && typeof activity.body === 'object' ? activity.body : activity) as {
    text?: string;
    attachments?: { content?: { body?: CardElement[] } }[];
  };
  const lines: string[] = [];
  if (body.text) lines.push(body.text);
  for (const a of body.attachments ?? []) {
    for (const el of a.content?.body ?? []) collect(el, lines);
  }
  return lines.join('\n').replace(/\\(.)/g, '$1');
}

function collect(el: CardElement, lines: string[]): void {
  if (el.type === 'TextBlock' && el.text) lines.push(el.text);
  for (const item of el.items ?? []) collect(item, lines);
}

/** The Action.Submit data objects of an activity's cards. */
export function submitActions(
  activity: StoredActivity,
): { title?: string; data?: Record<string, unknown> }[] {
  const body = activity.body as {
    attachments?: { content?: { body?: CardElement[]; actions?: CardElement['actions'] } }[];
  };
  const out: { title?: string; data?: Record<string, unknown> }[] = [];
  for (const a of body.attachments ?? []) {
    for (const el of a.content?.body ?? []) if (el.type === 'ActionSet') out.push(...(el.actions ?? []));
    out.push(...(a.content?.actions ?? []));
  }
  return out;
}
