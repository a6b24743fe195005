/**
 * Quiet hours and the zone a member lives in: nobody gets a check-in or a reminder during their quiet hours.
 */
import { Temporal } from 'temporal-polyfill';
import type { Member } from '../../store/member.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';

/** The zone a member's times are read in: their own, else the workspace's. */
export function effectiveZone(
  member: Pick<Member, 'timezone'>,
  workspace: Pick<Workspace, 'timezone'>,
): string {
  return member.timezone ?? workspace.timezone;
}

function minutes(hhmm: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

type Quiet = Pick<Member, 'quiet_start' | 'quiet_end'>;

/** True when `now` falls in the member's quiet hours, in their zone. Quiet hours may wrap midnight. */
export function inQuietHours(member: Quiet, zone: string, now: Date): boolean {
  if (!member.quiet_start || !member.quiet_end) return false;
  const start = minutes(member.quiet_start);
  const end = minutes(member.quiet_end);
  if (start === undefined || end === undefined || start === end) return false;
  const local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone);
  const at = local.hour * 60 + local.minute;
  return start < end ? at >= start && at < end : at >= start || at < end;
}

/** Milliseconds until the member's quiet hours end (0 when they are not in quiet hours now). */
export function msUntilQuietEnds(member: Quiet, zone: string, now: Date): number {
  if (!inQuietHours(member, zone, now)) return 0;
  const end = minutes(member.quiet_end!)!;
  const local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone);
  let target = local.with({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (Temporal.ZonedDateTime.compare(target, local) <= 0) target = target.add({ days: 1 });
  return Math.max(0, target.epochMilliseconds - now.getTime());
}
