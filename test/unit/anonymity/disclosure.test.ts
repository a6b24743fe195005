/**
 * The disclosure rule's promises, as properties (fast-check): k counts distinct people, so one person with any
 * number of deliveries or answers is never shown; and adding or removing one person's answer never changes a
 * shown figure by exactly their value, so two reads around one person's change cannot be subtracted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ROUNDING_BASE,
  discloseCells,
  discloseCount,
  discloseDistribution,
  disclosePeople,
  roundCount,
} from '../../../src/core/anonymity/disclosure.js';
import {
  type CheckinDeliveryRow,
  figuresToFreeze,
  summariseWeek,
  weekFromDeliveries,
} from '../../../src/core/checkins/index.js';

const SCALE = [1, 2, 3, 4, 5] as const;
const k = fc.integer({ min: -2, max: 25 });
const scale = fc.constantFrom(...SCALE);

/** A week of deliveries: people p0..p(n-1), each with some deliveries and maybe answers. */
const deliveries = fc.array(
  fc.record({
    person: fc.integer({ min: 0, max: 30 }).map((i) => `p${i}`),
    answered: fc.boolean(),
    scale: fc.option(scale, { nil: null }),
    answeredAt: fc.option(
      fc.integer({ min: 0, max: 7 * 86_400_000 }).map((ms) => new Date(Date.UTC(2026, 2, 2) + ms)),
      { nil: null },
    ),
  }),
  { maxLength: 80 },
);

function shownFigures(rows: readonly CheckinDeliveryRow[], kk: number): number[] | null {
  const summary = summariseWeek(figuresToFreeze(weekFromDeliveries('2026-W10', rows), kk), kk);
  if (!summary.shown) return null;
  return [summary.invited, summary.answered, ...(summary.scale ?? []).map((s) => s.count)];
}

describe('the disclosure rule', () => {
  it('never shows one member, whatever their number of deliveries or answers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        k,
        fc.array(scale, { maxLength: 200 }),
        (n, kk, values) => {
          expect(
            disclosePeople(
              Array.from({ length: n }, () => 'only-me'),
              kk,
            ).shown,
          ).toBe(false);
          const entries = values.map((value) => ({ person: 'only-me', value }));
          expect(discloseDistribution(entries, SCALE, kk)).toBeNull();
          const rows: CheckinDeliveryRow[] = Array.from({ length: n }, (_, i) => ({
            person: 'only-me',
            answered: true,
            scale: values[i % Math.max(1, values.length)] ?? 3,
            answeredAt: new Date(Date.UTC(2026, 2, 2, 0, i)),
          }));
          expect(shownFigures(rows, kk)).toBeNull();
          // And what would be frozen for that week holds no figure at all.
          const frozen = figuresToFreeze(weekFromDeliveries('2026-W10', rows), kk);
          expect(frozen).toMatchObject({ suppressed: true, invited: 0, answered: 0, scale: [] });
        },
      ),
    );
  });

  it('shows nothing over fewer than k distinct people, and never uses a k below 3', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), k, (people, kk) => {
        const shown = discloseCount(people, kk).shown;
        expect(shown).toBe(people >= Math.max(3, Math.ceil(kk)));
      }),
    );
  });

  it('counts a person once however many rows they have', () => {
    fc.assert(
      fc.property(deliveries, k, (rows, kk) => {
        const doubled = [...rows, ...rows.map((r) => ({ ...r, answeredAt: r.answeredAt && new Date(0) }))];
        const once = weekFromDeliveries('2026-W10', rows);
        const twice = weekFromDeliveries('2026-W10', doubled);
        expect(twice.invited).toBe(once.invited);
        expect(twice.answered).toBe(once.answered);
        expect(twice.scale.length).toBe(once.scale.length);
        expect(shownFigures(doubled, kk) === null).toBe(shownFigures(rows, kk) === null);
      }),
    );
  });

  it('never changes a shown count by exactly one person when one person is added or removed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), k, (n, kk) => {
        const before = discloseCount(n, kk);
        const after = discloseCount(n + 1, kk);
        if (before.shown && after.shown) {
          expect(Math.abs(after.value - before.value)).not.toBe(1);
          expect((after.value - before.value) % ROUNDING_BASE).toBe(0);
        }
      }),
    );
  });

  it("never changes a shown figure of a week by exactly one person's answer", () => {
    fc.assert(
      fc.property(deliveries, scale, fc.boolean(), k, (rows, value, answered, kk) => {
        // Someone new: one delivery, answered with `value` (or not answered).
        const extra: CheckinDeliveryRow = {
          person: 'newcomer',
          answered,
          scale: answered ? value : null,
          answeredAt: answered ? new Date(Date.UTC(2026, 2, 8)) : null,
        };
        const without = shownFigures(rows, kk);
        const withThem = shownFigures([...rows, extra], kk);
        if (!without || !withThem || without.length !== withThem.length) return;
        for (let i = 0; i < without.length; i++) {
          expect(Math.abs(withThem[i]! - without[i]!)).not.toBe(1);
        }
      }),
    );
  });

  it('rounds every shown cell, and shows a table only over at least k people', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 5, maxLength: 5 }),
        k,
        (counts, kk) => {
          const cells = discloseCells(
            counts.map((count, i) => ({ value: i + 1, count })),
            kk,
          );
          const total = counts.reduce((a, b) => a + b, 0);
          if (total < Math.max(3, Math.ceil(kk))) expect(cells).toBeNull();
          else for (const c of cells!) expect(c.count % ROUNDING_BASE).toBe(0);
        },
      ),
    );
  });

  it('rounds to the nearest 5, and a positive count never to 0', () => {
    expect([0, 1, 2, 3, 4, 5, 7, 8, 12, 13].map(roundCount)).toEqual([0, 5, 5, 5, 5, 5, 5, 10, 10, 15]);
  });

  it('charts the latest scale answer of each person in the week', () => {
    const at = (d: number) => new Date(Date.UTC(2026, 2, d));
    const week = weekFromDeliveries('2026-W10', [
      { person: 'a', answered: true, scale: 1, answeredAt: at(2) },
      { person: 'a', answered: true, scale: 5, answeredAt: at(4) },
      { person: 'a', answered: true, scale: 2, answeredAt: at(3) },
      { person: 'b', answered: false, scale: null, answeredAt: null },
      { person: 'b', answered: true, scale: 3, answeredAt: at(2) },
    ]);
    expect(week).toEqual({ isoWeek: '2026-W10', invited: 2, answered: 2, scale: [5, 3] });
  });
});
