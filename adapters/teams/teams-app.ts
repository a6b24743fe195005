/**
 * The Teams AI `Application`: routes inbound activities to the services and sends their answers back in the
 * same conversation. Card submits are routed before plain messages (routes match in registration order and
 * `message` routes would never see a submit, which has no text). Every activity refreshes the stored
 * conversation references first.
 */
import type { TeamsAdapter, TurnState } from '@microsoft/teams-ai';
// The module itself, not the package's index, which also loads the AI planners, models and tokenizers.
import { Application } from '@microsoft/teams-ai/lib/Application.js';
import { type Activity, TeamsInfo, TurnContext } from 'botbuilder';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../src/clock.js';
import type { Form, Message } from '../../src/core/messages/message.js';
import type { Logger } from '../../src/log.js';
import type { Inbound, MentionEntity, Reply } from '../../src/ports.js';
import {
  actorOf,
  isCardSubmit,
  isPersonal,
  normalizeActivity,
  tenantIdOf,
  toInboundEvent,
} from './activity-mappers.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderFormCard, renderMessageCard } from './adaptive-card.renderer.js';
import { saveTeamRef, saveTenant, userIdForAccount } from './conversation-reference.repository.js';
import type { PersonHasher } from '../../src/crypto.js';
import { isBotAccount, rememberPerson } from './people.js';
import { cardActivities } from './teams-messenger.js';
import { ROSTER_PAGE_SIZE } from './teams-directory.js';

export interface TeamsAppDeps {
  adapter: TeamsAdapter;
  botAppId: string;
  inbound: Inbound;
  db: Kysely<Database>;
  /** Recognises people who said `forget me`, so no sighting stores them again. */
  people: PersonHasher;
  clock: Clock;
  logger: Logger;
  /**
   * Send a message to a person's 1:1 chat with the bot. Teams has no private (ephemeral) replies in a channel, so
   * a command said in a channel is answered here, unless the services marked the reply for the channel.
   */
  sendPrivately: (tenantId: string, userId: string, message: Message) => Promise<void>;
}

type Ctx = TurnContext;

export const ANSWERED_PRIVATELY = "I've answered you in our private chat, so only you can see it.";
export const COULD_NOT_ANSWER_PRIVATELY =
  "I couldn't reach you in a private chat, so I haven't answered here where everyone can see. Open a chat with me and say it there.";
export const SETTINGS_IN_PRIVATE = 'To change settings, say `roundtable` to me in our private chat.';

