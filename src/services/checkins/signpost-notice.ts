/**
 * `checkin schedule` and `checkin now` work without a signpost (the built-in crisis lines go out anyway), but
 * the admin is told once, kindly, that their partnership's own support belongs there too. "Once" per workspace
 * is kept in the audit log (`notice.signpost`), so no new column is needed and the telling is itself audited.
 */
import { hasAudit, writeAudit } from '../../store/audit.repository.js';
import type { Caller, ServiceContext } from '../context.js';

export const SIGNPOST_NOTICE =
  'One more thing: this workspace has no support signpost yet. Check-ins carry the UK crisis lines (Samaritans, SHOUT, NHS 111, 999), ' +
  'but people will also want to know about your own support. When you are ready, say `/roundtable signpost "<your support line or link>"`. ' +
  'I will only mention this once.';

/** The notice, the first time a check-in is scheduled or sent in a workspace without a signpost; else undefined. */
export async function signpostNotice(ctx: ServiceContext, caller: Caller): Promise<string | undefined> {
  if (caller.workspace.signpost?.trim()) return undefined;
  if (await hasAudit(ctx.db, caller.workspace.id, 'notice.signpost')) return undefined;
  await writeAudit(ctx.db, {
    workspaceId: caller.workspace.id,
    actorMemberId: caller.member.id,
    action: 'notice.signpost',
    at: ctx.clock.now(),
  });
  return SIGNPOST_NOTICE;
}
