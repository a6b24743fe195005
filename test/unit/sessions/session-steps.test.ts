import { describe, expect, it } from 'vitest';
import { DEFAULT_NUDGE_HOURS, dueSteps, isBitesize, sessionSteps } from '../../../src/core/sessions/index.js';

const H = 3_600_000;
const start = new Date('2026-05-14T11:30:00Z');
const s = { startsAt: start, durationMinutes: 60, nudgeHours: DEFAULT_NUDGE_HOURS };
const at = (ms: number) => new Date(start.getTime() + ms);

describe('sessionSteps', () => {
  it('lists nudges 7 and 3 days before, reminders 24 h and 1 h before, the reflection 1 h after the end', () => {
    expect(sessionSteps(s).map((x) => [x.step, (x.at.getTime() - start.getTime()) / H])).toEqual([
      ['nudge-168h', -168],
      ['nudge-72h', -72],
      ['reminder-24h', -24],
      ['reminder-1h', -1],
      ['reflection', 2],
    ]);
  });
});

describe('dueSteps', () => {
  it('runs nothing before the first step', () => {
    expect(dueSteps(s, at(-200 * H), new Set())).toEqual({ run: [], skip: [] });
  });

  it('runs a due step once it is not claimed, and nothing once it is', () => {
    expect(dueSteps(s, at(-100 * H), new Set()).run.map((x) => x.step)).toEqual(['nudge-168h']);
    expect(dueSteps(s, at(-100 * H), new Set(['nudge-168h'])).run).toEqual([]);
  });

  it('runs only the latest of several due nudges and skips the earlier (a late session gets one nudge)', () => {
    const { run, skip } = dueSteps(s, at(-48 * H), new Set());
    expect(run.map((x) => x.step)).toEqual(['nudge-72h']);
    expect(skip.map((x) => x.step)).toEqual(['nudge-168h']);
  });

  it('runs only the 1 h reminder when both are due', () => {
    const { run, skip } = dueSteps(s, at(-0.5 * H), new Set(['nudge-168h', 'nudge-72h']));
    expect(run.map((x) => x.step)).toEqual(['reminder-1h']);
    expect(skip.map((x) => x.step)).toEqual(['reminder-24h']);
  });

  it('after the start, skips unclaimed nudges and reminders; after the end + 1 h runs the reflection', () => {
    const { run, skip } = dueSteps(s, at(2 * H), new Set());
    expect(run.map((x) => x.step)).toEqual(['reflection']);
    expect(skip.map((x) => x.step).sort()).toEqual([
      'nudge-168h',
      'nudge-72h',
      'reminder-1h',
      'reminder-24h',
    ]);
  });

  it('skips a reflection that is days stale', () => {
    const { run, skip } = dueSteps(
      s,
      at(10 * 24 * H),
      new Set(['nudge-168h', 'nudge-72h', 'reminder-24h', 'reminder-1h']),
    );
    expect(run).toEqual([]);
    expect(skip.map((x) => x.step)).toEqual(['reflection']);
  });
});

describe('isBitesize', () => {
  it('is an hour or less', () => {
    expect(isBitesize(60)).toBe(true);
    expect(isBitesize(61)).toBe(false);
  });
});
