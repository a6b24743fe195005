import { describe, expect, it } from 'vitest';
import {
  type CheckinWeekRow,
  isIsoWeek,
  isoWeek,
  isoWeekMonday,
  currentWeek,
  renderCheckinReport,
  scaleChart,
  summariseCheckins,
  summariseWeek,
  wholeWeeksBefore,
} from '../../../src/core/checkins/index.js';
import { allText } from './helpers.js';

function row(isoWeek: string, invited: number, scale: number[], answered = scale.length): CheckinWeekRow {
  return { isoWeek, invited, answered, scale };
}

describe('k suppression', () => {
  it('shows nothing but "fewer than k" when k - 1 answered', () => {
    const summary = summariseWeek(row('2026-W47', 23, [1, 2, 3, 4]), 5);
    expect(summary).toEqual({ isoWeek: '2026-W47', shown: false, reason: 'fewer-than-k' });
    const text = allText(renderCheckinReport({ rows: [row('2026-W47', 23, [1, 2, 3, 4])], k: 5 }));
    expect(text).toContain('Fewer than 5 answered.');
    // Neither the invited count nor the answered count nor any bar may appear.
    expect(text).not.toMatch(/23|Sent to|█|response rate/);
  });

  it('shows the figures and the chart when k answered', () => {
    const summary = summariseWeek(row('2026-W47', 20, [1, 3, 3, 5, 5]), 5);
    expect(summary).toMatchObject({ shown: true, invited: 20, answered: 5, responseRate: 25 });
    if (!summary.shown) throw new Error('expected the week to be shown');
    // Each cell rounded to the nearest 5, a positive one never to 0.
    expect(summary.scale?.map((step) => step.count)).toEqual([5, 0, 5, 0, 5]);
    const text = allText(
      renderCheckinReport({ rows: [row('2026-W47', 22, [1, 3, 3, 5, 5, 5, 5, 5])], k: 5 }),
    );
    expect(text).toContain('Sent to about 20 people · about 10 answered · response rate 50%');
    expect(text).toContain('5 Plenty of energy: ██████████ 5');
    expect(text).toContain('rounded to the nearest 5');
  });

  it('hides the chart when fewer than k chose a point on the scale', () => {
    const summary = summariseWeek(row('2026-W47', 10, [2, 4], 6), 5);
    expect(summary).toMatchObject({ shown: true, answered: 5, scale: null });
    const text = allText(renderCheckinReport({ rows: [row('2026-W47', 10, [2, 4], 6)], k: 5 }));
    expect(text).toContain('Fewer than 5 chose a point on the scale.');
    expect(text).not.toContain('█');
  });

  it('never applies a k below 3', () => {
    expect(summariseWeek(row('2026-W01', 9, [1, 2]), 1).shown).toBe(false);
    expect(summariseWeek(row('2026-W01', 9, [1, 2, 3]), 1).shown).toBe(true);
    expect(allText(renderCheckinReport({ rows: [row('2026-W01', 9, [1, 2])], k: 0 }))).toContain(
      'Fewer than 3',
    );
  });

  it('ignores values outside the scale', () => {
    const summary = summariseWeek(row('2026-W02', 9, [1, 2, 3, 9, 0]), 5);
    expect(summary).toMatchObject({ shown: true, answered: 5, scale: null });
  });

  it('says when no check-ins were sent', () => {
    expect(allText(renderCheckinReport({ rows: [row('2026-W02', 0, [])], k: 5 }))).toContain(
      'No check-ins were sent.',
    );
  });

  it('never adds two rows of one week (that would count a person twice), and sorts weeks', () => {
    const summaries = summariseCheckins(
      [row('2026-W03', 5, [1, 2, 3]), row('2025-W52', 4, []), row('2026-W03', 5, [4, 5])],
      5,
    );
    expect(summaries.map((summary) => summary.isoWeek)).toEqual(['2025-W52', '2026-W03']);
    expect(summaries[1]).toMatchObject({ shown: false, reason: 'fewer-than-k' });
  });

  it('shows a frozen suppressed week as "fewer than k", whatever k is now', () => {
    const frozen = { ...row('2026-W04', 0, [], 0), suppressed: true };
    expect(summariseWeek(frozen, 3)).toEqual({ isoWeek: '2026-W04', shown: false, reason: 'fewer-than-k' });
  });
});

