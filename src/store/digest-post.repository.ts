/**
 * Posted learning digests (`digest_posts`): the short code, where it went, the encrypted list of the people whose
 * reflections it held (one value, no reflection ids) and the encrypted response. Nothing here decrypts.
 */
import type { Selectable } from 'kysely';
import type { DigestPostsTable, Executor } from '../../db/schema.js';

export type DigestPost = Selectable<DigestPostsTable>;

export interface NewDigestPost {
  occurrenceId: number;
  workspaceId: string;
  code: string;
  channelId: string;
  postedAt: Date;
  /** Ciphertext of the shuffled member ids (bound to `digestSharersPlace`). */
  sharers: string;
}

/** Whether a code is already used in the workspace. */
export async function digestCodeTaken(db: Executor, workspaceId: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('digest_posts')
    .select('occurrence_id')
    .where('workspace_id', '=', workspaceId)
    .where('code', '=', code)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Claim a digest occurrence for posting and write its post row, sharers included, in one transaction: the
 * occurrence becomes 'sent' only together with its post. False when another worker claimed it first.
 */
export async function claimDigestPost(db: Executor, post: NewDigestPost): Promise<boolean> {
  const run = async (tx: Executor) => {
    const claimed = await tx
      .updateTable('occurrences')
      .set({ status: 'sent', finished_at: post.postedAt })
      .where('id', '=', post.occurrenceId)
      .where('status', '=', 'fanning-out')
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return false;
    await tx
      .insertInto('digest_posts')
      .values({
        occurrence_id: post.occurrenceId,
        workspace_id: post.workspaceId,
        code: post.code,
        channel_id: post.channelId,
        posted_at: post.postedAt,
        sharers: post.sharers,
      })
      // A row left by an earlier attempt of the same occurrence (it was given back) is replaced.
      .onConflict((oc) =>
        oc.column('occurrence_id').doUpdateSet({
          code: post.code,
          channel_id: post.channelId,
          posted_at: post.postedAt,
          sharers: post.sharers,
          message_ref: null,
        }),
      )
      .execute();
    return true;
  };
  return inTransaction(db, run);
}

/** Run `work` in the caller's transaction, or a new one (a repository is handed either; docs/PITFALLS.md). */
function inTransaction<T>(db: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** The digest could not be posted: take the post row away; `retry` gives the occurrence back for another try. */
export async function dropDigestPost(
  db: Executor,
  occurrenceId: number,
  outcome: { retry: true } | { retry: false; reason: string; at: Date },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.deleteFrom('digest_posts').where('occurrence_id', '=', occurrenceId).execute();
    await tx
      .updateTable('occurrences')
      .set(
        outcome.retry
          ? { status: 'fanning-out', finished_at: null }
          : { status: 'skipped', skip_reason: outcome.reason, finished_at: outcome.at },
      )
      .where('id', '=', occurrenceId)
      .execute();
  });
}

export async function setDigestMessageRef(
  db: Executor,
  occurrenceId: number,
  ref: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable('digest_posts')
    .set({ message_ref: JSON.stringify(ref) })
    .where('occurrence_id', '=', occurrenceId)
    .execute();
}