export function createTeamsApplication(deps: TeamsAppDeps): Application<TurnState> {
  const { inbound, db, clock, logger } = deps;
  const app = new Application<TurnState>({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    removeRecipientMention: false,
    startTypingTimer: false,
    longRunningMessages: false,
  });

  app.turn('beforeTurn', async (context) => {
    await rememberActivity(context).catch((error: unknown) =>
      logger.warn({ error: errorName(error) }, 'Teams: could not store the conversation reference'),
    );
    return true;
  });

  app.activity(
    async (context) => isCardSubmit(normalizeActivity(context.activity)),
    async (context) => {
      const mapped = toInboundEvent(context.activity);
      if (mapped.kind === 'action') {
        const result = await inbound.action(mapped.event);
        if (result.update && context.activity.replyToId) {
          await context.updateActivity({
            id: context.activity.replyToId,
            type: 'message',
            attachments: [
              { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderMessageCard(result.update) },
            ],
          });
        }
        if (result.reply) await sendMessage(context, result.reply);
      } else if (mapped.kind === 'form') {
        const result = await inbound.form(mapped.event);
        if (result.errors && Object.keys(result.errors).length > 0) {
          await sendMessage(context, errorsMessage(result.errors));
        } else if (context.activity.replyToId) {
          // The form is done: replace it so it cannot be submitted twice.
          await context.updateActivity({
            id: context.activity.replyToId,
            type: 'message',
            attachments: [
              {
                contentType: ADAPTIVE_CARD_CONTENT_TYPE,
                content: renderMessageCard({ text: 'Sent.', blocks: [{ type: 'context', text: 'Sent.' }] }),
              },
            ],
          });
        }
        if (result.reply) await sendMessage(context, result.reply);
      }
    },
  );

  app.activity('message', async (context) => {
    const mapped = toInboundEvent(context.activity);
    if (mapped.kind === 'direct') {
      const reply = await inbound.directMessage(mapped.event);
      if (reply) await sendReply(context, reply);
    } else if (mapped.kind === 'command') {
      const mentions = await resolveMentions(mapped.event.actor.workspaceId, mapped.event.mentions ?? []);
      const reply = await inbound.command({ ...mapped.event, mentions });
      if (reply.visibility === 'channel') {
        await sendReply(context, reply);
        return;
      }
      if (reply.form) await sendMessage(context, plain(SETTINGS_IN_PRIVATE));
      if (reply.message) {
        const { workspaceId, userId } = mapped.event.actor;
        try {
          await deps.sendPrivately(workspaceId, userId, reply.message);
          await sendMessage(context, plain(ANSWERED_PRIVATELY));
        } catch (error) {
          logger.warn({ error: errorName(error) }, 'Teams: could not answer a channel command privately');
          await sendMessage(context, plain(COULD_NOT_ANSWER_PRIVATELY));
        }
      }
    }
  });

  app.activity('installationUpdate', async (context) => {
    const action = String(normalizeActivity(context.activity).action ?? '');
    if (action.startsWith('add')) await onAdded(context);
  });

  app.activity('conversationUpdate', async (context) => {
    const a = normalizeActivity(context.activity);
    const botAdded = (a.membersAdded ?? []).some((m) => m.id === a.recipient?.id);
    if (botAdded) await onAdded(context);
  });

  app.error(async (_context, error) => {
    logger.error({ error: errorName(error) }, 'Teams: turn failed');
  });

  /** The app was added to a team (read its roster) or to a person's personal scope. */
  async function onAdded(context: Ctx): Promise<void> {
    const a = normalizeActivity(context.activity);
    const tenantId = tenantIdOf(a);
    if (!tenantId) return;
    const installer = actorOf(a);
    const teamId = a.channelData?.team?.id;
    if (teamId && !isPersonal(a)) {
      await readRoster(context, tenantId);
      await inbound.installed({
        platform: 'teams',
        workspaceId: tenantId,
        name: a.channelData?.team?.name,
        installer,
        teamId,
      });
    } else {
      // A personal install does not make anyone an admin: any member may add the app for themselves.
      await inbound.installed({ platform: 'teams', workspaceId: tenantId });
    }
  }

  async function readRoster(context: Ctx, tenantId: string): Promise<void> {
    const serviceUrl = context.activity.serviceUrl;
    let token: string | undefined;
    let count = 0;
    do {
      const page = await TeamsInfo.getPagedMembers(context, ROSTER_PAGE_SIZE, token);
      for (const account of page.members ?? []) {
        if (isBotAccount(account)) continue;
        await rememberPerson(db, deps.people, { tenantId, serviceUrl, account }, clock.now());
        count += 1;
      }
      token = page.continuationToken || undefined;
    } while (token);
    logger.info({ members: count }, 'Teams: team roster read');
  }

  /**
   * What was stored recently, so a busy conversation does not rewrite the same rows on every activity (those
   * writes held up every answer). A changed name, zone, conversation or service URL makes a new key.
   */
  const recentlyStored = new Map<string, number>();
  const REMEMBER_FOR_MS = 5 * 60_000;
  function storedRecently(key: string, now: Date): boolean {
    const until = recentlyStored.get(key);
    if (until !== undefined && until > now.getTime()) return true;
    if (recentlyStored.size > 10_000) recentlyStored.clear();
    recentlyStored.set(key, now.getTime() + REMEMBER_FOR_MS);
    return false;
  }

  async function rememberActivity(context: Ctx): Promise<void> {
    const a = normalizeActivity(context.activity);
    const tenantId = tenantIdOf(a);
    if (!tenantId || !a.serviceUrl) return;
    const now = clock.now();
    if (a.recipient?.id && !storedRecently(`tenant|${tenantId}|${a.serviceUrl}|${a.recipient.id}`, now)) {
      await saveTenant(db, tenantId, a.serviceUrl, a.recipient.id, now);
    }
    const reference = TurnContext.getConversationReference(context.activity) as Record<string, unknown>;
    if (a.from?.id && !isBotAccount(a.from)) {
      const personal = isPersonal(a);
      const key = [
        'person',
        tenantId,
        a.serviceUrl,
        a.from.id,
        a.from.name,
        a.from.aadObjectId,
        a.localTimezone,
        personal ? a.conversation?.id : '',
      ].join('|');
      if (!storedRecently(key, now)) {
        const member = await rememberPerson(
          db,
          deps.people,
          {
            tenantId,
            serviceUrl: a.serviceUrl,
            account: { id: a.from.id, name: a.from.name, aadObjectId: a.from.aadObjectId },
            timezone: a.localTimezone || undefined,
            conversationId: personal ? a.conversation?.id : undefined,
            reference: personal ? reference : undefined,
          },
          now,
        ).catch((error: unknown) => {
          recentlyStored.delete(key);
          throw error;
        });
        // Not stored (a forgotten person): look again next time, in case their own command brought them back.
        if (!member) recentlyStored.delete(key);
      }
    }
    const teamId = a.channelData?.team?.id;
    if (teamId && !storedRecently(`team|${tenantId}|${teamId}|${a.serviceUrl}|${a.conversation?.id}`, now)) {
      await saveTeamRef(db, { tenantId, teamId, serviceUrl: a.serviceUrl, reference }, now);
    }
  }

  /** Mentions carry channel account ids; our user ids are AAD object ids where we know them. */
  async function resolveMentions(tenantId: string, mentions: MentionEntity[]): Promise<MentionEntity[]> {
    return Promise.all(
      mentions.map(async (m) => ({
        ...m,
        userId: (await userIdForAccount(db, tenantId, m.userId)) ?? m.userId,
      })),
    );
  }

  return app;
}

async function sendReply(context: Ctx, reply: Reply): Promise<void> {
  if (reply.message) await sendMessage(context, reply.message);
  if (reply.form) await sendForm(context, reply.form);
}

async function sendMessage(context: Ctx, message: Message): Promise<void> {
  for (const activity of cardActivities(message)) await context.sendActivity(activity as Partial<Activity>);
}

async function sendForm(context: Ctx, form: Form): Promise<void> {
  await context.sendActivity({
    type: 'message',
    summary: form.title,
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderFormCard(form) }],
  });
}

function plain(text: string): Message {
  return { text, blocks: [{ type: 'text', text }] };
}

function errorsMessage(errors: Record<string, string>): Message {
  const lines = Object.values(errors);
  return {
    text: lines.join('\n'),
    blocks: [
      { type: 'text', text: 'Nothing was saved yet. Please check this and send the form again:' },
      ...lines.map((text) => ({ type: 'text' as const, text })),
    ],
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : 'unknown';
}
