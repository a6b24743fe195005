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
import type { Message } from '../../core/messages/message.js';
import type { Claimed, MessageKind, Rendered } from '../../delivery/engine.js';
import { getCadence } from '../../store/cadence.repository.js';
import { sharedReflections } from '../../store/checkin-answer.repository.js';
import { checkinReflectionPlace, digestSharersPlace } from '../../store/cipher-places.js';
import {
  claimDigestPost,
  digestCodeTaken,
  digestsOwed,
  dropDigestPost,
  getDigestPost,
  previousDigestAt,
  setDigestMessageRef,
} from '../../store/digest-post.repository.js';
import { finishOccurrence, getOccurrence, type Occurrence } from '../../store/occurrence.repository.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import type { StoredAudience } from '../cadences/cadence-service.js';
import type { ServiceContext } from '../context.js';
import { workspaceKey } from './fan-out.js';
import { CHECKIN_OUTBOX } from './job-names.js';
import { owedJobs } from './owed-jobs.js';
import { GIVE_UP_MS, SETTLE_MS } from './sender.js';

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

interface DigestClaim extends Claimed {
  occurrenceId: number;
  rendered: Rendered;
}

/** The digest's words and who shared, or undefined (with the reason) when there is nothing to post. */
async function compose(
  ctx: ServiceContext,
  occurrence: Occurrence,
  cadenceId: number,
  workspace: Workspace,
): Promise<{ message: Message; sharers: string[] } | undefined> {
  const previous = await previousDigestAt(ctx.db, cadenceId, new Date(occurrence.scheduled_for));
  const encrypted = await sharedReflections(ctx.db, workspace.id, previous ?? null, occurrence.scheduled_for);
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
  if (!rendered) return undefined;
  return { message: rendered, sharers: sharersOf(reflections, () => ctx.random.next()) };
}

/**
 * `checkin.digest`: compose and post one digest to its channel.
 *
 * The claim (the occurrence 'sent', the post row with its code and encrypted sharers, in one transaction) comes
 * before the post and the message's reference after it. A post refused for a while (rate limit, 5xx) gives the
 * claim back; a worker killed between claim and mark leaves the row without a reference, and the job run again
 * (BullMQ's stalled-job recovery, or the sweep when Redis lost it) posts it under the same code: at worst a
 * second copy of the same digest, never the reflections lost.
 */
export function digestKind(ctx: ServiceContext): MessageKind<{ occurrenceId: number }, DigestClaim> {
  const skip = (id: number, reason: string) =>
    finishOccurrence(ctx.db, id, 'skipped', ctx.clock.now(), reason);
  return {
    job: CHECKIN_OUTBOX.digest,
    metric: 'digest',
    missed: 'digest',
    perConversation: true,
    async claim(data) {
      const occurrence = await getOccurrence(ctx.db, data.occurrenceId);
      if (!occurrence || occurrence.cadence_id === null) return undefined;
      const halfDone = occurrence.status === 'sent' ? await getDigestPost(ctx.db, occurrence.id) : undefined;
      if (occurrence.status !== 'fanning-out' && !(halfDone && halfDone.message_ref === null))
        return undefined;
      const cadence = await getCadence(ctx.db, occurrence.cadence_id);
      const workspace = await getWorkspace(ctx.db, occurrence.workspace_id);
      const audience = cadence?.audience as StoredAudience | undefined;
      if (!cadence || !workspace?.active || audience?.kind !== 'channel') {
        if (!halfDone) await skip(occurrence.id, 'no channel to post to');
        return undefined;
      }
      const composed = await compose(ctx, occurrence, cadence.id, workspace);
      if (halfDone) {
        // Claimed by an attempt that died before the platform's answer was recorded: post it again, same code.
        if (!composed) return undefined;
        return {
          workspace,
          to: { channelId: halfDone.channel_id },
          occurrenceId: occurrence.id,
          rendered: { message: withDigestCode(composed.message, halfDone.code) },
        };
      }
      if (!composed) {
        await skip(occurrence.id, 'fewer than k people shared');
        return undefined;
      }
      const code = await freshCode(ctx, workspace.id);
      // Who shared, for the response's direct messages: one encrypted, shuffled list of member ids, never a
      // column per person and never beside a reflection. Written with the claim, in one transaction.
      const claimed = await claimDigestPost(ctx.db, {
        occurrenceId: occurrence.id,
        workspaceId: workspace.id,
        code,
        channelId: audience.channelId,
        postedAt: ctx.clock.now(),
        sharers: ctx.cipher.encrypt(JSON.stringify(composed.sharers), digestSharersPlace(occurrence.id)),
      });
      if (!claimed) return undefined;
      return {
        workspace,
        to: { channelId: audience.channelId },
        occurrenceId: occurrence.id,
        rendered: { message: withDigestCode(composed.message, code) },
      };
    },
    async render(c) {
      return c.rendered;
    },
    async sent(c, ref) {
      await setDigestMessageRef(ctx.db, c.occurrenceId, { ...ref });
    },
    async retry(c) {
      await dropDigestPost(ctx.db, c.occurrenceId, { retry: true });
    },
    async undelivered(c) {
      await dropDigestPost(ctx.db, c.occurrenceId, {
        retry: false,
        reason: 'could not post to the channel',
        at: ctx.clock.now(),
      });
    },
    /**
     * Digests of the last two days, due at least {@link SETTLE_MS} ago, never claimed (their job lost before it
     * ran) or claimed and never marked (lost between claim and mark).
     */
    async owed(now) {
      const rows = await digestsOwed(
        ctx.db,
        new Date(now.getTime() - GIVE_UP_MS),
        new Date(now.getTime() - SETTLE_MS),
      );
      return owedJobs(ctx, rows, (r: { occurrenceId: number }) => ({
        jobId: `digest-${r.occurrenceId}`,
        data: { occurrenceId: r.occurrenceId },
      }));
    },
  };
}

/** A digest code not yet used in the workspace (a clash is rare: 29^4 codes). */
async function freshCode(ctx: ServiceContext, workspaceId: string): Promise<string> {
  for (;;) {
    const code = newDigestCode(() => ctx.random.next());
    if (!(await digestCodeTaken(ctx.db, workspaceId, code))) return code;
  }
}
