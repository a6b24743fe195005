/**
 * The learning digest: reflections members chose to share, posted to a channel — the feedback loop from the
 * frontline to leaders.
 *
 * Anonymity: nothing is posted unless at least k *different people* shared (k counts people, never rows: one
 * person sharing after five `checkin now` rounds is one sharer), and each person appears at most once per
 * digest — their latest shared reflection of the period; their earlier ones of the same period are not shown.
 * The reflections are shuffled (so order says nothing about who answered when) and carry no names, bands,
 * organisations or times.
 */
import { roundCount } from '../anonymity/disclosure.js';
import type { Block, Message } from '../messages/message.js';
import { REFLECTION_MAX_LENGTH } from './checkin-messages.js';
import { effectiveK } from './k-rule.js';

export const DIGEST_FRAMING = 'What people across the partnership noticed this period, shared anonymously.';

/** Keep the digest inside what every platform accepts in one message (the strictest stops near 13k characters). */
export const DIGEST_MAX_REFLECTIONS = 40;
export const DIGEST_MAX_CHARS = 9000;

/** One shared reflection: who shared it (an opaque id, used only to count people) and the words. */
export interface SharedText {
  person: string;
  text: string;
}

export interface DigestInput {
  /** The shared reflections of the period, oldest first. The person id is never shown, only counted. */
  reflections: readonly SharedText[];
  /** The workspace's k; raised to the product minimum if lower. */
  k: number;
  /** A source of numbers in [0, 1), seeded in tests. */
  random: () => number;
}

/** Fisher–Yates shuffle of a copy. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.max(0, Math.floor(random() * (i + 1))));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function tidy(reflection: string): string {
  const text = reflection.trim();
  return text.length > REFLECTION_MAX_LENGTH
    ? `${text.slice(0, REFLECTION_MAX_LENGTH - 1).trimEnd()}…`
    : text;
}

/** At most one reflection per person: the latest non-empty one each shared (input is oldest first). */
export function onePerPerson(reflections: readonly SharedText[]): string[] {
  const latest = new Map<string, string>();
  for (const r of reflections) {
    const text = tidy(r.text);
    if (text.length > 0) latest.set(r.person, text);
  }
  return [...latest.values()];
}

/**
 * The people whose reflections a digest holds (the same people `onePerPerson` keeps), shuffled, so the list says
 * nothing about who shared when or which reflection is whose.
 */
export function sharersOf(reflections: readonly SharedText[], random: () => number): string[] {
  const people = new Set<string>();
  for (const r of reflections) if (tidy(r.text).length > 0) people.add(r.person);
  return shuffle([...people], random);
}

/**
 * The digest message, or null when fewer than k different people shared (then nothing is posted at all).
 * If more were shared than one message can hold, a random selection is shown and the rest are counted.
 */
export function renderDigest(input: DigestInput): Message | null {
  const k = effectiveK(input.k);
  const shared = onePerPerson(input.reflections);
  if (shared.length < k) return null;

  const blocks: Block[] = [
    { type: 'section', title: 'Learning digest', text: DIGEST_FRAMING },
    { type: 'divider' },
  ];
  let shown = 0;
  let chars = 0;
  for (const reflection of shuffle(shared, input.random)) {
    const quoted = `“${reflection}”`;
    if (shown >= DIGEST_MAX_REFLECTIONS || chars + quoted.length > DIGEST_MAX_CHARS) break;
    blocks.push({ type: 'text', text: quoted });
    shown++;
    chars += quoted.length;
  }
  blocks.push({ type: 'divider' });
  const more = shared.length - shown;
  if (more > 0) {
    blocks.push({
      type: 'context',
      // Rounded like every count of people (src/core/anonymity/disclosure.ts): one reflection per person.
      text: `About ${roundCount(more)} more people shared; this is a random selection.`,
    });
  }
  blocks.push({
    type: 'context',
    text:
      `Shared by people who chose to, without names or times, and posted only when at least ${k} people share. ` +
      'To share yours, tick the box in your next check-in.',
  });
  return { text: `Learning digest: ${DIGEST_FRAMING}`, blocks };
}
