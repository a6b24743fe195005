/**
 * `checkin.submit` / `checkin.skip`: store an answer for the caller's own delivery, once. The reflection is
 * encrypted before it reaches the database and is never logged; a very low answer gets a private support
 * message, and nobody else is told.
 */
import {
  CHECKIN_IDS,
  canShare,
  findPrompt,
  type PromptLibrary,
  REFLECTION_MAX_LENGTH,
  isLowCapacity,
  parseCapacity,
  thankYouMessage,
} from '../../core/checkins/index.js';
import { textMessage } from '../../core/messages/message.js';
import type { ActionChosen, ActionResult } from '../../ports.js';
import { insertAnswer } from '../../store/checkin-answer.repository.js';
import { checkinReflectionPlace } from '../../store/cipher-places.js';
import { deliveryPrompt, getDelivery } from '../../store/checkin.repository.js';
import { getOccurrenceKind } from '../../store/occurrence.repository.js';
import type { Caller, ServiceContext } from '../context.js';
import { CHECKIN_OUTBOX } from './job-names.js';
import { PREVIEW_VALUE, supportJob } from './sender.js';
import { libraryForWorkspace } from './workspace-library.js';

export const NOT_YOURS =
  "I couldn't find that check-in among yours, so nothing was saved. Your own check-ins arrive as direct messages.";
export const ALREADY_ANSWERED = 'You have already answered this check-in, so nothing was changed.';
export const PREVIEW_ONLY = 'That was a preview, so nothing was saved.';

/**
 * Handle a Save or Skip click on a check-in. `library` says whether the delivery's prompt is shareable: for one that
 * is not, a share tick (which its message never offers, so only a forged payload carries one) is ignored.
 */
export async function answerCheckin(
  ctx: ServiceContext,
  event: ActionChosen,
  caller: Caller,
  library: PromptLibrary,
): Promise<ActionResult> {
  if (event.value === PREVIEW_VALUE) return { reply: textMessage(PREVIEW_ONLY) };
  const deliveryId = /^\d{1,9}$/.test(event.value) ? Number(event.value) : Number.NaN;
  const delivery = Number.isFinite(deliveryId) ? await getDelivery(ctx.db, deliveryId) : undefined;
  const occurrence = delivery && (await getOccurrenceKind(ctx.db, delivery.occurrence_id));
  // Someone else's delivery (a forged id) gets the same words as one that does not exist: nothing is revealed.
  if (!delivery || delivery.member_id !== caller.member.id || occurrence?.kind !== 'checkin') {
    ctx.logger.info({ workspace: caller.workspace.id }, 'check-in answer refused: not the caller’s delivery');
    return { reply: textMessage(NOT_YOURS) };
  }

  const skipped = event.actionId === CHECKIN_IDS.skip;
  const scale = skipped ? undefined : parseCapacity(event.values[CHECKIN_IDS.scale]);
  const text = skipped
    ? ''
    : (event.values[CHECKIN_IDS.reflection] ?? '').trim().slice(0, REFLECTION_MAX_LENGTH);
  const promptId = await deliveryPrompt(ctx.db, deliveryId);
  const prompt = promptId
    ? findPrompt(await libraryForWorkspace(ctx, library, caller.workspace.id), promptId)
    : undefined;
  const shareable = prompt ? canShare(prompt) : true;
  const shared = shareable && !skipped && text.length > 0 && event.values[CHECKIN_IDS.share] === 'true';
  const stored = await insertAnswer(ctx.db, {
    deliveryId,
    memberId: caller.member.id,
    workspaceId: caller.workspace.id,
    scale: scale ?? null,
    reflection: text ? ctx.cipher.encrypt(text, checkinReflectionPlace(deliveryId)) : null,
    keyId: text ? ctx.cipher.keyId : null,
    shared,
    skipped,
    answeredAt: ctx.clock.now(),
  });
  if (!stored) return { reply: textMessage(ALREADY_ANSWERED) };

  if (isLowCapacity(scale)) {
    const job = supportJob(caller.workspace, deliveryId);
    await ctx.jobs.enqueueOutbox(CHECKIN_OUTBOX.support, job.data, { jobId: job.jobId });
  }
  ctx.logger.info({ delivery: deliveryId, skipped }, 'check-in answered');
  return { update: thankYouMessage({ skipped, shared, wrote: text.length > 0 }) };
}
