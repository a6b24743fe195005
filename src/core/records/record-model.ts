/**
 * A member's reflective practice record: their own words, for CPD and professional revalidation.
 * Everything here comes from what the member wrote or did; nothing is invented.
 */

/** The Code's four themes (NMC), as a member tags a reflection with `me record add <ref> theme <id>`. */
export const CODE_THEMES = {
  'prioritise-people': 'Prioritise people',
  'practise-effectively': 'Practise effectively',
  'preserve-safety': 'Preserve safety',
  'promote-professionalism': 'Promote professionalism and trust',
} as const;
export type CodeTheme = keyof typeof CODE_THEMES;
export const CODE_THEME_IDS = Object.keys(CODE_THEMES) as CodeTheme[];

/** What the member added to one of their reflections afterwards (`me record add`), in their own words. */
export interface ReflectionAdditions {
  /** The short reference shown in the record (`c12`, `s3`), said in `me record add <ref>`. */
  ref: string;
  theme?: CodeTheme;
  /** "How it changed my practice", added later. */
  changed?: string;
}

/** "We had a reflective discussion on <date> about <theme>", agreed by everyone in a peer support group. */
export interface PeerDiscussion {
  /** YYYY-MM-DD, in the zone of whoever proposed it. */
  date: string;
  theme: string;
  /** The partner(s): by pseudonym, or by name where everyone agreed to share names. */
  partners: string[];
}

export interface CheckinReflection extends Partial<ReflectionAdditions> {
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
  /** What they added to that reflection later. */
  additions?: ReflectionAdditions;
}

export interface PracticeRecord {
  name: string;
  /** Inclusive dates (YYYY-MM-DD) the record covers. */
  from: string;
  to: string;
  zone: string;
  generatedAt: Date;
  reflections: CheckinReflection[];
  /** Sessions the member said they would go to that have taken place (Roundtable has no register of attendance). */
  sessions: SessionAttended[];
  /** Peer reflection evidence everyone in the group agreed to. */
  peerDiscussions?: PeerDiscussion[];
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

/** What the member added to a reflection later, as the general record heads it. */
export const ADDED_HEADINGS = {
  changed: 'How it changed my practice (added later)',
  theme: 'Theme of the Code',
} as const;

/** One reflective account: a source and the member's own words under each heading they answered. */
export interface ReflectiveAccount {
  source: string;
  date: Date;
  sections: Array<{ heading: string; text: string }>;
  /** The reference, theme and "how it changed my practice" the member added, if any. */
  ref?: string;
  theme?: CodeTheme;
  changed?: string;
  /** A learning session (with others) rather than a reflection written alone. */
  session: boolean;
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
    accounts.push({
      source: `Learning session: ${s.title}`,
      date: s.start,
      sections,
      ...additionsOf(s.additions),
      session: true,
    });
  }
  for (const c of record.reflections) {
    accounts.push({
      source: `Check-in: ${c.prompt}`,
      date: c.date,
      sections: [{ heading: ACCOUNT_HEADINGS.what, text: c.text }],
      ...additionsOf(c),
      session: false,
    });
  }
  return accounts.sort((a, b) => a.date.getTime() - b.date.getTime());
}

function additionsOf(a: Partial<ReflectionAdditions> | undefined): Partial<ReflectionAdditions> {
  const out: Partial<ReflectionAdditions> = {};
  if (a?.ref) out.ref = a.ref;
  if (a?.theme) out.theme = a.theme;
  if (a?.changed) out.changed = a.changed;
  return out;
}

/** Participatory CPD hours: the sessions taken part in, in hours to two places. */
export function participatoryHours(record: PracticeRecord): number {
  return totals(record).sessionHours;
}

/** A YYYY-MM-DD date as people read it: "3 March 2026". */
export function longPlainDate(date: string): string {
  return longDate(new Date(`${date}T12:00:00Z`), 'UTC');
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