describe('renderCheckinReport', () => {
  it('has a heading, one section per week with its Monday, and the k explanation', () => {
    const message = renderCheckinReport({
      rows: [row('2026-W47', 20, [1, 3, 3, 5, 5]), row('2026-W48', 20, [2])],
      k: 5,
      zone: 'Europe/London',
    });
    expect(message.text).toBe('Check-ins: the last 2 whole weeks');
    const text = allText(message);
    expect(text).toContain('2026-W47 · week of 16 Nov 2026');
    expect(text).toContain('Weeks run Monday to Sunday (Europe/London).');
    expect(text).toContain('at least 5 people answered');
  });
});

describe('the week in progress', () => {
  const closed = [row('2026-W47', 0, []), row('2026-W48', 0, [])];

  it('shows how many people were sent a check-in so far, once that is at least k', () => {
    const message = renderCheckinReport({
      rows: closed,
      current: { isoWeek: '2026-W49', sentTo: 5 },
      k: 5,
    });
    expect(message.text).toBe('Check-ins: the last 2 whole weeks and this week so far');
    const text = allText(message);
    expect(text).toContain('2026-W49 · week of 30 Nov 2026 · in progress');
    expect(text).toContain('Check-ins sent to about 5 people so far.');
    expect(text).toContain('Figures come once the week closes, and only if at least 5 people answered.');
    // The week in progress comes after the closed weeks, oldest first.
    expect(text.indexOf('2026-W48')).toBeLessThan(text.indexOf('2026-W49'));
  });

  it('says "fewer than k" rather than a number under k', () => {
    for (const sentTo of [1, 2, 4]) {
      const text = allText(
        renderCheckinReport({ rows: closed, current: { isoWeek: '2026-W49', sentTo }, k: 5 }),
      );
      expect(text).toContain('Check-ins sent to fewer than 5 people so far.');
      expect(text).not.toMatch(new RegExp(`sent to ${sentTo}\\b`));
    }
  });

  it('says plainly when nothing was sent yet this week', () => {
    const text = allText(
      renderCheckinReport({ rows: closed, current: { isoWeek: '2026-W49', sentTo: 0 }, k: 5 }),
    );
    expect(text).toContain('No check-ins sent yet this week.');
  });

  it('carries no figure derived from answers, whatever the input holds', () => {
    // An open week's answer figures could later be subtracted from its closed figures: none may show.
    const text = allText(
      renderCheckinReport({
        rows: closed,
        current: { isoWeek: '2026-W49', sentTo: 20 },
        k: 3,
      }),
    );
    const section = text.slice(text.indexOf('2026-W49'));
    expect(section).not.toMatch(/about \d+ answered|response rate|█/);
  });

  it('applies k of at least 3 to the sent count too', () => {
    const text = allText(
      renderCheckinReport({ rows: closed, current: { isoWeek: '2026-W49', sentTo: 2 }, k: 1 }),
    );
    expect(text).toContain('Check-ins sent to fewer than 3 people so far.');
  });
});

