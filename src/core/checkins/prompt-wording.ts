/**
 * Wording checks for reflective prompts and conversation starters (see docs/PROMPTS.md).
 *
 * A phrase list cannot judge tone; people review every prompt. What the list does is stop the known harmful
 * patterns from ever shipping by accident: questions that push for disclosure, chase or blame, judge the person,
 * give orders, brush feelings aside, exclude through idiom, or assume family or faith.
 */

/** A phrase a prompt must not contain, and why (the reason is shown in validation errors). */
export interface WordingRule {
  phrase: string;
  reason: string;
}

const DISCLOSURE = 'pushes for details of distressing events; ask about learning, resources or a next step';
const GUILT = 'chases or blames; the bot never asks why someone did not answer';
const JUDGING = 'judges the person instead of inviting reflection';
const INSTRUCTING = 'instructs; invite instead ("what might help?")';
const DISMISSIVE = 'brushes feelings aside';
const EXCLUDING = 'idiom or jargon that excludes or stigmatises; say it plainly';
const ASSUMING = 'assumes family, relationships or faith';
const US_SPELLING = 'US spelling; use plain UK English';
const INFORMANT = 'casts the reader as an informant about other people; ask about their own part instead';
const RETELLING = 'asks someone to retell their own story; lead with choice and ask about what helps';

function rules(reason: string, phrases: string[]): WordingRule[] {
  return phrases.map((phrase) => ({ phrase, reason }));
}

/** Phrases no prompt, starter or session question may contain. Matched case-insensitively on word boundaries. */
export const BANNED_PHRASES: readonly WordingRule[] = [
  ...rules(DISCLOSURE, [
    'describe the incident',
    'the incident',
    'what happened',
    'describe what',
    'most traumatic',
    'traumatic',
    'trauma you',
    'your trauma',
    'worst thing',
    'worst moment',
    'in detail',
    'relive',
    'go back over',
    'graphic',
  ]),
  ...rules(GUILT, [
    "why didn't you",
    'why did you not',
    "why haven't you",
    'why have you not',
    "you didn't answer",
    'you did not answer',
    'you forgot',
    'you missed',
    "you still haven't",
    "last week's check-in",
  ]),
  ...rules(JUDGING, [
    'rate your resilience',
    'how resilient',
    'resilience score',
    'rate yourself',
    'score yourself',
    'your weakness',
    'your weaknesses',
    'did you do wrong',
    'your fault',
    'you failed',
    'should have',
  ]),
  ...rules(INSTRUCTING, ['list three', 'list 3', 'you must', 'you need to', 'you should', 'make sure you']),
  ...rules(DISMISSIVE, [
    'cheer up',
    'bright side',
    'stay positive',
    'just relax',
    'calm down',
    'toughen up',
    'man up',
    'at least you',
  ]),
  ...rules(EXCLUDING, [
    'touch base',
    'low-hanging fruit',
    'move the needle',
    'circle back',
    'ballpark',
    'step up to the plate',
    'hit the ground running',
    'go the extra mile',
    'boots on the ground',
    'sanity check',
    'crazy',
    'insane',
    'lame',
    'tone deaf',
    'tick-box',
  ]),
  ...rules(ASSUMING, [
    'your family',
    'your husband',
    'your wife',
    'your partner at home',
    'your kids',
    'your children',
    'pray',
    'prayer',
    'church',
    'christmas',
    'blessed',
  ]),
  ...rules(INFORMANT, [
    'services might want to know',
    'might want to know about',
    'keep an eye on',
    'report back',
    'let services know',
    'who is struggling',
  ]),
  ...rules(RETELLING, ['your story', 'your journey', 'what you went through', 'tell us about your']),
  ...rules(US_SPELLING, [
    'color',
    'behavior',
    'organization',
    'organizations',
    'prioritize',
    'recognize',
    'realize',
    'apologize',
    'center',
    'favorite',
    'labor',
    'honor',
    'gotten',
    'vacation',
    'mom',
  ]),
];

/**
 * Phrases a conversation starter for an anonymous pair must not contain: they invite someone to reveal who they
 * are before everyone in the pair has agreed to be known.
 */
export const IDENTITY_PHRASES: readonly WordingRule[] = rules(
  'asks for identifying details; partners stay anonymous until everyone agrees to reveal',
  [
    'your name',
    'which organisation',
    'what organisation',
    'where do you work',
    'who do you work for',
    'your job title',
    'where are you based',
    'which team are you',
    'which service',
  ],
);

/**
 * Check-in prompts go out on any cadence (weekdays, weekly, monthly): words that tie a prompt to one cadence read
 * wrongly on the others. Say "lately", "recently" or "since you last had a moment to think" instead.
 */
export const CADENCE_PHRASES: readonly WordingRule[] = rules(
  'ties the prompt to one cadence; say "lately" or "recently" instead',
  [
    'this week',
    'last week',
    'next week',
    'the week ahead',
    'this month',
    'last month',
    'the month',
    'today',
    'tomorrow',
    'yesterday',
    'this year',
  ],
);

/**
 * Openings that presume something happened ("When did you feel listened to?" presumes someone did). Checked at the
 * start of every sentence.
 */
const PRESUMPTIVE_OPENINGS = ['when did', 'when was', 'when were', 'when have', 'who made', 'what surprised'];

/** The presumptive opening a text starts a sentence with, if any. */
export function presumptiveOpening(text: string): string | undefined {
  const sentences = normaliseWording(text).split(/(?<=[.?])\s+/);
  for (const sentence of sentences) {
    const opening = PRESUMPTIVE_OPENINGS.find(
      (phrase) => sentence.startsWith(phrase) && !/[a-z0-9]/.test(sentence.charAt(phrase.length)),
    );
    if (opening) return opening;
  }
  return undefined;
}

/** Lower-case, straight apostrophes, single spaces: so "Why didn’t  you" still matches "why didn't you". */
export function normaliseWording(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function containsPhrase(normalised: string, phrase: string): boolean {
  // Word boundaries by hand: `\b` treats "'" and "-" as boundaries, so "pray" must not match "spray".
  const pattern = new RegExp(`(?<![a-z0-9])${escapeRegExp(normaliseWording(phrase))}(?![a-z0-9])`);
  return pattern.test(normalised);
}

/**
 * The wording problems of one piece of text: banned phrases (and any `extra` rules) and exclamation marks.
 * Returns one readable line per problem; an empty array means the text passes.
 */
export function wordingProblems(text: string, extra: readonly WordingRule[] = []): string[] {
  const normalised = normaliseWording(text);
  const problems: string[] = [];
  for (const rule of [...BANNED_PHRASES, ...extra]) {
    if (containsPhrase(normalised, rule.phrase)) problems.push(`contains "${rule.phrase}": ${rule.reason}`);
  }
  if (text.includes('!')) problems.push('contains "!": no exclamation marks; keep the tone calm');
  return problems;
}
