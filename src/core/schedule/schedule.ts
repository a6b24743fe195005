/**
 * A recurrence as stored: an RFC 5545 RRULE (with its DTSTART, anchored in `zone`) plus the zone.
 * `zone: 'local'` means each member's own time zone; the rule's wall-clock times apply in that zone.
 */
export interface Schedule {
  /** e.g. `DTSTART:20260105T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=30` (floating DTSTART). */
  rrule: string;
  /** An IANA zone, or `local`. */
  zone: string;
  /** What the person typed, normalised, for display ("every weekday at 09:30"). */
  text: string;
}
