/**
 * `session mix <id>` for admins: counts per band against the target, and how many people would be invited by
 * a nudge now — counts only, never names.
 */
import type { Message } from '../messages/message.js';
import type { MixEvaluation } from './mix.js';

export function mixReportMessage(input: {
  id: number;
  title: string;
  evaluation: MixEvaluation;
  /** Going per band (all bands, including ones without a target). */
  goingByBand: Readonly<Record<string, number>>;
  waitlisted: number;
  wouldInvite: ReadonlyArray<{ band: string; count: number }>;
}): Message {
  const { evaluation } = input;
  const lines = [
    `Session ${input.id}: ${input.title}`,
    `Going: ${evaluation.totalGoing}${evaluation.placesLeft !== null ? ` (${evaluation.placesLeft} places left)` : ''}; waitlist: ${input.waitlisted}`,
  ];
  if (evaluation.bands.length === 0) {
    lines.push('No mix target was set for this session.');
  } else {
    lines.push('Against the target:');
    for (const b of evaluation.bands) {
      lines.push(
        `- ${b.band}: ${b.going} going, target ${b.targetText}${b.targetText.endsWith('%') ? ` (${b.target})` : ''}${b.shortfall > 0 ? `, ${b.shortfall} short` : ', met'}`,
      );
    }
  }
  const others = Object.entries(input.goingByBand).filter(
    ([band, n]) => n > 0 && !evaluation.bands.some((b) => b.band === band),
  );
  if (others.length > 0) {
    lines.push(
      `Also going: ${others.map(([band, n]) => `${band === 'none' ? 'role not set' : band} ${n}`).join(', ')}`,
    );
  }
  const invite = input.wouldInvite.filter((w) => w.count > 0);
  lines.push(
    invite.length > 0
      ? `A nudge now would invite: ${invite.map((w) => `${w.count} ${w.band}`).join(', ')}`
      : 'A nudge now would invite nobody.',
  );
  return { text: lines.join('\n'), blocks: [{ type: 'text', text: lines.join('\n') }] };
}
