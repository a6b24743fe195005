/**
 * A `lived-experience` mix target counts the people going who said they have it (whatever their band), and the
 * admin's `session mix` says whether it is met only from k of them.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/clock.js';
import { mixReportMessage } from '../../../src/core/sessions/mix-report.js';
import { evaluateMix, selectNudges } from '../../../src/core/sessions/index.js';

const report = (livedExperienceGoing: number) => {
  const goingByBand = { leader: 2, frontline: 6 };
  const evaluation = evaluateMix({
    mix: [
      { band: 'lived-experience', count: 1 },
      { band: 'frontline', count: 2 },
    ],
    capacity: 20,
    goingByBand,
    livedExperienceGoing,
  });
  return {
    evaluation,
    text: mixReportMessage({
      id: 1,
      title: 'Co-production',
      evaluation,
      goingByBand,
      waitlisted: 0,
      nudgeBands: evaluation.under.map((b) => b.band),
      k: 5,
    }).text,
  };
};

describe('a lived-experience mix target', () => {
  it('counts people with the attribute, not a band, and does not add them to the total twice', () => {
    const { evaluation } = report(1);
    expect(evaluation.totalGoing).toBe(8);
    expect(evaluation.bands[0]).toMatchObject({ band: 'lived-experience', going: 1, shortfall: 0 });
  });

  it.each([0, 1, 4])(
    'with %i going who have it, says neither "met" nor "under target" nor names it in a nudge',
    (n) => {
      const { text } = report(n);
      const line = text.split('\n').find((l) => l.startsWith('- lived-experience'))!;
      expect(line).toContain('fewer than 5 going');
      expect(line).not.toMatch(/, met|under target/);
      expect(text).not.toMatch(/invite people from: .*lived-experience/);
      // The same words whether the target is met (1 or 4) or not (0): nothing to subtract.
      expect(text).toBe(report(0).text);
    },
  );

  it('from k people, shows the rounded count and whether it is met', () => {
    expect(report(5).text).toContain('- lived-experience: about 5 going, target 1, met');
  });

  it('invites a person listed for their band and for lived experience at most once', () => {
    const random = seededRandom(1);
    const picked = selectNudges(
      [
        { memberId: 'a', band: 'leader' },
        { memberId: 'a', band: 'lived-experience' },
        { memberId: 'b', band: 'lived-experience' },
      ],
      [
        { band: 'leader', count: 1 },
        { band: 'lived-experience', count: 2 },
      ],
      () => random.next(),
    );
    expect(picked.map((p) => p.memberId).sort()).toEqual(['a', 'b']);
  });
});
