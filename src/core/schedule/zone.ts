/**
 * IANA time-zone checks. `Intl` is the authority (it is what formats times for people), and it also
 * canonicalises case and links: `europe/london` → `Europe/London`.
 */
import { nearest } from '../commands/cursor.js';

/** True when `zone` is a concrete IANA zone (or UTC) this runtime knows. `local` is not a concrete zone. */
export function isValidZone(zone: string): boolean {
  return canonicalZone(zone) !== undefined;
}

/** The canonical spelling of `zone`, or undefined when it is not a zone. */
export function canonicalZone(zone: string): string | undefined {
  // Fixed offsets like "+01:00" are refused: they cannot follow daylight-saving changes.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** A known zone spelled nearly like `zone` ("Europe/Londn" → "Europe/London"), for error messages. */
export function suggestZone(zone: string): string | undefined {
  const all = Intl.supportedValuesOf('timeZone');
  const hit = nearest(
    zone.toLowerCase(),
    all.map((z) => z.toLowerCase()),
  );
  return hit ? all.find((z) => z.toLowerCase() === hit) : undefined;
}