export async function findDigestPost(
  db: Executor,
  workspaceId: string,
  code: string,
): Promise<DigestPost | undefined> {
  return db
    .selectFrom('digest_posts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function getDigestPost(db: Executor, occurrenceId: number): Promise<DigestPost | undefined> {
  return db
    .selectFrom('digest_posts')
    .selectAll()
    .where('occurrence_id', '=', occurrenceId)
    .executeTakeFirst();
}

/** Store the response (ciphertext) once: false when the digest was answered already. */
export async function setDigestResponse(
  db: Executor,
  occurrenceId: number,
  response: string,
  at: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('digest_posts')
    .set({ response, responded_at: at })
    .where('occurrence_id', '=', occurrenceId)
    .where('responded_at', 'is', null)
    .returning('occurrence_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Take an answer back that could not be queued (the job queue went away): the digest is open again. */
export async function clearDigestResponse(db: Executor, occurrenceId: number): Promise<void> {
  await db
    .updateTable('digest_posts')
    .set({ response: null, responded_at: null })
    .where('occurrence_id', '=', occurrenceId)
    .where('response_posted_at', 'is', null)
    .execute();
}

/** Claim posting the response in the channel (at most once). */
export async function claimResponsePost(db: Executor, occurrenceId: number, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('digest_posts')
    .set({ response_posted_at: at })
    .where('occurrence_id', '=', occurrenceId)
    .where('response_posted_at', 'is', null)
    .returning('occurrence_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function releaseResponsePost(db: Executor, occurrenceId: number): Promise<void> {
  await db
    .updateTable('digest_posts')
    .set({ response_posted_at: null })
    .where('occurrence_id', '=', occurrenceId)
    .execute();
}

/** Empty a post's sharers (its response's messages are queued): nothing is left to say who shared. */
export async function clearSharers(db: Executor, occurrenceId: number): Promise<void> {
  await db
    .updateTable('digest_posts')
    .set({ sharers: null })
    .where('occurrence_id', '=', occurrenceId)
    .execute();
}

/** The posts of a workspace that still hold sharers (for `forget me`). */
export async function postsWithSharers(
  db: Executor,
  workspaceId: string,
): Promise<Array<{ occurrenceId: number; sharers: string }>> {
  const rows = await db
    .selectFrom('digest_posts')
    .select(['occurrence_id', 'sharers'])
    .where('workspace_id', '=', workspaceId)
    .where('sharers', 'is not', null)
    .execute();
  return rows.map((r) => ({ occurrenceId: r.occurrence_id, sharers: r.sharers! }));
}

/** Replace a post's sharers only if they are still `old` (a concurrent change wins and is read again). */
export async function replaceSharers(
  db: Executor,
  occurrenceId: number,
  old: string,
  next: string | null,
): Promise<boolean> {
  const row = await db
    .updateTable('digest_posts')
    .set({ sharers: next })
    .where('occurrence_id', '=', occurrenceId)
    .where('sharers', '=', old)
    .returning('occurrence_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The workspace's posted digests, newest first (codes and dates only). */
export async function listDigestPosts(
  db: Executor,
  workspaceId: string,
  limit: number,
): Promise<Array<{ code: string; postedAt: Date; respondedAt: Date | null }>> {
  const rows = await db
    .selectFrom('digest_posts')
    .select(['code', 'posted_at', 'responded_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('posted_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    code: r.code,
    postedAt: new Date(r.posted_at),
    respondedAt: r.responded_at ? new Date(r.responded_at) : null,
  }));
}

/** Retention: empty the sharers and the response of posts made before `before`. Returns how many changed. */
export async function expireDigestPostsBefore(
  db: Executor,
  workspaceId: string,
  before: Date,
): Promise<number> {
  const result = await db
    .updateTable('digest_posts')
    .set({ sharers: null, response: null })
    .where('workspace_id', '=', workspaceId)
    .where('posted_at', '<', before)
    .where((eb) => eb.or([eb('sharers', 'is not', null), eb('response', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** When the last digest of a cadence that was posted before `before` was due, or undefined for its first. */
export async function previousDigestAt(
  db: Executor,
  cadenceId: number,
  before: Date,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom('occurrences')
    .select('scheduled_for')
    .where('cadence_id', '=', cadenceId)
    .where('status', '=', 'sent')
    .where('scheduled_for', '<', before)
    .orderBy('scheduled_for', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.scheduled_for) : undefined;
}

/**
 * Digests due in [`from`, `to`) that are owed: never claimed (the occurrence of a digest cadence still
 * 'fanning-out') or claimed and never marked (a post row without a message reference). The delivery sweep's list.
 */
export async function digestsOwed(
  db: Executor,
  from: Date,
  to: Date,
): Promise<Array<{ occurrenceId: number; workspaceId: string }>> {
  const rows = await db
    .selectFrom('occurrences')
    .innerJoin('cadences', 'cadences.id', 'occurrences.cadence_id')
    .leftJoin('digest_posts', 'digest_posts.occurrence_id', 'occurrences.id')
    .select(['occurrences.id', 'occurrences.workspace_id'])
    .where('cadences.kind', '=', 'digest')
    .where('occurrences.scheduled_for', '>=', from)
    .where('occurrences.scheduled_for', '<', to)
    .where((eb) =>
      eb.or([
        eb('occurrences.status', '=', 'fanning-out'),
        eb.and([
          eb('occurrences.status', '=', 'sent'),
          eb('digest_posts.occurrence_id', 'is not', null),
          eb('digest_posts.message_ref', 'is', null),
        ]),
      ]),
    )
    .orderBy('occurrences.id')
    .execute();
  return rows.map((r) => ({ occurrenceId: r.id, workspaceId: r.workspace_id }));
}

/**
 * Digest answers given in [`from`, `to`) whose private messages were never queued (the sharers list is still
 * there): the delivery sweep's list for `checkin.digest-response`.
 */
export async function responsesOwed(
  db: Executor,
  from: Date,
  to: Date,
): Promise<Array<{ occurrenceId: number; workspaceId: string }>> {
  const rows = await db
    .selectFrom('digest_posts')
    .select(['occurrence_id', 'workspace_id'])
    .where('response', 'is not', null)
    .where('sharers', 'is not', null)
    .where('responded_at', '>=', from)
    .where('responded_at', '<', to)
    .orderBy('occurrence_id')
    .execute();
  return rows.map((r) => ({ occurrenceId: r.occurrence_id, workspaceId: r.workspace_id }));
}
