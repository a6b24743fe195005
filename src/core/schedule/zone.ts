/**
 * IANA time-zone checks. Temporal is the authority: it knows the zone data and fixes the case of a name
 * (`europe/london` → `Europe/London`) without swapping current names for old ones, as `Intl` still does on Node 24
 * (`Asia/Kolkata` → `Asia/Calcutta`).
 */
import { Temporal } from 'temporal-polyfill';
import { nearest } from '../commands/cursor.js';

/** Current names some runtimes list only under their old spelling; added so suggestions can offer them. */
const RENAMED = [
  'Asia/Kolkata',
  'Europe/Kyiv',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'America/Nuuk',
  'Asia/Yangon',
  'UTC',
];

/** True when `zone` is a concrete IANA zone (or UTC) the zone data knows. `local` is not a concrete zone. */
export function isValidZone(zone: string): boolean {
  return canonicalZone(zone) !== undefined;
}

/** The canonical spelling of `zone`, or undefined when it is not a zone. */
export function canonicalZone(zone: string): string | undefined {
  // Fixed offsets like "+01:00" are refused: they cannot follow daylight-saving changes.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return undefined;
  try {
    return Temporal.ZonedDateTime.from({ year: 2026, month: 1, day: 1, timeZone: zone }).timeZoneId;
  } catch {
    return undefined;
  }
}

/** A known zone spelled nearly like `zone` ("Europe/Londn" → "Europe/London"), for error messages. */
export function suggestZone(zone: string): string | undefined {
  const all = [...new Set([...Intl.supportedValuesOf('timeZone'), ...RENAMED])];
  const hit = nearest(
    zone.toLowerCase(),
    all.map((z) => z.toLowerCase()),
  );
  return hit ? all.find((z) => z.toLowerCase() === hit) : undefined;
}
