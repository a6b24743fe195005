/**
 * The learning digest: a `digest` cadence firing posts the reflections people chose to share since the last
 * digest that was posted, shuffled, without names or times, and only when at least k different people shared
 * (each person at most once: their latest; the core decides). Reflections are
 * decrypted in memory here and nowhere else. Under k nothing is posted and nothing says how many shared; those
 * reflections wait for the next digest.
 *
 * A posted digest carries a short code in its footer (`D-7K2Q`) that admins answer it by
 * (`digest-response.ts`); who shared is kept only as one encrypted, shuffled list for that answer's messages.
 */
import {
  newDigestCode,
  renderDigest,
  type SharedText,
  sharersOf,
  withDigestCode,
} from '../../core/checkins/index.js';
import type { OutboxJob } from '../../jobs/job-types.js';
import { getCadence } from '../../store/cadence.repository.js';
import { sharedReflections } from '../../store/checkin-answer.repository.js';
import { checkinReflectionPlace, digestSharersPlace } from '../../store/cipher-places.js';
import {
  claimDigestPost,
  digestCodeTaken,
  dropDigestPost,
  setDigestMessageRef,
} from '../../store/digest-post.repository.js';
import { getOccurrence, type Occurrence } from '../../store/occurrence.repository.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import type { StoredAudience } from '../cadences/cadence-service.js';
import { noteSendFailure } from '../../delivery/missed.js';
import type { ServiceContext } from '../context.js';
import { workspaceKey } from './fan-out.js';
import { CHECKIN_OUTBOX } from './job-names.js';

/** The digest cadence's `fire`: hand the posting to the outbox (throttled, rate limits honoured). */
export async function fireDigest(ctx: ServiceContext, occurrence: Occurrence): Promise<void> {
  const workspace = await getWorkspace(ctx.db, occurrence.workspace_id);
  if (!workspace) return;
  await ctx.jobs.enqueueOutbox(
    CHECKIN_OUTBOX.digest,
    {
      workspaceKey: workspaceKey(workspace),
      platform: workspace.platform,
      occurrenceId: occurrence.id,
    },
    { jobId: `digest-${occurrence.id}` },
  );
}

async function finish(ctx: ServiceContext, id: number, status: 'sent' | 'skipped', reason?: string) {
  await ctx.db
    .updateTable('occurrences')
    .set({ status, skip_reason: reason ?? null, finished_at: ctx.clock.now() })
    .where('id', '=', id)
    .execute();
}

/** `checkin.digest`: compose and post one digest. A posted digest is never posted again. */
export async function postDigest(
  ctx: ServiceContext,
  data: OutboxJob<{ occurrenceId: number }>,
): Promise<void> {
  const occurrence = await getOccurrence(ctx.db, data.occurrenceId);
  if (occurrence?.status !== 'fanning-out' || occurrence.cadence_id === null) return;
  const cadence = await getCadence(ctx.db, occurrence.cadence_id);
  const workspace = await getWorkspace(ctx.db, occurrence.workspace_id);
  const audience = cadence?.audience as StoredAudience | undefined;
  if (!cadence || !workspace?.active || audience?.kind !== 'channel') {
    await finish(ctx, occurrence.id, 'skipped', 'no channel to post to');
    return;
  }
  const previous = await ctx.db
    .selectFrom('occurrences')
    .select('scheduled_for')
    .where('cadence_id', '=', cadence.id)
    .where('status', '=', 'sent')
    .where('scheduled_for', '<', occurrence.scheduled_for)
    .orderBy('scheduled_for', 'desc')
    .limit(1)
    .executeTakeFirst();
  const encrypted = await sharedReflections(
    ctx.db,
    workspace.id,
    previous?.scheduled_for ?? null,
    occurrence.scheduled_for,
  );
  const reflections: SharedText[] = [];
  for (const value of encrypted) {
    try {
      reflections.push({
        person: value.memberId,
        text: ctx.cipher.decrypt(value.reflection, checkinReflectionPlace(value.deliveryId)),
      });
    } catch {
      // Unreadable (a key no longer configured, or a value copied in from another row): left out, never garbled.
    }
  }
  const rendered = renderDigest({ reflections, k: workspace.k, random: () => ctx.random.next() });
  if (!rendered) {
    await finish(ctx, occurrence.id, 'skipped', 'fewer than k people shared');
    return;
  }
  const code = await freshCode(ctx, workspace.id);
  const message = withDigestCode(rendered, code);
  // Who shared, for the response's direct messages: one encrypted, shuffled list of member ids, never a column
  // per person and never beside a reflection. Written with the claim, in one transaction.
  const sharers = sharersOf(reflections, () => ctx.random.next());
  const postedAt = ctx.clock.now();
  // Claim before posting: a crash after this point loses one digest rather than posting it twice.
  const claimed = await claimDigestPost(ctx.db, {
    occurrenceId: occurrence.id,
    workspaceId: workspace.id,
    code,
    channelId: audience.channelId,
    postedAt,
    sharers: ctx.cipher.encrypt(JSON.stringify(sharers), digestSharersPlace(occurrence.id)),
  });
  if (!claimed) return;
  try {
    const ref = await ctx.platforms
      .messenger(workspace.platform)
      .sendToChannel(workspace.external_id, audience.channelId, message);
    await setDigestMessageRef(ctx.db, occurrence.id, { ...ref });
    ctx.metrics.sends.inc({ platform: workspace.platform, kind: 'digest', outcome: 'sent' });
  } catch (error) {
    const outcome = await noteSendFailure(ctx, {
      workspaceId: workspace.id,
      kind: 'digest',
      memberId: null,
      error,
    });
    if (outcome.kind === 'rate-limited' || outcome.kind === 'retryable') {
      await dropDigestPost(ctx.db, occurrence.id, { retry: true });
      ctx.metrics.sends.inc({ platform: workspace.platform, kind: 'digest', outcome: 'retried' });
      throw error;
    }
    await dropDigestPost(ctx.db, occurrence.id, {
      retry: false,
      reason: 'could not post to the channel',
      at: ctx.clock.now(),
    });
    ctx.metrics.sends.inc({ platform: workspace.platform, kind: 'digest', outcome: 'failed' });
    ctx.logger.warn(
      { occurrence: occurrence.id, error: error instanceof Error ? error.name : 'unknown' },
      'digest could not be posted',
    );
  }
}

/** A digest code not yet used in the workspace (a clash is rare: 29^4 codes). */
async function freshCode(ctx: ServiceContext, workspaceId: string): Promise<string> {
  for (;;) {
    const code = newDigestCode(() => ctx.random.next());
    if (!(await digestCodeTaken(ctx.db, workspaceId, code))) return code;
  }
}