describe('currentWeek', () => {
  it('is the week containing now, from Monday 00:00 in the zone', () => {
    const week = currentWeek(new Date('2026-12-02T15:00:00Z'), 'Europe/London');
    expect(week.isoWeek).toBe('2026-W49');
    expect(week.start.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(week.end.toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });

  it('follows the zone across the year boundary', () => {
    expect(currentWeek(new Date('2025-12-28T23:30:00Z'), 'Pacific/Auckland').isoWeek).toBe('2026-W01');
    expect(currentWeek(new Date('2025-12-28T23:30:00Z'), 'Europe/London').isoWeek).toBe('2025-W52');
  });
});

describe('scaleChart', () => {
  it('scales bars to the largest count and shows every count', () => {
    const chart = scaleChart([
      { value: 1, label: 'Very little energy', count: 1 },
      { value: 2, label: 'Not much energy', count: 0 },
      { value: 3, label: 'Some energy', count: 10 },
      { value: 4, label: 'Quite a lot of energy', count: 5 },
      { value: 5, label: 'Plenty of energy', count: 20 },
    ]);
    expect(chart.split('\n')).toEqual([
      '1 Very little energy: █ 1',
      '2 Not much energy: 0',
      '3 Some energy: █████ 10',
      '4 Quite a lot of energy: ███ 5',
      '5 Plenty of energy: ██████████ 20',
    ]);
  });
});

describe('isoWeek', () => {
  it.each([
    ['2026-12-31T12:00:00Z', 'Europe/London', '2026-W53'],
    ['2027-01-01T12:00:00Z', 'Europe/London', '2026-W53'],
    ['2027-01-04T00:30:00Z', 'Europe/London', '2027-W01'],
    ['2024-12-30T09:00:00Z', 'Europe/London', '2025-W01'],
    ['2025-12-28T12:00:00Z', 'Europe/London', '2025-W52'],
    ['2025-12-29T00:00:00Z', 'Europe/London', '2026-W01'],
    // Late Sunday in London is already Monday in Auckland: the zone decides the week.
    ['2025-12-28T23:30:00Z', 'Europe/London', '2025-W52'],
    ['2025-12-28T23:30:00Z', 'Pacific/Auckland', '2026-W01'],
    // Late Sunday evening in New York is Monday in UTC.
    ['2026-01-05T03:00:00Z', 'America/New_York', '2026-W01'],
    ['2026-01-05T03:00:00Z', 'UTC', '2026-W02'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(isoWeek(new Date(instant), zone)).toBe(expected);
  });

  it('rejects an unknown zone', () => {
    expect(() => isoWeek(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });

  it('validates labels and finds Mondays', () => {
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W53')).toBe(false);
    expect(isIsoWeek('2026-W00')).toBe(false);
    expect(isIsoWeek('2026-47')).toBe(false);
    expect(isoWeekMonday('2025-W01').toString()).toBe('2024-12-30');
    expect(isoWeekMonday('2026-W53').toString()).toBe('2026-12-28');
  });
});

describe('wholeWeeksBefore', () => {
  it('returns the whole weeks before the current one, oldest first, across the year boundary', () => {
    const weeks = wholeWeeksBefore(new Date('2026-01-07T10:00:00Z'), 3, 'Europe/London');
    expect(weeks.map((week) => week.isoWeek)).toEqual(['2025-W51', '2025-W52', '2026-W01']);
    expect(weeks[2]!.start.toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(weeks[2]!.end.toISOString()).toBe('2026-01-05T00:00:00.000Z');
  });

  it('never includes the week in progress, even on a Monday morning', () => {
    const weeks = wholeWeeksBefore(new Date('2026-01-05T00:00:00Z'), 1, 'Europe/London');
    expect(weeks.map((week) => week.isoWeek)).toEqual(['2026-W01']);
  });

  it('cuts weeks at local midnight across a clock change', () => {
    // Clocks go forward on Sunday 29 March 2026 in London, so that week is 167 hours long.
    const [week] = wholeWeeksBefore(new Date('2026-04-01T12:00:00Z'), 1, 'Europe/London');
    expect(week!.isoWeek).toBe('2026-W13');
    expect(week!.start.toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(week!.end.toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('uses the zone to decide which week is current', () => {
    const now = new Date('2025-12-28T23:30:00Z');
    expect(wholeWeeksBefore(now, 1, 'Europe/London')[0]!.isoWeek).toBe('2025-W51');
    expect(wholeWeeksBefore(now, 1, 'Pacific/Auckland')[0]!.isoWeek).toBe('2025-W52');
  });

  it('rejects a number of weeks that is not a positive whole number', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) {
      expect(() => wholeWeeksBefore(new Date(), n, 'UTC')).toThrow(RangeError);
    }
  });
});
