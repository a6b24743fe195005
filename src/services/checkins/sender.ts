/**
 * The outbox handlers of check-ins: the check-in itself, the one reminder, the private support message and the
 * admin's preview. Each claims its row in Postgres before sending, so retries and extra workers never send a
 * sent message again.
 *
 * The bounded duplicate: a worker that crashes after the platform accepted a check-in but before the row is
 * marked 'sent' leaves it 'sending'; the retried job sends it once more. Reminders and support messages are
 * claimed before sending instead, so a crash there loses at most that one message (never sends it twice).
 */
import {
  type OptIn,
  type PromptLibrary,
  checkinMessage,
  choosePrompt,
  findPrompt,
  findSendablePrompt,
  lowCapacityMessage,
  reminderMessage,
} from '../../core/checkins/index.js';
import type { Message } from '../../core/messages/message.js';
import { showCrisisLines } from '../../core/messages/support.js';
import type { OutboxEnvelope, OutboxJob } from '../../jobs/job-types.js';
import type { MessageRef } from '../../ports.js';
import {
  claimDelivery,
  claimReminder,
  claimSupport,
  deliveryPrompt,
  getDelivery,
  markDelivery,
  promptHistory,
  releaseReminder,
  releaseSupport,
  setDeliveryPrompt,
} from '../../store/checkin.repository.js';
import { getMember, isPaused, type Member } from '../../store/member.repository.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import { noteSendFailure } from '../../delivery/missed.js';
import { RoundFactsCache } from './round-facts.js';
import { classifyOutcome } from '../../delivery/outcome.js';
import type { ServiceContext } from '../context.js';
import { isStopped } from '../members/suppression.js';
import { finishIfDone, workspaceKey } from './fan-out.js';
import { CHECKIN_OUTBOX } from './job-names.js';
import { effectiveZone, inQuietHours, msUntilQuietEnds } from './quiet-hours.js';
import { libraryForWorkspace } from './workspace-library.js';
import { markSaidWeDidShown, saidWeDidFor } from './report-response.js';

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}

async function sendDirect(
  ctx: ServiceContext,
  workspace: Workspace,
  member: Member,
  message: Message,
): Promise<MessageRef> {
  return ctx.platforms
    .messenger(workspace.platform)
    .sendDirect({ workspaceId: workspace.external_id, userId: member.external_id }, message);
}

/**
 * The prompt of a delivery: chosen once, from the member's history, then kept for every attempt. `workspaceLib` is
 * the library as the member's workspace sees it (its own prompts in, paused ones out); `chosen`, the prompt an
 * earlier attempt recorded.
 */
async function promptFor(
  ctx: ServiceContext,
  base: PromptLibrary,
  workspaceLib: PromptLibrary,
  deliveryId: number,
  member: Member,
  chosen: string | undefined,
) {
  const band = (member.band ?? undefined) as Parameters<typeof choosePrompt>[1];
  // Lived experience is the person's own attribute: its prompts come as well as their band's.
  const livedExperience = member.lived_experience;
  // Grief prompts only for someone who chose them (`me grief on`), never as a random draw for anyone else.
  const optIns: OptIn[] = member.grief_prompts ? ['grief'] : [];
  const choose = (history: readonly string[]) => {
    try {
      return choosePrompt(workspaceLib, band, history, () => ctx.random.next(), {
        optIns,
        livedExperience,
      });
    } catch {
      // Every prompt for this band paused in the workspace: the shared library still has one.
      return choosePrompt(base, band, history, () => ctx.random.next(), { optIns, livedExperience });
    }
  };
  let id = chosen;
  if (!id) {
    const history = await promptHistory(ctx.db, member.id);
    id = await setDeliveryPrompt(ctx.db, deliveryId, choose(history).id, ctx.clock.now());
  }
  // A prompt retired (or paused) since it was chosen: show another, keep the recorded id (rotation ignores it).
  return findSendablePrompt(workspaceLib, id) ?? choose([]);
}

/**
 * `checkin.send`: one check-in DM for one delivery row. What the whole round shares (the workspace, its prompt
 * library, the cadence's words) comes from `rounds`, once per round; what is the person's is read fresh.
 */
