/**
 * "You said, we did" for the learning digest: `digest respond <code> "…"` (admins only), the response
 * posted in the digest's channel, and one direct message to each person whose reflection was in that digest —
 * without anyone, the person answering included, learning who those people are.
 *
 * How that holds: the digest's sharers are one encrypted, shuffled list of member ids (`digest_posts.sharers`, no
 * reflection ids), read only here, in memory, to queue the messages, and emptied as soon as they are queued. Each
 * message's job carries an encrypted ticket (Redis keeps job data in clear) and a keyed-hash job id, so neither
 * Redis nor the logs pair a member with a digest. The reply, the channel post and `digest responses` never name or
 * count the people. A person stopped or forgotten by the time their message goes gets nothing.
 *
 * The bounded duplicate: a worker that crashes after queueing some messages but before emptying the list queues
 * them again on retry; the job ids keep that to at most one extra message per person while their first job is
 * still kept by the queue.
 */
import {
  type DigestPostSummary,
  digestResponseDm,
  digestResponsePost,
  renderDigestResponses,
} from '../../core/checkins/index.js';
import { textMessage } from '../../core/messages/message.js';
import { showCrisisLines } from '../../core/messages/support.js';
import type { Claimed, MessageKind } from '../../delivery/engine.js';
import { QueueUnavailable } from '../../errors.js';
import { writeAudit } from '../../store/audit.repository.js';
import { place, Unreadable } from '../../crypto.js';
import { digestResponsePlace, digestSharersPlace } from '../../store/cipher-places.js';
import {
  claimResponsePost,
  clearDigestResponse,
  type DigestPost,
  clearSharers,
  findDigestPost,
  getDigestPost,
  listDigestPosts,
  postsWithSharers,
  releaseResponsePost,
  replaceSharers,
  responsesOwed,
  setDigestResponse,
} from '../../store/digest-post.repository.js';
import { getMember, type Member } from '../../store/member.repository.js';
import { countSeenByMember } from '../../store/report-response.repository.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import type { Caller, CommandOf, ServiceContext } from '../context.js';
import { isStopped } from '../members/suppression.js';
import { workspaceKey } from './fan-out.js';
import { CHECKIN_OUTBOX } from './job-names.js';
import { owedJobs } from './owed-jobs.js';
import { GIVE_UP_MS, SETTLE_MS } from './sender.js';

/** Where a direct-message ticket's ciphertext is bound: it decrypts nowhere else. */
const TICKET_PLACE = place('outbox', 'digest-response-dm', 'ticket');
/** How many posted digests `digest responses` lists. */
const RESPONSES_LISTED = 50;

export const RESPOND_REFUSED =
  'Only admins can answer a digest, because the answer goes to everyone who shared. If you would like something said about it, an admin can help: `/roundtable admins` shows who they are.';

/** `digest respond <code> "<text>"`: store the answer once, encrypted, and queue its posting. */
export async function respondToDigest(
  ctx: ServiceContext,
  command: CommandOf<'digest.respond'>,
  caller: Caller,
) {
  if (!caller.admin) return { message: textMessage(RESPOND_REFUSED) };
  const post = await findDigestPost(ctx.db, caller.workspace.id, command.code);
  if (!post) {
    return {
      message: textMessage(
        `I can't find digest ${command.code} here. Its code is at the foot of the digest post, like D-7K2Q. Nothing was saved.`,
      ),
    };
  }
  const answered = () =>
    textMessage(
      `Digest ${command.code} has been answered already. A digest takes one answer, so nothing was changed.`,
    );
  if (post.responded_at !== null) return { message: answered() };
  const now = ctx.clock.now();
  const stored = await setDigestResponse(
    ctx.db,
    post.occurrence_id,
    ctx.cipher.encrypt(command.text, digestResponsePlace(post.occurrence_id)),
    now,
  );
  if (!stored) return { message: answered() };
  try {
    await ctx.jobs.enqueueOutbox(
      CHECKIN_OUTBOX.digestResponse,
      {
        workspaceKey: workspaceKey(caller.workspace),
        platform: caller.workspace.platform,
        occurrenceId: post.occurrence_id,
      },
      { jobId: `digest-response-${post.occurrence_id}` },
    );
  } catch (error) {
    // Redis went away after the check before this command: take the answer back, so "try again" works.
    if (error instanceof QueueUnavailable) await clearDigestResponse(ctx.db, post.occurrence_id);
    throw error;
  }
  // The words are not audited: they are in the channel, and encrypted here.
  await writeAudit(ctx.db, {
    workspaceId: caller.workspace.id,
    actorMemberId: caller.member.id,
    action: 'digest.respond',
    after: { digest: post.code },
    at: now,
  });
  return {
    message: textMessage(
      `Thank you. Your answer to digest ${post.code} will be posted in the digest's channel, and sent privately to ` +
        'everyone whose reflection was in it. Nobody, you included, is told who they are.',
    ),
  };
}

