/**
 * The five-step capacity scale of a check-in. It asks about capacity today, not about the person: no step is a
 * failure, and the words describe a state that passes ("running low"), never a trait ("not resilient").
 */

export type CapacityValue = 1 | 2 | 3 | 4 | 5;

export interface CapacityStep {
  value: CapacityValue;
  /** Plain words shown next to the number. */
  label: string;
}

/** From 1 ("Running on empty") to 5 ("Plenty in the tank"). */
export const CAPACITY_SCALE: readonly CapacityStep[] = Object.freeze([
  { value: 1, label: 'Running on empty' },
  { value: 2, label: 'Running low' },
  { value: 3, label: 'Getting by' },
  { value: 4, label: 'Doing all right' },
  { value: 5, label: 'Plenty in the tank' },
]);

/** The question above the scale. Optional to answer, and it says so. */
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
