/**
 * Bolt listeners: each one acknowledges first (Slack's 3-second rule), maps the payload to a neutral event
 * (`payload-mappers.ts`), hands it to the services (`Inbound`) and renders what comes back.
 * The only exception is a modal submission: field errors must travel in the acknowledgement itself.
 */
import type { App } from '@slack/bolt';
import type { Message } from '../../src/core/messages/message.js';
import type { Logger } from '../../src/log.js';
import type { Actor, Inbound } from '../../src/ports.js';
import { renderFieldErrors, renderHome, renderMessage, renderModal } from './block-kit.renderer.js';
import {
  baseActor,
  blockActionToEvent,
  commandToEvent,
  messageChannel,
  messageToDirectMessage,
  revokesBot,
  viewSubmissionToEvent,
} from './payload-mappers.js';
import type { SlackDirectory } from './slack-directory.js';
import { slackCall } from './slack-errors.js';
import type { SlackMessenger } from './slack-messenger.js';
import type { WebClientPool } from './web-client-pool.js';

export interface HandlerDeps {
  inbound: Inbound;
  pool: WebClientPool;
  messenger: SlackMessenger;
  directory: SlackDirectory;
  logger: Logger;
  /** Stop everything for a workspace that uninstalled the app or revoked its token. */
  uninstall(workspaceId: string): Promise<void>;
}

/** `/roundtable`, and any `/roundtable-…` variant an operator names their development app's command. */
const COMMAND = /^\/roundtable/;

type Respond = (message: Record<string, unknown>) => Promise<unknown>;

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { inbound, pool, messenger, directory, logger } = deps;

  /** Add name, zone and admin flag from `users.info` (cached); never fail an interaction over it. */
  async function enrich(actor: Actor): Promise<Actor> {
    try {
      const p = await directory.profile(actor.workspaceId, actor.userId);
      if (!p) return actor;
      return {
        ...actor,
        displayName: p.displayName,
        platformAdmin: p.platformAdmin,
        ...(p.timezone ? { timezone: p.timezone } : {}),
        ...(p.email ? { email: p.email } : {}),
      };
    } catch (error) {
      logger.debug({ error: (error as Error).name }, 'slack profile lookup failed; using ids only');
      return actor;
    }
  }

  async function reply(respond: Respond | undefined, actor: Actor, message: Message, inChannel = false) {
    const rendered = renderMessage(message);
    if (respond) {
      await respond({
        response_type: inChannel ? 'in_channel' : 'ephemeral',
        replace_original: false,
        ...rendered,
      });
    } else {
      await messenger.sendDirect({ workspaceId: actor.workspaceId, userId: actor.userId }, message);
    }
  }

  app.command(COMMAND, async ({ body, ack, respond }) => {
    await ack();
    const event = commandToEvent(body);
    if (!event) return;
    event.actor = await enrich(event.actor);
    const result = await inbound.command(event);
    if (result.form) {
      const { client } = await pool.forWorkspace(event.actor.workspaceId);
      try {
        await slackCall(() =>
          client.views.open({ trigger_id: body.trigger_id, view: renderModal(result.form!) }),
        );
      } catch (error) {
        // The trigger lives 3 s; when it has expired, say so rather than fail silently.
        logger.warn({ error: (error as Error).name }, 'slack views.open failed');
        await reply(respond, event.actor, {
          text: 'Sorry, the form took too long to open. Please try `/roundtable` again.',
          blocks: [],
        });
      }
    }
    if (result.message) await reply(respond, event.actor, result.message, result.visibility === 'channel');
  });

  app.action({ type: 'block_actions' }, async ({ body, ack, respond }) => {
    await ack();
    const event = blockActionToEvent(body);
    if (!event) return;
    event.actor = await enrich(event.actor);
    const result = await inbound.action(event);
    const view = body.view;
    if (view?.type === 'home') {
      await publishHome(event.actor);
    } else if (result.update) {
      const container = body.container as { type?: string; is_ephemeral?: boolean } | undefined;
      if (event.messageRef && !container?.is_ephemeral)
        await messenger.update(event.messageRef, result.update);
      else if (respond) await respond({ replace_original: true, ...renderMessage(result.update) });
    }
    if (result.reply) await reply(view ? undefined : respond, event.actor, result.reply);
  });

  app.view({ type: 'view_submission' }, async ({ body, ack }) => {
    const event = viewSubmissionToEvent(body);
    if (!event) {
      await ack();
      return;
    }
    // The profile is usually cached by the command that opened the modal; the ack cannot wait long for it.
    event.actor = directory.cachedActor(event.actor);
    const result = await inbound.form(event);
    if (result.errors && Object.keys(result.errors).length > 0) {
      await ack({ response_action: 'errors', errors: renderFieldErrors(result.errors) });
      return;
    }
    await ack();
    if (result.reply) await reply(undefined, event.actor, result.reply);
  });

  async function publishHome(actor: Actor): Promise<void> {
    const view = renderHome(await inbound.home(actor));
    const { client } = await pool.forWorkspace(actor.workspaceId);
    await slackCall(() => client.views.publish({ user_id: actor.userId, view }));
  }

  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    await publishHome(await enrich(baseActor(body.team_id, event.user)));
  });

  app.event('message', async ({ event, body, context }) => {
    const dm = messageToDirectMessage(body.team_id, event, {
      botUserId: context.botUserId,
      botId: context.botId,
    });
    const channel = messageChannel(event);
    if (!dm || !channel) return;
    dm.actor = await enrich(dm.actor);
    const result = await inbound.directMessage(dm);
    if (result?.message) await messenger.post(dm.actor.workspaceId, channel, result.message);
  });

  app.event('app_uninstalled', async ({ body }) => {
    await deps.uninstall(body.team_id);
  });

  app.event('tokens_revoked', async ({ event, body }) => {
    if (revokesBot(event)) await deps.uninstall(body.team_id);
  });

  app.error(async (error) => {
    // Only the error's name and code: Slack errors can carry request bodies.
    logger.warn({ error: error.name, code: error.code }, 'slack listener failed');
  });
}
