/**
 * The five-step energy scale of a check-in. It asks about energy today, not about the person: no step is a
 * failure, and the words describe a state that passes ("not much energy"), never a trait ("not resilient").
 * Plain words only, no idioms ("running on empty" means little to someone reading in a second language), and
 * "Prefer not to say" is always a choice. A person can turn the scale off (`me scale off`).
 */

export type CapacityValue = 1 | 2 | 3 | 4 | 5;

export interface CapacityStep {
  value: CapacityValue;
  /** Plain words shown next to the number. */
  label: string;
}

/** From 1 ("Very little energy") to 5 ("Plenty of energy"). */
export const CAPACITY_SCALE: readonly CapacityStep[] = Object.freeze([
  { value: 1, label: 'Very little energy' },
  { value: 2, label: 'Not much energy' },
  { value: 3, label: 'Some energy' },
  { value: 4, label: 'Quite a lot of energy' },
  { value: 5, label: 'Plenty of energy' },
]);

/**
 * The value of the "Prefer not to say" choice. It is saved as no point on the scale: the answer still counts as
 * an answer, and is in no step of the distribution.
 */
export const PREFER_NOT_TO_SAY = 'prefer-not-to-say';
export const PREFER_NOT_TO_SAY_LABEL = 'Prefer not to say';

/** The scale's question. Inputs are marked optional by each platform's own renderer, never in the label. */
export const CAPACITY_QUESTION = 'How much energy do you have for your work today?';

/** Answers at or below this get a private, kind message with the support signpost — and go to nobody else. */
export const LOW_CAPACITY_MAX: CapacityValue = 1;

/** The value of a submitted scale choice, or undefined when absent or not one of '1'..'5'. */
export function parseCapacity(raw: string | undefined | null): CapacityValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  const trimmed = raw.trim();
  return /^[1-5]$/.test(trimmed) ? (Number(trimmed) as CapacityValue) : undefined;
}

/** True for a value in 1..5 (for aggregating stored answers defensively). */
export function isCapacityValue(value: unknown): value is CapacityValue {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** True when an answer should be met with the private low-capacity message. */
export function isLowCapacity(value: CapacityValue | undefined): boolean {
  return value !== undefined && value <= LOW_CAPACITY_MAX;
}

/** The plain words for a value, e.g. `Getting by`. */
export function capacityLabel(value: CapacityValue): string {
  return CAPACITY_SCALE[value - 1]!.label;
}
