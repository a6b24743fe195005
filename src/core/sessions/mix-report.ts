/**
 * `session mix <id>` for admins: people per band against the target, and which bands a nudge would go to —
 * never names, and every count through the disclosure rule (`src/core/anonymity/disclosure.ts`): k, rounded
 * to 5. No count of who a nudge would invite: that number falls when one person says "not this time" or
 * pauses, so two reads around it would show what they did. The bands a nudge goes to depend only on who is
 * going against the target.
 *
 * Lived experience is a person's own private word, not a band: a `lived-experience` target's line says whether
 * it is met, and a nudge names it, only when at least k of the people going said they have it. Below k the line
 * says neither: "met" beside a room of three the admin can see would tell them one of the three has it.
 */
import { countWords, discloseCount, roundingNote } from '../anonymity/disclosure.js';
import type { ChartRow, SmallChart } from '../charts/bar-chart.js';
import { effectiveK } from '../checkins/k-rule.js';
import { LIVED_EXPERIENCE } from '../commands/command.js';
import type { Message } from '../messages/message.js';
import type { MixEvaluation } from './mix.js';

function bandName(band: string): string {
  return band === 'none' ? 'role not set' : band;
}

export interface MixReportInput {
  id: number;
  title: string;
  evaluation: MixEvaluation;
  /** Going per band (all bands, including ones without a target). */
  goingByBand: Readonly<Record<string, number>>;
  waitlisted: number;
  /** The bands under target a nudge now would invite people from (empty when none would go). */
  nudgeBands: readonly string[];
  k: number;
}

/**
 * The small chart of `session mix`: one row per band with a target, people going through the rule (a band under
 * k has no bar), and the target as a marker only where the words show it as a number of people (a percentage
 * of an open session's people would give the exact count away). Undefined when the session has no target.
 */
export function mixChart(input: MixReportInput): SmallChart | undefined {
  const { evaluation } = input;
  const k = effectiveK(input.k);
  if (evaluation.bands.length === 0) return undefined;
  const capacitySet = evaluation.placesLeft !== null;
  const drawn = evaluation.bands.map((b) => {
    const going = discloseCount(b.going, k);
    const target = !b.targetText.endsWith('%') || capacitySet ? b.target : undefined;
    return { b, going, target };
  });
  const max = Math.max(
    1,
    ...drawn.map((d) => (d.going.shown ? d.going.value : 0)),
    ...drawn.map((d) => d.target ?? 0),
  );
  const rows: ChartRow[] = drawn.map(({ b, going, target }): ChartRow => {
    const targetWords = target !== undefined ? `target ${target}` : `target ${b.targetText}`;
    if (b.going === 0) return { label: b.band, kind: 'none', words: `nobody going · ${targetWords}` };
    if (!going.shown) return { label: b.band, kind: 'suppressed' };
    return {
      label: b.band,
      kind: 'shown',
      value: going.value,
      max,
      words: `about ${going.value} · ${targetWords}`,
      ...(target !== undefined ? { target } : {}),
    };
  });
  return {
    title: `Session ${input.id}: people going by role, against the target`,
    rows,
    note: `Red line: the target. Rounded to the nearest 5; fewer than ${k} people: not shown.`,
    k,
  };
}

export function mixReportMessage(input: MixReportInput): Message {
  const { evaluation, k } = input;
  const people = (n: number) => countWords(discloseCount(n, k), k);
  const hidden = (b: { band: string; going: number }) =>
    b.band === LIVED_EXPERIENCE && !discloseCount(b.going, k).shown;
  // Places left are shown to everyone in the menu already, so they add nothing here.
  const places = evaluation.placesLeft !== null ? ` (${evaluation.placesLeft} places left)` : '';
  // A share of an open session is of the people going: its number would give the exact count away.
  const capacitySet = evaluation.placesLeft !== null;
  const lines = [
    `Session ${input.id}: ${input.title}`,
    `Going: ${evaluation.totalGoing === 0 ? 'nobody yet' : people(evaluation.totalGoing)}${places}; waitlist: ${input.waitlisted === 0 ? 'nobody' : people(input.waitlisted)}`,
  ];
  if (evaluation.bands.length === 0) {
    lines.push('No mix target was set for this session.');
  } else {
    lines.push('Against the target:');
    for (const b of evaluation.bands) {
      if (hidden(b)) {
        lines.push(
          `- ${b.band}: ${people(b.going)} going, target ${b.targetText}; whether it is met is shown only from ${effectiveK(k)} people, to keep lived experience private`,
        );
        continue;
      }
      lines.push(
        `- ${b.band}: ${b.going === 0 ? 'nobody' : people(b.going)} going, target ${b.targetText}${b.targetText.endsWith('%') && capacitySet ? ` (${b.target})` : ''}${b.shortfall > 0 ? ', under target' : ', met'}`,
      );
    }
  }
  const others = Object.entries(input.goingByBand).filter(
    ([band, n]) => n > 0 && !evaluation.bands.some((b) => b.band === band),
  );
  if (others.length > 0) {
    lines.push(`Also going: ${others.map(([band, n]) => `${bandName(band)} ${people(n)}`).join(', ')}`);
  }
  const someHidden = evaluation.bands.some(hidden);
  const nudgeBands = input.nudgeBands.filter(
    (band) => !evaluation.bands.some((b) => b.band === band && hidden(b)),
  );
  lines.push(
    nudgeBands.length > 0
      ? `A nudge now would invite people from: ${nudgeBands.join(', ')}`
      : someHidden
        ? 'A nudge now would invite nobody by role.'
        : 'A nudge now would invite nobody.',
  );
  // Said whether or not that target is met, so it tells nothing about who is going.
  if (someHidden)
    lines.push(
      'While the lived-experience target is not met, a nudge also invites people who said they have it, privately.',
    );
  const text = lines.join('\n');
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'context', text: roundingNote(k) },
    ],
  };
}
