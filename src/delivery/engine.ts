/**
 * The delivery engine: every message Roundtable sends goes through here, the same way.
 *
 * A feature declares a {@link MessageKind}: its outbox job (name and typed payload), how to claim the row that
 * says the message is owed and load what it needs, how to render it, and what a success or a failure means for
 * its own rows. The engine does the rest, in one loop for every kind:
 *
 *   job read and validated (the job runtime) → workspace budget (the runtime's shared token bucket; a job over
 *   budget is parked, never holding a worker) → claim and load → render → conversation budget → send through the
 *   platform port → classify the outcome (`outcome.ts`) → metrics → missed-delivery record (`missed.ts`) → mark.
 *
 * Outcomes, for every kind alike: `sent` marks it sent; `rate-limited` and `retryable` give the claim back and
 * let the job run again (after `Retry-After` or with backoff); `maybe-delivered` and `permanent` close the row as
 * undelivered and never send again, so nobody gets a message twice because a platform's answer was unclear.
 *
 * The engine also owns the sweep (`sweep.ts`): each kind says which of its rows are owed but may have lost their
 * job (Redis flushed, a failover to an empty replica), and the sweep enqueues again only the ones Redis no longer
 * holds. A worker killed between claim and mark is BullMQ's own stalled-job recovery: the job runs again, and the
 * kind's claim accepts a row it claimed itself.
 *
 * A fan-out's many messages of one kind may go as batches (`batch.ts`): one job claims up to twenty rows in one
 * statement and sends them one budget interval apart, each through the same steps, instead of a job per message.
 *
 * What the engine never does: run a query (rows are the features' and live in the store), name a person in a log,
 * or count a message whose sending would say what one person did (`metric: null`, see src/metrics.ts).
 */
import type { Attachment, Message } from '../core/messages/message.js';
import { Paced } from '../errors.js';
import type { OutboxDef, OutboxEnvelope, OutboxJob } from '../jobs/job-types.js';
import type { JobRuntime } from '../jobs/job-runtime.js';
import type { MessageRef, Platform } from '../ports.js';
import type { ServiceContext } from '../services/context.js';
import { deleteOwed } from '../store/outbox-owed.repository.js';
import { type MissedKind, noteSendFailure } from './missed.js';
import type { DeliveryOutcome } from './outcome.js';

/** The workspace a message is sent in (its platform and external id), as the store has it. */
export interface DeliveryWorkspace {
  id: string;
  platform: Platform;
  external_id: string;
}

/** Who a message goes to: one person by direct message, or a channel. */
export type Recipient = { memberId: string; userId: string } | { channelId: string };

/** What a kind's claim hands the engine: where the message goes, and whatever the kind loaded to render it. */
export interface Claimed {
  workspace: DeliveryWorkspace;
  to: Recipient;
}

export interface Rendered {
  message: Message;
  attachments?: Attachment[];
}

/** An outcome that closes a row as undelivered. */
export type Undelivered = Extract<DeliveryOutcome, { kind: 'permanent' | 'maybe-delivered' }>;
/** An outcome that sends again later. */
export type Retried = Extract<DeliveryOutcome, { kind: 'rate-limited' | 'retryable' }>;

/** One job to enqueue again: the sweep's unit. */
export interface OwedJob<T> {
  jobId: string;
  data: OutboxEnvelope & T;
  /** A batch job that may hold the row instead (`batch.ts`): while either exists, nothing is lost. */
  heldBy?: string;
}

/** The data of a batch job: the ids of the kind's rows it sends, in order. */
export interface BatchData {
  ids: number[];
}

