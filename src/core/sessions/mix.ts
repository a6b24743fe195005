/**
 * The mix of roles in a session against its target. A target per band is a share (`40%`) or a count (`2`).
 * A share is of the capacity when the session has one, otherwise of the people going, so an open session
 * is judged by the room it actually has.
 */
import { type Group, LIVED_EXPERIENCE, type MixTarget } from '../commands/command.js';

/** One band's position against its target. */
export interface BandMix {
  /** A band, or `lived-experience`: the people who said they have it, whatever their band. */
  band: Group;
  /** How the admin wrote the target: `40%` or `2`. */
  targetText: string;
  /** People of this band wanted in the room. */
  target: number;
  going: number;
  /** People still wanted (0 when the target is met). */
  shortfall: number;
}

export interface MixEvaluation {
  /** Everyone going, whatever their band (including people with no band set). */
  totalGoing: number;
  /** Places left, or null when the session has no capacity. */
  placesLeft: number | null;
  bands: BandMix[];
  /** The bands below their target, in the order the admin wrote them. */
  under: BandMix[];
}

/**
 * Compare the people going (counted by the band recorded with each RSVP) with the target.
 * @param goingByBand counts of people going per band (each person once); people with no band may be under any
 *   other key.
 * @param livedExperienceGoing people going who said they have lived experience (also counted in their band):
 *   what a `lived-experience` target is measured against.
 */
export function evaluateMix(input: {
  mix: readonly MixTarget[];
  capacity: number | null;
  goingByBand: Readonly<Record<string, number>>;
  livedExperienceGoing?: number;
}): MixEvaluation {
  const totalGoing = Object.values(input.goingByBand).reduce((sum, n) => sum + n, 0);
  const base = input.capacity ?? Math.max(totalGoing, 1);
  const bands = input.mix.map((m): BandMix => {
    const going =
      m.band === LIVED_EXPERIENCE ? (input.livedExperienceGoing ?? 0) : (input.goingByBand[m.band] ?? 0);
    const target =
      m.count !== undefined ? m.count : Math.max(1, Math.ceil(((m.percent ?? 0) * base) / 100 - 1e-9));
    return {
      band: m.band,
      targetText: m.count !== undefined ? String(m.count) : `${m.percent ?? 0}%`,
      target,
      going,
      shortfall: Math.max(0, target - going),
    };
  });
  const placesLeft = input.capacity === null ? null : Math.max(0, input.capacity - totalGoing);
  return { totalGoing, placesLeft, bands, under: bands.filter((b) => b.shortfall > 0) };
}

/**
 * How many people of each under-target band to invite: up to `limit` per band, never more than there are
 * people who could be asked, and none when the session is already full (an invitation to a waitlist is not a
 * welcome).
 */
export function invitationsPerBand(
  evaluation: MixEvaluation,
  candidates: Readonly<Record<string, number>>,
  limit: number,
): Array<{ band: Group; count: number }> {
  if (evaluation.placesLeft === 0) return evaluation.under.map((b) => ({ band: b.band, count: 0 }));
  return evaluation.under.map((b) => ({
    band: b.band,
    count: Math.max(0, Math.min(limit, candidates[b.band] ?? 0)),
  }));
}
