/**
 * The `Messenger` port for Teams: proactive 1:1 messages (opening the chat when the person never wrote to the
 * bot), updates in place, and posts to team channels, through direct Bot Connector calls so 429s reach the job
 * queue as `RateLimited`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../src/clock.js';
import type { Attachment, Message } from '../../src/core/messages/message.js';
import { NotFound } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import type { DirectTarget, MessageRef, Messenger } from '../../src/ports.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  renderMessageCard,
  renderMessageCards,
} from './adaptive-card.renderer.js';
import type { BotConnectorClient, OutgoingActivity } from './bot-connector.client.js';
import type { BotRegistry, RegisteredBot } from './bot-registry.js';
import { findUserRef, findUserRefs, saveUserRef, type UserRef } from './conversation-reference.repository.js';
import { decodeMessageRef, encodeMessageRef } from './message-ref.js';

/** Card activities: the plain text travels as `summary` (notifications, screen readers' preview). */
export function cardActivities(message: Message): OutgoingActivity[] {
  return renderMessageCards(message).map((content) => ({
    type: 'message',
    summary: message.text.slice(0, 500),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }],
  }));
}

/** The line added to a message whose files Teams cannot carry. */
export function missingFilesNote(attachments: readonly Attachment[]): Message['blocks'][number] {
  const names = attachments.map((a) => a.filename).join(', ');
  return {
    type: 'context',
    text: `Teams does not let me send files in this chat, so ${names} is not attached. The details are in this message.`,
  };
}

/** How long a reference read ahead for a batch may wait for its send (a batch lasts about a second). */
const PREPARED_FOR_MS = 60_000;

export class TeamsMessenger implements Messenger {
  readonly platform = 'teams' as const;

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      /** Which registration speaks to each tenant, each with its own token. */
      bots: BotRegistry;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /**
   * References read ahead for a batch (`prepareDirects`), each used by the next send to that person and then
   * dropped; one not used within {@link PREPARED_FOR_MS} is dropped too. Never a cache: a later send reads again.
   */
  private readonly prepared = new Map<string, { ref: UserRef; at: number }>();

  async prepareDirects(workspaceId: string, userIds: readonly string[]): Promise<void> {
    const now = Date.now();
    for (const [key, entry] of this.prepared) if (now - entry.at > PREPARED_FOR_MS) this.prepared.delete(key);
    for (const ref of await findUserRefs(this.deps.db, workspaceId, userIds)) {
      this.prepared.set(`${workspaceId}|${ref.user_id}`, { ref, at: now });
    }
  }

  private async userRef(workspaceId: string, userId: string): Promise<UserRef | undefined> {
    const key = `${workspaceId}|${userId}`;
    const ahead = this.prepared.get(key);
    if (ahead) {
      this.prepared.delete(key);
      if (Date.now() - ahead.at <= PREPARED_FOR_MS) return ahead.ref;
    }
    return findUserRef(this.deps.db, workspaceId, userId);
  }

  async sendDirect(target: DirectTarget, message: Message, attachments?: Attachment[]): Promise<MessageRef> {
    const { db, clock } = this.deps;
    const ref = await this.userRef(target.workspaceId, target.userId);
    if (!ref) throw new NotFound('no Teams conversation reference for this person');
    let conversationId = ref.conversation_id;
    // A known conversation needs only the sending registration; opening one needs the bot's id too.
    const route: { bot: RegisteredBot; botId?: string } = conversationId
      ? { bot: await this.deps.bots.botFor(target.workspaceId) }
      : await this.deps.bots.forTenant(target.workspaceId);
    const { bot, botId } = route;
    if (!conversationId) {
      if (!botId) throw new NotFound('the bot has not been seen in this tenant yet');
      const created = await bot.client.createConversation(ref.service_url, {
        botId,
        memberId: ref.account_id,
        tenantId: target.workspaceId,
      });
      conversationId = created.id;
      await saveUserRef(
        db,
        {
          tenantId: ref.tenant_id,
          userId: ref.user_id,
          memberId: ref.member_id,
          accountId: ref.account_id,
          serviceUrl: ref.service_url,
          conversationId,
        },
        clock.now(),
      );
    }
    let sent = message;
    if (attachments && attachments.length > 0) {
      // Bots cannot hand files to a person in a 1:1 chat without a file consent flow. The message would
      // otherwise promise a file ("Here is a calendar file") that never arrives, so it says so plainly.
      this.deps.logger.info({ count: attachments.length }, 'Teams: attachments are not sent in Teams');
      sent = { ...message, blocks: [...message.blocks, missingFilesNote(attachments)] };
    }
    return this.post(bot.client, target.workspaceId, ref.service_url, conversationId, sent);
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const where = decodeMessageRef(ref.ref);
    const content = renderMessageCard(message);
    const bot = await this.deps.bots.botFor(ref.workspaceId);
    await bot.client.updateActivity(where.serviceUrl, where.conversationId, where.activityId, {
      type: 'message',
      summary: message.text.slice(0, 500),
      attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }],
    });
  }

  async sendToChannel(workspaceId: string, channelId: string, message: Message): Promise<MessageRef> {
    const { bot, serviceUrl } = await this.deps.bots.forTenant(workspaceId);
    if (!serviceUrl) throw new NotFound('the bot has not been seen in this tenant yet');
    return this.post(bot.client, workspaceId, serviceUrl, channelId, message);
  }

  /** Send every card of a message; the reference is the last card's, where the buttons are. */
  private async post(
    client: BotConnectorClient,
    workspaceId: string,
    serviceUrl: string,
    conversationId: string,
    message: Message,
  ): Promise<MessageRef> {
    let activityId = '';
    for (const activity of cardActivities(message)) {
      const sent = await client.sendActivity(serviceUrl, conversationId, activity);
      activityId = sent.id;
    }
    return {
      platform: 'teams',
      workspaceId,
      ref: encodeMessageRef({ serviceUrl, conversationId, activityId }),
    };
  }
}