/** What every kind declares about itself, whichever way it sends. */
interface KindBase<T> {
  /** The outbox job: its name and payload schema (ids only). */
  readonly job: OutboxDef<T>;
  /**
   * The `kind` label of `roundtable_sends_total`, or null when counting it would tell a dashboard what one person
   * just did (a support message after a very low answer, a reminder to a non-responder, a relayed word). A
   * function when that depends on the message (peer support: a round's notices are counted, a report is not).
   */
  readonly metric: string | null | ((claimed: never) => string | null);
  /**
   * What a miss is recorded as for `status` (`missed.ts`), or null when a record would say something about the
   * person (that they did not answer, or answered low).
   */
  readonly missed: MissedKind | null;
  /**
   * Spend the conversation's budget too ({@link CONVERSATION_BUDGET}: Slack takes about one message a second into
   * one channel): for channel posts, where several features may post into one channel at once. Over it, the job
   * waits (`Paced`) without blocking the rest of the workspace. Undefined: the workspace budget only.
   */
  readonly perConversation?: boolean;
  /**
   * The kind has no row of its own to say a message is owed: its jobs are enqueued with `enqueueOwed`
   * (`owed.ts`), which writes an `outbox_owed` row first; the engine deletes it once the message is done, and the
   * sweep enqueues again a row's job that Redis lost (rows older than two days are given up).
   */
  readonly keepsOwedRows?: boolean;
  /**
   * For the sweep: the jobs of this kind that are owed (their rows say a message should go, or is half-sent)
   * and settled (old enough that their job would normally have run). The sweep enqueues those Redis has lost.
   */
  owed?(now: Date): Promise<ReadonlyArray<OwedJob<T>>>;
  /** For the sweep: rows owed for so long they are given up (closed as lost). Returns how many. */
  giveUp?(now: Date): Promise<number>;
}

/** The common kind: one job, one message. */
export interface OneMessageKind<T, C extends Claimed> extends KindBase<T> {
  /**
   * Claim the row (so no other attempt sends it) and load what the message needs; undefined when there is
   * nothing to send (already sent, no longer owed, the person forgotten). A claim this same job made before a
   * crash must be accepted again. A kind may also close its row here (a pause, quiet hours) and return undefined,
   * or throw `Paced` to make this job wait (a session invitation in the person's quiet hours): the job is delayed
   * under its own id, so it stays the one job that holds the row.
   */
  claim(data: OutboxJob<T>, job: { id: string }): Promise<C | undefined>;
  /** Build the message at send time; undefined when it no longer makes sense (then `skipped`). */
  render(claimed: C): Promise<Rendered | undefined>;
  skipped?(claimed: C): Promise<void>;
  /** The platform accepted it. */
  sent(claimed: C, ref: MessageRef): Promise<void>;
  /** It will be tried again: give the claim back. */
  retry?(claimed: C, outcome: Retried, error: unknown): Promise<void>;
  /** It will never be sent (gone, removed, blocked, refused, or it may already have arrived). */
  undelivered?(claimed: C, outcome: Undelivered, error: unknown): Promise<void>;
  /**
   * Many messages of this kind in one job (a fan-out's batch, `batch.ts`): its job, and how to claim all its rows
   * in one go (those still owed, in the order they go; a row skipped now is closed by the kind). The engine sends
   * them one budget interval apart through the same steps as one message.
   */
  readonly batch?: {
    readonly job: OutboxDef<BatchData>;
    claim(data: OutboxJob<BatchData>): Promise<C[]>;
  };
}

/**
 * A kind that sends a run of messages in one job (the relayed messages waiting for one person, oldest first,
 * under a lease). It loops itself and sends each message with the engine's `send` step.
 */
export interface ConversationKind<T> extends KindBase<T> {
  deliver(data: OutboxJob<T>, send: SendStep): Promise<void>;
}

export type MessageKind<T, C extends Claimed = Claimed> = OneMessageKind<T, C> | ConversationKind<T>;

/** A kind with its payload and claim types erased, as a feature lists it (`Feature.messages`). */
export type AnyMessageKind = MessageKind<unknown, Claimed>;

/** Erase a kind's types for `Feature.messages`: the engine reads each job through the kind's own schema. */
export function anyKind<T, C extends Claimed>(kind: MessageKind<T, C>): AnyMessageKind {
  return kind as unknown as AnyMessageKind;
}

/** The engine's send step: budget, send, classify, count, record a miss. Never throws for a platform's answer. */
export type SendStep = (claimed: Claimed, rendered: Rendered) => Promise<SendResult>;
export type SendResult =
  | { kind: 'sent'; ref: MessageRef }
  | ((Retried | Undelivered) & { /** What the platform port threw. */ error: unknown });

