/**
 * `pairing status` and the pool line of `status`: every figure through the disclosure rule, and "did this
 * help?" only per ended round, frozen once its week for answers has passed.
 */
import { countWords, discloseCount } from '../../core/anonymity/disclosure.js';
import { effectiveK } from '../../core/checkins/index.js';
import { type Message, withPicture } from '../../core/messages/message.js';
import {
  pairingChart,
  pairingStatusMessage,
  type RoundRatings,
} from '../../core/pairing/pairing-messages.js';
import { publishChart } from '../charts/publish.js';
import type { ServiceContext } from '../context.js';
import type { Executor } from '../../../db/schema.js';
import { poolHeadcount } from '../../store/pairing-pool.repository.js';
import {
  endedRounds,
  freezeRoundFigures,
  frozenRoundFigures,
  poolStats,
  roundRatingTotals,
} from '../../store/pairing-round.repository.js';

/** Answers to "did this help?" may come for a week after a round ends; only then are its figures frozen. */
export const RATING_WINDOW_MS = 7 * 86_400_000;

const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * The ratings lines: the newest ended round whose week for answers has passed (frozen the first time it is
 * read: under k only the flag is kept), and a newer ended round still inside its week, if there is one.
 */
export async function roundRatings(
  db: Executor,
  poolKey: string,
  k: number,
  now: Date,
): Promise<RoundRatings[]> {
  const rounds = await endedRounds(db, poolKey, 10);
  const out: RoundRatings[] = [];
  const waiting = rounds.find((r) => now.getTime() - r.endedAt.getTime() < RATING_WINDOW_MS);
  const closed = rounds.find((r) => now.getTime() - r.endedAt.getTime() >= RATING_WINDOW_MS);
  if (closed) {
    const figures = await frozenRating(db, closed.id, k, now);
    out.push({ round: closed.number, kind: 'frozen', raters: figures.raters, sum: figures.ratingSum });
  }
  if (waiting && (!closed || waiting.number > closed.number)) {
    out.push({ round: waiting.number, kind: 'waiting', shownFrom: ratingsShownFrom(waiting.endedAt) });
  }
  return out;
}

/**
 * An ended round's "did this help?" figures once its week for answers has passed: frozen the first time they are
 * read, and under k only the flag is kept (the same figures for `pairing status` and `report export`).
 */
export async function frozenRating(
  db: Executor,
  roundId: string,
  k: number,
  now: Date,
): Promise<{ raters: number; ratingSum: number }> {
  const frozen = await frozenRoundFigures(db, roundId);
  if (frozen) return frozen;
  const live = await roundRatingTotals(db, roundId);
  const enough = live.raters >= effectiveK(k);
  return freezeRoundFigures(
    db,
    roundId,
    enough
      ? { suppressed: false, raters: live.raters, ratingSum: live.sum }
      : { suppressed: true, raters: 0, ratingSum: 0 },
    now,
  );
}

/** When an ended round's answers may be shown: a week after it ended, as a date. */
export function ratingsShownFrom(endedAt: Date): string {
  return DAY.format(new Date(endedAt.getTime() + RATING_WINDOW_MS));
}

/** The `pairing status` message. */
export async function pairingStatus(
  ctx: Pick<ServiceContext, 'charts'>,
  db: Executor,
  poolKey: string,
  k: number,
  now: Date,
): Promise<Message> {
  const stats = {
    ...(await poolStats(db, poolKey)),
    poolSize: await poolHeadcount(db, poolKey),
    ratings: await roundRatings(db, poolKey, k, now),
    k,
  };
  return withPicture(pairingStatusMessage(stats), await publishChart(ctx, pairingChart(stats)));
}

/** The pool line of `status`. */
export async function poolStatusLine(db: Executor, poolKey: string, k: number): Promise<string> {
  const people = discloseCount(await poolHeadcount(db, poolKey), k);
  return `Peer support pool: ${countWords(people, k)} people`;
}
