/**
 * "You said, we did" for the check-in report: `report respond <week> "…"` (admins) keeps what the partnership is
 * doing about a week, encrypted, and everyone who was sent a check-in in that week sees it once, at the top of
 * their next check-in. Who has been shown it is recorded per person (it goes with them on `forget me`); the admin
 * learns nothing about who that is.
 */
import { currentWeek, isoWeekRange, type IsoWeekRange, wholeWeeksBefore } from '../../core/checkins/index.js';
import { textMessage } from '../../core/messages/message.js';
import { Unreadable } from '../../crypto.js';
import { writeAudit } from '../../store/audit.repository.js';
import { reportResponsePlace } from '../../store/cipher-places.js';
import type { Member } from '../../store/member.repository.js';
import {
  insertReportResponse,
  markReportResponsesSeen,
  reportResponses,
  unseenReportResponses,
} from '../../store/report-response.repository.js';
import type { Workspace } from '../../store/workspace.repository.js';
import type { Caller, CommandOf, ServiceContext } from '../context.js';

function weekOf(week: string, now: Date, zone: string): IsoWeekRange {
  if (week === 'this') return currentWeek(now, zone);
  if (week === 'last') return wholeWeeksBefore(now, 1, zone)[0]!;
  return isoWeekRange(week, zone);
}

function mondayLabel(range: IsoWeekRange, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(range.start);
}

/** `report respond <week> "<text>"`: one answer per week, for a week that has begun. */
export async function respondToReportWeek(
  ctx: ServiceContext,
  command: CommandOf<'report.respond'>,
  caller: Caller,
) {
  const zone = caller.workspace.timezone;
  const now = ctx.clock.now();
  const range = weekOf(command.week, now, zone);
  const label = `the week of ${mondayLabel(range, zone)} (${range.isoWeek})`;
  if (range.start.getTime() > now.getTime()) {
    return {
      message: textMessage(
        `${range.isoWeek} has not started yet, so nobody has been sent a check-in in it. Choose a week that has begun, like \`last week\`. Nothing was saved.`,
      ),
    };
  }
  const stored = await insertReportResponse(ctx.db, {
    workspaceId: caller.workspace.id,
    isoWeek: range.isoWeek,
    weekStart: range.start,
    weekEnd: range.end,
    response: ctx.cipher.encrypt(command.text, reportResponsePlace(caller.workspace.id, range.isoWeek)),
    respondedAt: now,
  });
  if (!stored) {
    return {
      message: textMessage(
        `${capitalise(label)} has an answer already. A week takes one answer, so nothing was changed.`,
      ),
    };
  }
  await writeAudit(ctx.db, {
    workspaceId: caller.workspace.id,
    actorMemberId: caller.member.id,
    action: 'report.respond',
    after: { week: range.isoWeek },
    at: now,
  });
  return {
    message: textMessage(
      `Thank you. Everyone who was sent a check-in in ${label} will see this once, at the top of their next check-in. ` +
        '`/roundtable report checkins` shows it under its week.',
    ),
  };
}

function capitalise(s: string): string {
  return `${s[0]!.toUpperCase()}${s.slice(1)}`;
}

/** The week answers a member has not been shown yet, decrypted (an unreadable one is left out, never garbled). */
export async function saidWeDidFor(
  ctx: ServiceContext,
  workspace: Workspace,
  member: Member,
): Promise<{ weeks: string[]; texts: string[] }> {
  const weeks: string[] = [];
  const texts: string[] = [];
  for (const r of await unseenReportResponses(ctx.db, workspace.id, member.id)) {
    try {
      texts.push(ctx.cipher.decrypt(r.response, reportResponsePlace(workspace.id, r.isoWeek)));
      weeks.push(r.isoWeek);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
    }
  }
  return { weeks, texts };
}

/** After the check-in carrying them was sent: these weeks are not shown to this member again. */
export async function markSaidWeDidShown(
  ctx: ServiceContext,
  workspace: Workspace,
  member: Member,
  weeks: readonly string[],
): Promise<void> {
  await markReportResponsesSeen(ctx.db, workspace.id, member.id, weeks, ctx.clock.now());
}

/** The answers of some weeks, decrypted, for `report checkins`. */
export async function weekResponses(
  ctx: ServiceContext,
  workspace: Workspace,
  isoWeeks: readonly string[],
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [week, value] of await reportResponses(ctx.db, workspace.id, isoWeeks)) {
    try {
      out[week] = ctx.cipher.decrypt(value, reportResponsePlace(workspace.id, week));
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
    }
  }
  return out;
}
