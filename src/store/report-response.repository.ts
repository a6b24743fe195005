/**
 * "What we are doing about this" for a week of the check-in report (`report_responses`, encrypted by the caller),
 * and who has been shown it at the top of a check-in (`report_response_seen`). Nothing here decrypts.
 */
import type { Executor } from '../../db/schema.js';

export interface NewReportResponse {
  workspaceId: string;
  isoWeek: string;
  weekStart: Date;
  weekEnd: Date;
  /** Ciphertext bound to `reportResponsePlace`. */
  response: string;
  respondedAt: Date;
}

/** Store a week's response once: false when that week was answered already. */
export async function insertReportResponse(db: Executor, r: NewReportResponse): Promise<boolean> {
  const row = await db
    .insertInto('report_responses')
    .values({
      workspace_id: r.workspaceId,
      iso_week: r.isoWeek,
      week_start: r.weekStart,
      week_end: r.weekEnd,
      response: r.response,
      responded_at: r.respondedAt,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'iso_week']).doNothing())
    .returning('iso_week')
    .executeTakeFirst();
  return row !== undefined;
}

/** The responses (ciphertext) of some weeks of a workspace, by week. */
export async function reportResponses(
  db: Executor,
  workspaceId: string,
  isoWeeks: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (isoWeeks.length === 0) return out;
  const rows = await db
    .selectFrom('report_responses')
    .select(['iso_week', 'response'])
    .where('workspace_id', '=', workspaceId)
    .where('iso_week', 'in', isoWeeks)
    .execute();
  for (const r of rows) out.set(r.iso_week, r.response);
  return out;
}

/**
 * The responses a member has not been shown yet, of weeks in which they were sent a check-in (that week's
 * audience), oldest week first.
 */
export async function unseenReportResponses(
  db: Executor,
  workspaceId: string,
  memberId: string,
): Promise<Array<{ isoWeek: string; response: string }>> {
  const rows = await db
    .selectFrom('report_responses as r')
    .select(['r.iso_week', 'r.response'])
    .where('r.workspace_id', '=', workspaceId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('deliveries as d')
          .innerJoin('occurrences as o', 'o.id', 'd.occurrence_id')
          .select('d.id')
          .where('o.workspace_id', '=', workspaceId)
          .where('o.kind', '=', 'checkin')
          .where('d.member_id', '=', memberId)
          .where('d.status', '=', 'sent')
          .whereRef('d.sent_at', '>=', 'r.week_start')
          .whereRef('d.sent_at', '<', 'r.week_end'),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('report_response_seen as s')
            .select('s.member_id')
            .whereRef('s.workspace_id', '=', 'r.workspace_id')
            .whereRef('s.iso_week', '=', 'r.iso_week')
            .where('s.member_id', '=', memberId),
        ),
      ),
    )
    .orderBy('r.iso_week')
    .execute();
  return rows.map((r) => ({ isoWeek: r.iso_week, response: r.response }));
}

/** Record that a member was shown these weeks' responses (a repeat changes nothing). */
export async function markReportResponsesSeen(
  db: Executor,
  workspaceId: string,
  memberId: string,
  isoWeeks: readonly string[],
  at: Date,
): Promise<void> {
  if (isoWeeks.length === 0) return;
  await db
    .insertInto('report_response_seen')
    .values(
      isoWeeks.map((w) => ({ workspace_id: workspaceId, iso_week: w, member_id: memberId, seen_at: at })),
    )
    .onConflict((oc) => oc.columns(['workspace_id', 'iso_week', 'member_id']).doNothing())
    .execute();
}

/** Retention: delete a workspace's week responses written before `before` (their "seen" rows go with them). */
export async function deleteReportResponsesBefore(
  db: Executor,
  workspaceId: string,
  before: Date,
): Promise<number> {
  const result = await db
    .deleteFrom('report_responses')
    .where('workspace_id', '=', workspaceId)
    .where('responded_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** How many week answers a member has been shown (for `me`). */
export async function countSeenByMember(db: Executor, memberId: string): Promise<number> {
  const rows = await db
    .selectFrom('report_response_seen')
    .select('iso_week')
    .where('member_id', '=', memberId)
    .execute();
  return rows.length;
}

/** Whether the workspace has any week answer at all (`report respond`): most rounds need look no further. */
export async function hasReportResponses(db: Executor, workspaceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('report_responses')
    .select('iso_week')
    .where('workspace_id', '=', workspaceId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
