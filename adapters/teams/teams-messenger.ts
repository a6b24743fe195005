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
import { findTenant, findUserRef, saveUserRef } from './conversation-reference.repository.js';
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

export class TeamsMessenger implements Messenger {
  readonly platform = 'teams' as const;

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      client: BotConnectorClient;
      clock: Clock;
      logger: Logger;
      /** The bot's channel account id when a tenant has not told us yet (`28:<app id>`). */
      defaultBotId?: string;
    },
  ) {}

  async sendDirect(target: DirectTarget, message: Message, attachments?: Attachment[]): Promise<MessageRef> {
    const { db, client, clock } = this.deps;
    const ref = await findUserRef(db, target.workspaceId, target.userId);
    if (!ref) throw new NotFound('no Teams conversation reference for this person');
    let conversationId = ref.conversation_id;
    if (!conversationId) {
      const tenant = await findTenant(db, target.workspaceId);
      const botId = tenant?.botId ?? this.deps.defaultBotId;
      if (!botId) throw new NotFound('the bot has not been seen in this tenant yet');
      const created = await client.createConversation(ref.service_url, {
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
    return this.post(target.workspaceId, ref.service_url, conversationId, sent);
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const where = decodeMessageRef(ref.ref);
    const content = renderMessageCard(message);
    await this.deps.client.updateActivity(where.serviceUrl, where.conversationId, where.activityId, {
      type: 'message',
      summary: message.text.slice(0, 500),
      attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }],
    });
  }

  async sendToChannel(workspaceId: string, channelId: string, message: Message): Promise<MessageRef> {
    const tenant = await findTenant(this.deps.db, workspaceId);
    if (!tenant) throw new NotFound('the bot has not been seen in this tenant yet');
    return this.post(workspaceId, tenant.serviceUrl, channelId, message);
  }

  /** Send every card of a message; the reference is the last card's, where the buttons are. */
  private async post(
    workspaceId: string,
    serviceUrl: string,
    conversationId: string,
    message: Message,
  ): Promise<MessageRef> {
    let activityId = '';
    for (const activity of cardActivities(message)) {
      const sent = await this.deps.client.sendActivity(serviceUrl, conversationId, activity);
      activityId = sent.id;
    }
    return {
      platform: 'teams',
      workspaceId,
      ref: encodeMessageRef({ serviceUrl, conversationId, activityId }),
    };
  }
}
