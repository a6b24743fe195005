/**
 * The vocabulary a check-in prompt is tagged with: reflective model and stage, themes, weight and opt-in sets.
 * Every list is closed, so a typo fails validation instead of creating a tag of one.
 */

/**
 * The reflective models a prompt may draw on (docs/PROMPTS.md) and the stages of each. A prompt uses one stage of one
 * model; the words are always our own.
 */
export const MODEL_STAGES = {
  gibbs: ['description', 'feelings', 'evaluation', 'analysis', 'conclusion', 'action-plan'],
  rolfe: ['what', 'so-what', 'now-what'],
  driscoll: ['what', 'so-what', 'now-what'],
  kolb: ['experience', 'noticing', 'making-sense', 'trying-something-new'],
  schon: ['in-action', 'on-action'],
  johns: ['looking-in', 'influences', 'ethics', 'alternatives', 'learning'],
  'appreciative-inquiry': ['discover', 'dream', 'design', 'deliver'],
} as const satisfies Record<string, readonly string[]>;

export type PromptModel = keyof typeof MODEL_STAGES;
export const PROMPT_MODELS = Object.keys(MODEL_STAGES) as PromptModel[];
export type PromptStage = (typeof MODEL_STAGES)[PromptModel][number];
export const PROMPT_STAGES = [...new Set(Object.values(MODEL_STAGES).flat())] as PromptStage[];

/** Themes a prompt can carry; rotation balances them over a quarter. */
export const THEMES = [
  'wellbeing',
  'burnout',
  'boundaries',
  'rest',
  'co-production',
  'trauma-informed-practice',
  'system-change',
  'celebrating',
  'learning',
  'learning-from-a-hard-day',
  'curiosity',
  'values',
  'relationships',
  'teamwork',
  'leadership',
  'partnership-working',
  'feedback',
  'moral-distress',
  'vicarious-trauma',
  'power',
  'culture-and-identity',
  'staff-safety',
  'endings',
  'grief',
] as const;
export type Theme = (typeof THEMES)[number];

/**
 * `heavy` prompts touch something that can hurt (moral distress, what comes home, endings, safety). Rotation never
 * sends two in a row, and follows one with a light, strengths-first prompt.
 */
export const WEIGHTS = ['light', 'heavy'] as const;
export type Weight = (typeof WEIGHTS)[number];

/**
 * Sets of prompts a member only ever gets by choosing them. `grief` (deaths of people supported) is never a random
 * draw: it is sent only to someone who opted in, and always with bereavement signposting.
 */
export const OPT_INS = ['grief'] as const;
export type OptIn = (typeof OPT_INS)[number];