/** Budget of one conversation: Slack allows about one message a second into a channel or DM, with short bursts. */
export const CONVERSATION_BUDGET = { ratePerSecond: 1, burst: 3 } as const;

export class DeliveryEngine {
  private readonly kinds = new Map<string, AnyMessageKind>();

  constructor(private readonly ctx: ServiceContext) {}

  /** Register a kind: its outbox handler, and its place in the sweep (`registered`). */
  register<T, C extends Claimed>(jobs: JobRuntime, kind: MessageKind<T, C>): void {
    this.kinds.set(kind.job.kind, anyKind(kind));
    jobs.onOutbox(kind.job, (data, job) => this.deliver(kind, data, { id: String(job.id ?? '') }));
    if (!('deliver' in kind) && kind.batch) {
      if (kind.perConversation || kind.keepsOwedRows) {
        throw new Error(`${kind.job.kind}: a batch is for direct messages with rows of their own`);
      }
      const { batch } = kind;
      jobs.onOutbox(batch.job, (data) => this.deliverBatch(kind, batch, data));
    }
  }

  /** The registered kinds, for the sweep. */
  registered(): readonly AnyMessageKind[] {
    return [...this.kinds.values()];
  }

  /** Run one job of `kind`: the loop the file comment draws. Rethrows what should be retried. */
  async deliver<T, C extends Claimed>(
    kind: MessageKind<T, C>,
    data: OutboxJob<T>,
    job: { id: string },
  ): Promise<void> {
    // Done with this job's message (sent, undeliverable, or no longer owed): its owed row goes.
    const done = async () => {
      if (kind.keepsOwedRows && job.id) await deleteOwed(this.ctx.db, job.id);
    };
    if ('deliver' in kind) {
      await kind.deliver(data, (claimed, rendered) => this.send(kind, claimed, rendered));
      await done();
      return;
    }
    const claimed = await kind.claim(data, job);
    if (!claimed) {
      await done();
      return;
    }
    const rendered = await kind.render(claimed);
    if (!rendered) {
      await kind.skipped?.(claimed);
      await done();
      return;
    }
    let result: SendResult;
    try {
      result = await this.send(kind, claimed, rendered);
    } catch (error) {
      // The conversation's budget is spent: give the claim back while the job waits.
      if (error instanceof Paced) {
        await kind.retry?.(claimed, { kind: 'rate-limited', retryAfterMs: error.waitMs }, error);
      }
      throw error;
    }
    if (result.kind === 'sent') {
      await kind.sent(claimed, result.ref);
      await done();
      return;
    }
    if (result.kind === 'rate-limited' || result.kind === 'retryable') {
      await kind.retry?.(claimed, result, result.error);
      throw result.error;
    }
    await kind.undelivered?.(claimed, result, result.error);
    await done();
  }

  /**
   * Run one batch job of `kind`: claim its rows in one statement, then send them one budget interval apart (the
   * runtime has already spent the batch's first moment; the job took as many moments as it has rows), each
   * through the same steps and hooks as one message. A 429 gives back every row not yet sent and parks the job
   * until Retry-After; a retryable failure gives its row back and the job runs again once the others are sent.
   */
  async deliverBatch<T, C extends Claimed>(
    kind: OneMessageKind<T, C>,
    batch: NonNullable<OneMessageKind<T, C>['batch']>,
    data: OutboxJob<BatchData>,
  ): Promise<void> {
    const claims = await batch.claim(data);
    await this.prepareDirects(claims);
    // Real time, as the budget's moments and BullMQ's delays are.
    const paceMs = 1000 / this.ctx.jobs.budgetOf(data.platform).ratePerSecond;
    const start = performance.now();
    let retryLater: unknown;
    for (const [n, claimed] of claims.entries()) {
      const wait = start + n * paceMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const rendered = await kind.render(claimed);
      if (!rendered) {
        await kind.skipped?.(claimed);
        continue;
      }
      const result = await this.send(kind, claimed, rendered);
      if (result.kind === 'sent') {
        await kind.sent(claimed, result.ref);
      } else if (result.kind === 'rate-limited') {
        for (const unsent of claims.slice(n)) await kind.retry?.(unsent, result, result.error);
        throw result.error;
      } else if (result.kind === 'retryable') {
        await kind.retry?.(claimed, result, result.error);
        retryLater ??= result.error;
      } else {
        await kind.undelivered?.(claimed, result, result.error);
      }
    }
    if (retryLater !== undefined) throw retryLater;
  }