export async function sendCheckin(
  ctx: ServiceContext,
  library: PromptLibrary,
  data: OutboxJob<{ deliveryId: number }>,
  rounds: RoundFactsCache = new RoundFactsCache(ctx, library),
): Promise<void> {
  const deliveryId = data.deliveryId;
  const delivery = await claimDelivery(ctx.db, deliveryId);
  if (!delivery) return; // sent, skipped or failed already; or the person was forgotten
  const member = await getMember(ctx.db, delivery.member_id);
  const round = member && (await rounds.facts(delivery.occurrence_id, member.workspace_id));
  if (!member || !round) return;
  const workspace = round.workspace;
  const now = ctx.clock.now();
  const platform = workspace.platform;
  const skip = !workspace.active
    ? 'workspace inactive'
    : (await isStopped(ctx.db, ctx.people, workspace, member.external_id))
      ? 'stopped'
      : isPaused(member, now)
        ? 'paused'
        : inQuietHours(member, effectiveZone(member, workspace), now)
          ? 'quiet hours'
          : undefined;
  if (skip) {
    // A send parked past its moment (rate limits) is skipped, never delivered into quiet hours or a pause.
    // Not counted in /metrics: a skip is someone's pause or quiet hours (see src/metrics.ts).
    await markDelivery(ctx.db, deliveryId, { status: 'skipped', skipReason: skip });
    await finishIfDone(ctx, delivery.occurrence_id);
    return;
  }
  const prompt = await promptFor(ctx, library, round.library, deliveryId, member, delivery.promptId);
  // The first check-in a person gets opens with the welcome (docs/CONSENT.md); until they answer it, every
  // check-in shows the stop choice.
  // A person with no role who has not answered the welcome's role question is asked it there, once.
  const welcome =
    member.welcomed_at === null
      ? {
          howOften: round.howOften,
          askBand: member.band === null && member.band_answered_at === null,
        }
      : undefined;
  // "You said, we did": the admins' answer to a week this person was sent a check-in in, once, on top.
  const saidWeDid = round.hasWeekAnswers
    ? await saidWeDidFor(ctx, workspace, member)
    : { weeks: [], texts: [] };
  const message = checkinMessage({
    saidWeDid: saidWeDid.texts,
    prompt,
    signpost: workspace.signpost ?? undefined,
    deliveryId: String(deliveryId),
    k: workspace.k,
    crisisLines: showCrisisLines(workspace),
    welcome,
    stopChoice: member.checkins_consent !== 'yes',
    scale: member.energy_scale,
  });
  let ref: MessageRef;
  try {
    ref = await sendDirect(ctx, workspace, member, message);
  } catch (error) {
    const outcome = await noteSendFailure(ctx, {
      workspaceId: workspace.id,
      kind: 'checkin',
      memberId: member.id,
      error,
    });
    if (outcome.kind === 'rate-limited') {
      await markDelivery(ctx.db, deliveryId, { status: 'rate-limited', error: 'rate limited' });
      ctx.metrics.sends.inc({ platform, kind: 'checkin', outcome: 'retried' });
      throw error;
    }
    if (outcome.kind === 'retryable') {
      await markDelivery(ctx.db, deliveryId, { status: 'pending', error: errorName(error) });
      ctx.metrics.sends.inc({ platform, kind: 'checkin', outcome: 'retried' });
      throw error;
    }
    // Permanent, or "maybe delivered" (never sent again, so nobody gets it twice).
    const reason = outcome.kind === 'permanent' ? outcome.reason : outcome.kind;
    await markDelivery(ctx.db, deliveryId, { status: 'failed', error: `${errorName(error)}: ${reason}` });
    ctx.metrics.sends.inc({ platform, kind: 'checkin', outcome: 'failed' });
    ctx.logger.warn({ delivery: deliveryId, error: errorName(error), reason }, 'check-in could not be sent');
    await finishIfDone(ctx, delivery.occurrence_id);
    return;
  }
  await markDelivery(ctx.db, deliveryId, {
    status: 'sent',
    messageRef: { ...ref },
    sentAt: ctx.clock.now(),
    error: null,
  });
  await markSaidWeDidShown(ctx, workspace, member, saidWeDid.weeks);
  if (welcome) {
    await ctx.db
      .updateTable('members')
      .set({ welcomed_at: ctx.clock.now() })
      .where('id', '=', member.id)
      .where('welcomed_at', 'is', null)
      .execute();
  }
  ctx.metrics.sends.inc({ platform, kind: 'checkin', outcome: 'sent' });
  await finishIfDone(ctx, delivery.occurrence_id);
}

async function answered(ctx: ServiceContext, deliveryId: number): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('checkin_answers')
    .select('delivery_id')
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Kinds of one-off message whose sending follows from someone's answer or silence (support after a very low
 * answer; a reminder only to a non-responder): never counted in /metrics (see src/metrics.ts).
 */
const UNCOUNTED_KINDS = new Set(['checkin-support', 'checkin-reminder']);

/**
 * Send a claimed one-off message (reminder, support); on a failure worth retrying give the claim back and
 * rethrow, otherwise keep the claim (it is never tried again).
 */
async function sendClaimed(
  ctx: ServiceContext,
  kind: string,
  workspace: Workspace,
  member: Member,
  message: Message,
  release: () => Promise<void>,
): Promise<void> {
  const count = (outcome: string) => {
    if (!UNCOUNTED_KINDS.has(kind)) ctx.metrics.sends.inc({ platform: workspace.platform, kind, outcome });
  };
  try {
    await sendDirect(ctx, workspace, member, message);
    count('sent');
  } catch (error) {
    // Reminders and support messages are not recorded as misses: the row would say who did not answer, or
    // answered low (see src/delivery/missed.ts).
    const outcome = classifyOutcome(error);
    if (outcome.kind === 'rate-limited' || outcome.kind === 'retryable') {
      await release();
      count('retried');
      throw error;
    }
    count('failed');
    ctx.logger.warn({ kind, error: errorName(error) }, 'message could not be sent');
  }
}

