/**
 * Single-use links to a member's own record (`me record`): only the token's hash is kept, valid until
 * `expires_at`, used once by one atomic update. The services make the token and hash it.
 */
import type { Selectable } from 'kysely';
import type { Executor, RecordTokensTable } from '../../db/schema.js';

export type RecordToken = Selectable<RecordTokensTable>;

export async function insertRecordToken(
  db: Executor,
  token: {
    tokenHash: string;
    memberId: string;
    format: RecordToken['format'];
    layout: RecordToken['layout'];
    from: string;
    to: string;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('record_tokens')
    .values({
      token_hash: token.tokenHash,
      member_id: token.memberId,
      format: token.format,
      layout: token.layout,
      from_date: token.from,
      to_date: token.to,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** The format of a token that can still be redeemed, without using it up. */
export async function peekRecordToken(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<RecordToken['format'] | undefined> {
  const row = await db
    .selectFrom('record_tokens')
    .select('format')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.format;
}

/** Use a token: exactly once, before it expires. One atomic update, so two requests at once cannot both get it. */
export async function redeemRecordToken(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<RecordToken | undefined> {
  return db
    .updateTable('record_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** Unused, unexpired record links of one member, for `/roundtable me`. */
export async function countOpenRecordTokens(db: Executor, memberId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('record_tokens')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('member_id', '=', memberId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
