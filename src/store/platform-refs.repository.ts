/**
 * What the platforms' tables hold about a person beyond their member row, for `forget me`. Teams keeps a
 * conversation reference per team, saved from the latest activity there: its `user` is whoever sent that
 * activity, so a person who is forgotten must be taken out of those too (their 1:1 references cascade with the
 * member row).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';

/** Remove the person from every Teams team reference that names them. Run before the member row is deleted. */
export async function forgetTeamsRefsOf(db: Executor, memberId: string): Promise<void> {
  const refs = await db
    .selectFrom('teams_user_refs')
    .select(['tenant_id', 'user_id', 'account_id'])
    .where('member_id', '=', memberId)
    .execute();
  for (const r of refs) {
    await db
      .updateTable('teams_team_refs')
      .set({ reference: sql`reference - 'user'` })
      .where('tenant_id', '=', r.tenant_id)
      .where((eb) =>
        eb.or([
          eb(sql`reference->'user'->>'id'`, '=', r.account_id),
          eb(sql`reference->'user'->>'aadObjectId'`, '=', r.user_id),
        ]),
      )
      .execute();
  }
  await db.deleteFrom('teams_user_refs').where('member_id', '=', memberId).execute();
}