/** `digest responses`: codes and dates of the posted digests, unanswered ones first. Never how many shared. */
export async function digestResponses(ctx: ServiceContext, caller: Caller) {
  const posts: DigestPostSummary[] = await listDigestPosts(ctx.db, caller.workspace.id, RESPONSES_LISTED);
  return { message: renderDigestResponses(posts, ctx.clock.now(), caller.workspace.timezone) };
}

interface ResponseClaim extends Claimed {
  post: DigestPost;
  workspace: Workspace;
  response: string;
}

/** Queue one direct message per person who shared, then empty the list (nothing is left to say who shared). */
async function queueResponseDms(ctx: ServiceContext, post: DigestPost, workspace: Workspace): Promise<void> {
  if (!post.sharers) return;
  const sharers = JSON.parse(
    ctx.cipher.decrypt(post.sharers, digestSharersPlace(post.occurrence_id)),
  ) as string[];
  await ctx.jobs.enqueueOutboxBulk(
    CHECKIN_OUTBOX.digestResponseDm,
    sharers.map((memberId) => ({
      data: {
        workspaceKey: workspaceKey(workspace),
        platform: workspace.platform,
        ticket: ctx.cipher.encrypt(
          JSON.stringify({ occurrenceId: post.occurrence_id, memberId }),
          TICKET_PLACE,
        ),
      },
      // Idempotent per (digest, person) while the job is kept; a keyed hash, so the id pairs nobody with a digest.
      jobId: `dr-${ctx.cipher.keyedHashes('digest-response-dm', `${post.occurrence_id}/${memberId}`)[0]!.slice(0, 40)}`,
    })),
  );
  await clearSharers(ctx.db, post.occurrence_id);
}

/**
 * `checkin.digest-response`: post the answer in the digest's channel (claimed first: posted at most once), then
 * queue the private messages, whether the post went or not. The sweep runs it again for an answer whose messages
 * were never queued (its job lost); a post claimed by an attempt that died is not posted again.
 */
export function digestResponseKind(
  ctx: ServiceContext,
): MessageKind<{ occurrenceId: number }, ResponseClaim> {
  const thenDms = async (c: ResponseClaim) => queueResponseDms(ctx, c.post, c.workspace);
  return {
    job: CHECKIN_OUTBOX.digestResponse,
    metric: 'digest-response',
    missed: 'digest',
    perConversation: true,
    async claim(data) {
      const post = await getDigestPost(ctx.db, data.occurrenceId);
      if (!post?.response) return undefined;
      const workspace = await getWorkspace(ctx.db, post.workspace_id);
      if (!workspace?.active) return undefined;
      if (!(await claimResponsePost(ctx.db, post.occurrence_id, ctx.clock.now()))) {
        // Posted already (or claimed by an attempt that died): the people who shared still get it privately.
        await queueResponseDms(ctx, post, workspace);
        return undefined;
      }
      const response = ctx.cipher.decrypt(post.response, digestResponsePlace(post.occurrence_id));
      return { workspace, to: { channelId: post.channel_id }, post, response };
    },
    async render(c) {
      return {
        message: digestResponsePost({
          code: c.post.code,
          postedAt: new Date(c.post.posted_at),
          zone: c.workspace.timezone,
          response: c.response,
        }),
      };
    },
    sent: thenDms,
    // The people who shared still get it privately.
    undelivered: thenDms,
    async retry(c) {
      await releaseResponsePost(ctx.db, c.post.occurrence_id);
    },
    /** Answers of the last two days, given at least ten minutes ago, whose private messages were never queued. */
    async owed(now) {
      const rows = await responsesOwed(
        ctx.db,
        new Date(now.getTime() - GIVE_UP_MS),
        new Date(now.getTime() - SETTLE_MS),
      );
      return owedJobs(ctx, rows, (r: { occurrenceId: number }) => ({
        jobId: `digest-response-${r.occurrenceId}`,
        data: { occurrenceId: r.occurrenceId },
      }));
    },
  };
}