/** `checkin.reminder`: the one gentle reminder, only to a non-responder, never in their quiet hours. */
export async function sendReminder(
  ctx: ServiceContext,
  library: PromptLibrary,
  data: OutboxJob<{ deliveryId: number }>,
): Promise<void> {
  const deliveryId = data.deliveryId;
  const delivery = await getDelivery(ctx.db, deliveryId);
  if (delivery?.status !== 'sent' || (await answered(ctx, deliveryId))) return;
  const member = await getMember(ctx.db, delivery.member_id);
  const workspace = member && (await getWorkspace(ctx.db, member.workspace_id));
  if (!member || !workspace?.active) return;
  const now = ctx.clock.now();
  if (isPaused(member, now)) return;
  if (await isStopped(ctx.db, ctx.people, workspace, member.external_id)) return;
  const wait = msUntilQuietEnds(member, effectiveZone(member, workspace), now);
  if (wait > 0) {
    // Not during quiet hours: try again when they end.
    await ctx.jobs.enqueueOutbox(CHECKIN_OUTBOX.reminder, data, {
      jobId: `reminder-${deliveryId}-${now.getTime() + wait}`,
      delayMs: wait,
    });
    return;
  }
  const promptId = await deliveryPrompt(ctx.db, deliveryId);
  if (!promptId || !(await claimReminder(ctx.db, deliveryId, now))) return;
  const workspaceLib = await libraryForWorkspace(ctx, library, workspace.id);
  const prompt = findPrompt(workspaceLib, promptId) ?? { text: 'How are you finding things at the moment?' };
  const message = reminderMessage({
    prompt,
    signpost: workspace.signpost ?? undefined,
    deliveryId: String(deliveryId),
    k: workspace.k,
    crisisLines: showCrisisLines(workspace),
    stopChoice: member.checkins_consent !== 'yes',
    scale: member.energy_scale,
  });
  await sendClaimed(ctx, 'checkin-reminder', workspace, member, message, () =>
    releaseReminder(ctx.db, deliveryId),
  );
}

/** `checkin.support`: the private message after a very low answer. Goes to that person only. */
export async function sendSupport(
  ctx: ServiceContext,
  data: OutboxJob<{ deliveryId: number }>,
): Promise<void> {
  const deliveryId = data.deliveryId;
  const delivery = await getDelivery(ctx.db, deliveryId);
  if (!delivery) return;
  const member = await getMember(ctx.db, delivery.member_id);
  const workspace = member && (await getWorkspace(ctx.db, member.workspace_id));
  if (!member || !workspace?.active) return;
  if (!(await claimSupport(ctx.db, deliveryId, ctx.clock.now()))) return;
  const message = lowCapacityMessage({
    signpost: workspace.signpost ?? undefined,
    crisisLines: showCrisisLines(workspace),
  });
  await sendClaimed(ctx, 'checkin-support', workspace, member, message, () =>
    releaseSupport(ctx.db, deliveryId),
  );
}

export const PREVIEW_VALUE = 'preview';
export const PREVIEW_LINE =
  'Preview: this is what people receive. The buttons here do nothing, and nothing you type is saved.';

/** `checkin.preview`: what a check-in looks like, to the admin who said `checkin now`. */
export async function sendPreview(
  ctx: ServiceContext,
  library: PromptLibrary,
  data: OutboxJob<{ memberId: string }>,
): Promise<void> {
  const member = await getMember(ctx.db, data.memberId);
  const workspace = member && (await getWorkspace(ctx.db, member.workspace_id));
  if (!member || !workspace?.active) return;
  const band = (member.band ?? undefined) as Parameters<typeof choosePrompt>[1];
  const workspaceLib = await libraryForWorkspace(ctx, library, workspace.id);
  const prompt = choosePrompt(workspaceLib, band, [], () => ctx.random.next());
  const inner = checkinMessage({
    prompt,
    signpost: workspace.signpost ?? undefined,
    deliveryId: PREVIEW_VALUE,
    k: workspace.k,
    crisisLines: showCrisisLines(workspace),
  });
  const message: Message = {
    text: `${PREVIEW_LINE} ${inner.text}`,
    blocks: [{ type: 'text', text: PREVIEW_LINE }, ...inner.blocks],
  };
  await sendClaimed(ctx, 'checkin-preview', workspace, member, message, async () => {});
}

/** The outbox job for a support message (enqueued by the answer handler). */
export function supportJob(
  workspace: Workspace,
  deliveryId: number,
): { data: OutboxEnvelope & { deliveryId: number }; jobId: string } {
  return {
    data: {
      workspaceKey: workspaceKey(workspace),
      platform: workspace.platform,
      deliveryId,
    },
    jobId: `support-${deliveryId}`,
  };
}