  /** Let each platform read ahead what it needs for a batch's direct messages (`Messenger.prepareDirects`). */
  private async prepareDirects(claims: readonly Claimed[]): Promise<void> {
    const byWorkspace = new Map<string, { platform: Platform; workspaceId: string; userIds: string[] }>();
    for (const { workspace, to } of claims) {
      if (!('userId' in to) || !this.ctx.platforms.has(workspace.platform)) continue;
      const key = `${workspace.platform}:${workspace.external_id}`;
      const group = byWorkspace.get(key);
      if (group) group.userIds.push(to.userId);
      else
        byWorkspace.set(key, {
          platform: workspace.platform,
          workspaceId: workspace.external_id,
          userIds: [to.userId],
        });
    }
    for (const { platform, workspaceId, userIds } of byWorkspace.values()) {
      await this.ctx.platforms.messenger(platform).prepareDirects?.(workspaceId, userIds);
    }
  }

  /**
   * Send one rendered message: the conversation budget (if the kind has one; over it, `Paced` parks the job),
   * the platform call, the outcome.
   */
  private async send(kind: KindBase<unknown>, claimed: Claimed, rendered: Rendered): Promise<SendResult> {
    const { ctx } = this;
    const { workspace, to } = claimed;
    const platform = workspace.platform;
    if (kind.perConversation) {
      const conversation = 'channelId' in to ? to.channelId : `dm:${to.userId}`;
      const wait = await ctx.jobs.throttle.take(
        `${platform}:${workspace.external_id}:${conversation}`,
        CONVERSATION_BUDGET,
      );
      if (wait > 0) throw new Paced(wait);
    }
    const metric = typeof kind.metric === 'function' ? kind.metric(claimed as never) : kind.metric;
    const count = (outcome: 'sent' | 'retried' | 'failed') => {
      if (metric) ctx.metrics.sends.inc({ platform, kind: metric, outcome });
    };
    if (!ctx.platforms.has(platform)) {
      // A workspace of a platform this process does not mount (a config change): nothing can reach it here.
      ctx.logger.warn({ platform, kind: kind.job.kind }, 'message not sent: platform not mounted');
      count('failed');
      return { kind: 'permanent', reason: 'bot-removed', error: new Error('platform not mounted') };
    }
    const messenger = ctx.platforms.messenger(platform);
    try {
      const ref =
        'channelId' in to
          ? await messenger.sendToChannel(workspace.external_id, to.channelId, rendered.message)
          : await messenger.sendDirect(
              { workspaceId: workspace.external_id, userId: to.userId },
              rendered.message,
              rendered.attachments,
            );
      count('sent');
      return { kind: 'sent', ref };
    } catch (error) {
      const outcome = await noteSendFailure(ctx, {
        workspaceId: workspace.id,
        kind: kind.missed,
        memberId: 'memberId' in to ? to.memberId : null,
        error,
      });
      if (outcome.kind === 'sent') throw error; // not reachable: a thrown send is never "sent"
      if (outcome.kind === 'rate-limited' || outcome.kind === 'retryable') {
        count('retried');
        return { ...outcome, error };
      }
      count('failed');
      // Never the person or the words: the kind, the error's name and why.
      ctx.logger.info(
        {
          kind: kind.job.kind,
          error: error instanceof Error ? error.name : 'unknown',
          reason: outcome.kind === 'permanent' ? outcome.reason : outcome.kind,
        },
        'message not deliverable',
      );
      return { ...outcome, error };
    }
  }
}
