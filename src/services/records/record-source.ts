/**
 * Reads a member's own reflections and attended sessions for their record, decrypting only in memory.
 * Filled in from the check-in and session tables as those features land.
 */
import type { CheckinReflection, SessionAttended } from '../../core/records/record-model.js';
import type { Member } from '../../store/member.repository.js';
import type { ServiceContext } from '../context.js';

export async function loadPracticeRecord(
  _ctx: ServiceContext,
  _member: Member,
  _from: string,
  _to: string,
  _zone: string,
): Promise<{ reflections: CheckinReflection[]; sessions: SessionAttended[] }> {
  return { reflections: [], sessions: [] };
}