interface ResponseDmClaim extends Claimed {
  workspace: Workspace;
  response: string;
}

/**
 * `checkin.digest-response-dm`: the answer to one person who shared, unless they stopped or were forgotten. No
 * row says who is owed one (that would say who shared), so a job Redis lost is not swept: the answer is still in
 * the channel. Not recorded as missed either, for the same reason.
 */
export function digestResponseDmKind(ctx: ServiceContext): MessageKind<{ ticket: string }, ResponseDmClaim> {
  return {
    job: CHECKIN_OUTBOX.digestResponseDm,
    metric: 'digest-response-dm',
    missed: null,
    async claim(data) {
      const { occurrenceId, memberId } = JSON.parse(ctx.cipher.decrypt(data.ticket, TICKET_PLACE)) as {
        occurrenceId: number;
        memberId: string;
      };
      const member = await getMember(ctx.db, memberId);
      if (!member) return undefined; // forgotten since
      const workspace = await getWorkspace(ctx.db, member.workspace_id);
      if (!workspace?.active) return undefined;
      if (await isStopped(ctx.db, ctx.people, workspace, member.external_id)) return undefined;
      const post = await getDigestPost(ctx.db, occurrenceId);
      if (!post?.response) return undefined;
      const response = ctx.cipher.decrypt(post.response, digestResponsePlace(post.occurrence_id));
      return { workspace, to: { memberId: member.id, userId: member.external_id }, response };
    },
    async render({ workspace, response }) {
      return {
        message: digestResponseDm({
          workspaceName: workspace.name?.trim() || 'your partnership',
          response,
          signpost: workspace.signpost ?? undefined,
          crisisLines: showCrisisLines(workspace),
        }),
      };
    },
    async sent() {},
  };
}

/** `forget me`: take the person out of every digest's sharers (decrypted, filtered and encrypted again here). */
export async function forgetSharer(ctx: ServiceContext, member: Member): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let changed = false;
    for (const post of await postsWithSharers(ctx.db, member.workspace_id)) {
      const where = digestSharersPlace(post.occurrenceId);
      let next: string | null;
      try {
        const sharers = JSON.parse(ctx.cipher.decrypt(post.sharers, where)) as string[];
        if (!sharers.includes(member.id)) continue;
        const left = sharers.filter((id) => id !== member.id);
        next = left.length > 0 ? ctx.cipher.encrypt(JSON.stringify(left), where) : null;
      } catch (error) {
        // A list that cannot be read here might still hold the person: it does not survive their forget.
        if (!(error instanceof Unreadable)) throw error;
        next = null;
      }
      if (!(await replaceSharers(ctx.db, post.occurrenceId, post.sharers, next))) changed = true;
    }
    // A concurrent change (another forget, the response queued) won a race: read again.
    if (!changed) return;
  }
}

/** For `me`: how many answered-digest lists still hold this person, and how many week answers they were shown. */
export async function aboutSaidWeDid(ctx: ServiceContext, member: Member): Promise<string[]> {
  let waiting = 0;
  for (const post of await postsWithSharers(ctx.db, member.workspace_id)) {
    try {
      const sharers = JSON.parse(
        ctx.cipher.decrypt(post.sharers, digestSharersPlace(post.occurrenceId)),
      ) as string[];
      if (sharers.includes(member.id)) waiting++;
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
    }
  }
  const seen = await countSeenByMember(ctx.db, member.id);
  return [
    `Learning digests you shared into that are waiting for an answer: ${waiting} (your id is kept, encrypted, in one list per digest, only until its answer is sent to you)`,
    `"You said, we did" week answers already shown to you: ${seen}`,
  ];
}
