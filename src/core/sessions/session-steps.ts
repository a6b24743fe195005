/**
 * The due work of a session, as named steps with times: mix nudges (default 7 and 3 days before), reminders
 * (24 hours and 1 hour before) and the reflection (1 hour after the end). Which steps are due is decided here,
 * purely, from the session, the current instant and the steps already claimed.
 */

export const DEFAULT_NUDGE_HOURS: readonly number[] = [7 * 24, 3 * 24];
export const DEFAULT_NUDGE_LIMIT = 5;
export const REMINDER_HOURS: readonly number[] = [24, 1];
/** The reflection goes out this long after the session ends. */
export const REFLECTION_AFTER_MS = 3_600_000;
/** After this long past its time, a reflection is no longer sent (the app was down for days). */
export const REFLECTION_STALE_MS = 3 * 24 * 3_600_000;
/** Sessions up to this length are "bitesize" on the menu. */
export const BITESIZE_MAX_MINUTES = 60;

const HOUR = 3_600_000;

export type StepKind = 'nudge' | 'reminder' | 'reflection';

export interface SessionStep {
  /** Unique per session: `nudge-168h`, `reminder-24h`, `reflection`. */
  step: string;
  kind: StepKind;
  at: Date;
  /** Hours before the start (nudges and reminders). */
  hours?: number;
}

export interface StepTimes {
  startsAt: Date;
  durationMinutes: number;
  nudgeHours: readonly number[];
}

/** Every step of a session, earliest first. */
export function sessionSteps(s: StepTimes): SessionStep[] {
  const start = s.startsAt.getTime();
  const steps: SessionStep[] = [
    ...[...new Set(s.nudgeHours)].map((hours) => ({
      step: `nudge-${hours}h`,
      kind: 'nudge' as const,
      at: new Date(start - hours * HOUR),
      hours,
    })),
    ...REMINDER_HOURS.map((hours) => ({
      step: `reminder-${hours}h`,
      kind: 'reminder' as const,
      at: new Date(start - hours * HOUR),
      hours,
    })),
    {
      step: 'reflection',
      kind: 'reflection',
      at: new Date(start + s.durationMinutes * 60_000 + REFLECTION_AFTER_MS),
    },
  ];
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The steps to run now and the steps to record as skipped. Of several nudges (or reminders) that are all due
 * — a session created late, or an app that was down — only the latest runs: people get one message, not a
 * burst. Nudges and reminders whose session has started are skipped; a reflection is skipped when stale.
 */
export function dueSteps(
  s: StepTimes,
  now: Date,
  claimed: ReadonlySet<string>,
): { run: SessionStep[]; skip: SessionStep[] } {
  const t = now.getTime();
  const started = t >= s.startsAt.getTime();
  const due = sessionSteps(s).filter((x) => !claimed.has(x.step) && x.at.getTime() <= t);
  const run: SessionStep[] = [];
  const skip: SessionStep[] = [];
  for (const kind of ['nudge', 'reminder'] as const) {
    const ofKind = due.filter((x) => x.kind === kind);
    if (ofKind.length === 0) continue;
    if (started) {
      skip.push(...ofKind);
      continue;
    }
    run.push(ofKind[ofKind.length - 1]!);
    skip.push(...ofKind.slice(0, -1));
  }
  const reflection = due.find((x) => x.kind === 'reflection');
  if (reflection) {
    if (t - reflection.at.getTime() <= REFLECTION_STALE_MS) run.push(reflection);
    else skip.push(reflection);
  }
  return { run, skip };
}

/** True when a session is short enough to be marked "bitesize". */
export function isBitesize(durationMinutes: number): boolean {
  return durationMinutes <= BITESIZE_MAX_MINUTES;
}
