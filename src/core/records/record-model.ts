/**
 * A member's reflective practice record: their own words, for CPD and professional revalidation.
 * Everything here comes from what the member wrote or did; nothing is invented.
 */

export interface CheckinReflection {
  /** When they answered. */
  date: Date;
  /** The prompt they were answering. */
  prompt: string;
  /** Their words (decrypted only in memory, only for them). */
  text: string;
}

export interface SessionAttended {
  title: string;
  topic?: string;
  start: Date;
  minutes: number;
  /** Their Rolfe reflection after the session, when they wrote one. */
  reflection?: { what?: string; soWhat?: string; nowWhat?: string };
}

export interface PracticeRecord {
  name: string;
  /** Inclusive dates (YYYY-MM-DD) the record covers. */
  from: string;
  to: string;
  zone: string;
  generatedAt: Date;
  reflections: CheckinReflection[];
  sessions: SessionAttended[];
}

export interface RecordTotals {
  reflections: number;
  sessions: number;
  sessionHours: number;
}

export function totals(record: PracticeRecord): RecordTotals {
  const minutes = record.sessions.reduce((sum, s) => sum + s.minutes, 0);
  const sessionReflections = record.sessions.filter((s) => hasReflection(s)).length;
  return {
    reflections: record.reflections.length + sessionReflections,
    sessions: record.sessions.length,
    sessionHours: Math.round((minutes / 60) * 100) / 100,
  };
}

export function hasReflection(s: SessionAttended): boolean {
  return Boolean(s.reflection && (s.reflection.what || s.reflection.soWhat || s.reflection.nowWhat));
}

/** The headings professionals use for a reflective account (e.g. NMC revalidation, social work CPD). */
export const ACCOUNT_HEADINGS = {
  what: 'What happened, or what I learned',
  soWhat: 'What I learned from it',
  nowWhat: 'How I changed, or will change, my practice',
} as const;

/** One reflective account: a source and the member's own words under each heading they answered. */
export interface ReflectiveAccount {
  source: string;
  date: Date;
  sections: Array<{ heading: string; text: string }>;
}

/**
 * Group the member's answers under the reflective-account headings. A session reflection (What? So what? Now
 * what?) fills the three headings from the three answers; a check-in reflection answers one prompt, so it fills
 * only the first heading, with the prompt as its source. Headings without an answer are left out, never filled.
 */
export function reflectiveAccounts(record: PracticeRecord): ReflectiveAccount[] {
  const accounts: ReflectiveAccount[] = [];
  for (const s of record.sessions) {
    if (!hasReflection(s)) continue;
    const r = s.reflection!;
    const sections: Array<{ heading: string; text: string }> = [];
    if (r.what) sections.push({ heading: ACCOUNT_HEADINGS.what, text: r.what });
    if (r.soWhat) sections.push({ heading: ACCOUNT_HEADINGS.soWhat, text: r.soWhat });
    if (r.nowWhat) sections.push({ heading: ACCOUNT_HEADINGS.nowWhat, text: r.nowWhat });
    accounts.push({ source: `Learning session: ${s.title}`, date: s.start, sections });
  }
  for (const c of record.reflections) {
    accounts.push({
      source: `Check-in: ${c.prompt}`,
      date: c.date,
      sections: [{ heading: ACCOUNT_HEADINGS.what, text: c.text }],
    });
  }
  return accounts.sort((a, b) => a.date.getTime() - b.date.getTime());
}

/** A date as people read it, in their zone: "3 March 2026". */
export function longDate(d: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(d);
}
