/**
 * The services' front door (the `Inbound` port): every adapter hands its neutral events here. Commands are parsed
 * by the core parser and routed to the feature that owns them; authorization is checked here, in the services,
 * so a forged interaction from a non-admin changes nothing whatever the UI showed.
 */
import { isAdminCommand, parseCommand } from '../core/commands/index.js';
import { COMMAND_SPECS, memberUsage } from '../core/commands/usage.js';
import { personReplyText } from '../core/messages/support.js';
import type { Command, ParseError } from '../core/commands/command.js';
import { textMessage, type Message } from '../core/messages/message.js';
import { sanitizeText, sanitizeValues } from '../core/messages/sanitize.js';
import { Forbidden, QueueUnavailable, UserError } from '../errors.js';
import type {
  ActionChosen,
  ActionResult,
  Actor,
  CommandSaid,
  DirectMessage,
  FormResult,
  FormSubmitted,
  Inbound,
  Installed,
  Reply,
  Uninstalled,
} from '../ports.js';
import { writeAudit } from '../store/audit.repository.js';
import { isAdmin, listAdmins, upsertMember, updateMember } from '../store/member.repository.js';
import { ensureWorkspace, updateWorkspace } from '../store/workspace.repository.js';
import { resolveCaller } from './caller.js';
import type { Caller, CommandHandler, Feature, ServiceContext } from './context.js';
import { homeView } from './members/home-view.js';
import { clearForgotten, isForgotten } from './members/suppression.js';

export const TRY_AGAIN =
  'Sorry, something went wrong on our side and nothing was changed. Please try again in a moment.';
/** A command that needs the job queue, asked while Redis is unreachable: refused before anything changes. */
export const QUEUE_DOWN =
  "I can't do that right now: the part of Roundtable that sends messages is not answering. Nothing was changed. Please try again in a few minutes.";
/** The queue went away part-way through (after the check above): say so without claiming nothing changed. */
export const QUEUE_LOST =
  "I couldn't finish that: the part of Roundtable that sends messages stopped answering. Please try again in a few minutes.";
export const ADMIN_ONLY =
  'Only Roundtable admins can do that, so nothing was changed. If you think it should be done, please ask one of your Roundtable admins.';

/** A leading `roundtable` or `/roundtable` marks a direct message as a command (Teams users type it). */
const COMMAND_PREFIX = /^\s*\/?roundtable\b\s*/i;

/**
 * First words nobody starts an ordinary sentence with: a direct message that starts with one and does not parse
 * is a mistyped command and gets the specific error. Anything else that does not parse is a person writing,
 * answered as a person ("I'm not doing well today", "help, I'm struggling", "me and my team are exhausted").
 */
const COMMAND_ONLY_WORDS = new Set([
  'checkin',
  'checkins',
  'report',
  'digest',
  'pairing',
  'session',
  'sessions',
  'signpost',
  'settings',
  'admin',
  'community',
  'privacy',
  'admins',
  'prompts',
  'panel',
]);

/** Two-word command heads (`me role`, `forget me`, `pairing join`): a message starting with one is a command. */
const COMMAND_HEADS = new Set(COMMAND_SPECS.map((spec) => spec.head).filter((head) => head.includes(' ')));

/** Said once to someone who was forgotten and came back by their own command. */
export const WELCOME_BACK =
  'Welcome back. You had asked Roundtable to forget you; because you used a command, it now keeps your id and name again. `/roundtable forget me` deletes them again.';

/** The home view of someone who was forgotten. */
export const FORGOTTEN_HOME =
  'Roundtable keeps nothing about you: you asked it to forget you. If you would like to use it again, say `/roundtable me`.';

/** A button or form from someone who was forgotten: nothing is stored about them, so there is nothing to do. */
const NO_LONGER_ACTIVE = 'That button is no longer active.';

export function createInbound(ctx: ServiceContext, features: Feature[]): Inbound {
  const commandOwners = new Map<
    string,
    { feature: Feature; admin: boolean; queue: boolean; run: CommandHandler<never> }
  >();
  for (const f of features) {
    for (const [kind, entry] of Object.entries(f.commands ?? {})) {
      if (!entry) continue;
      if (commandOwners.has(kind)) throw new Error(`command ${kind} is claimed by two features`);
      commandOwners.set(kind, {
        feature: f,
        admin: entry.admin,
        queue: entry.queue ?? false,
        run: entry.run as unknown as CommandHandler<never>,
      });
    }
  }

  async function runCommand(text: string, caller: Caller, mentions: CommandSaid['mentions']): Promise<Reply> {
    const parsed = parseCommand(text, {
      mentions,
      workspaceZone: caller.workspace.timezone,
      now: ctx.clock.now(),
    });
    if (parsed.kind === 'error') {
      // A member sees only the commands they can use in the usage, never the admin ones.
      const shown = caller.admin ? parsed : { ...parsed, usage: memberUsage(parsed.usage) };
      return { message: parseErrorMessage(shown) };
    }
    const owner = commandOwners.get(parsed.kind);
    // The command table of the core is the single source of truth for admin-only commands; a feature may only
    // add restrictions. Checked before anything else, so a refused command never reaches a feature.
    if ((owner?.admin || isAdminCommand(parsed.kind)) && !caller.admin) {
      ctx.logger.info({ command: parsed.kind, workspace: caller.workspace.id }, 'admin command refused');
      return { message: textMessage(ADMIN_ONLY) };
    }
    if (!owner) {
      return {
        message: textMessage('That command is not available here yet. `/roundtable help` lists what is.'),
      };
    }
    // Asked at once (no waiting on Redis), before the command changes anything: never half done.
    if (owner.queue && !ctx.jobs.available()) {
      ctx.logger.warn({ command: parsed.kind }, 'command refused: the job queue is not answering');
      return { message: textMessage(QUEUE_DOWN) };
    }
    return owner.run(parsed as never, caller);
  }

  async function guarded<T>(
    label: string,
    fallback: (message: Message) => T,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof UserError || error instanceof Forbidden)
        return fallback(textMessage(error.message));
      if (error instanceof QueueUnavailable) {
        ctx.logger.warn({ event: label }, 'inbound event stopped: the job queue is not answering');
        return fallback(textMessage(QUEUE_LOST));
      }
      ctx.logger.error({ event: label, error: describeError(error) }, 'inbound event failed');
      return fallback(textMessage(TRY_AGAIN));
    }
  }

  function timed<T>(actor: Actor, type: string, run: () => Promise<T>): Promise<T> {
    const end = ctx.metrics.interactionSeconds.startTimer({ platform: actor.platform, type });
    return run().finally(() => end());
  }

  /** Whether this person said `forget me` and has not come back. */
  function forgotten(actor: Actor): Promise<boolean> {
    return isForgotten(
      ctx.db,
      ctx.people,
      { platform: actor.platform, external_id: actor.workspaceId },
      actor.userId,
    );
  }

  /**
   * Resolve the caller of an explicit command. Someone who was forgotten comes back only this way; the reply
   * then tells them so.
   */
  async function explicitCaller(
    actor: Actor,
    where?: Pick<CommandSaid, 'channelId' | 'teamId' | 'conversation'>,
  ): Promise<{ caller: Caller; back: boolean }> {
    const back = await clearForgotten(
      ctx.db,
      ctx.people,
      { platform: actor.platform, external_id: actor.workspaceId },
      actor.userId,
    );
    return { caller: await resolveCaller(ctx, actor, where), back };
  }

  function welcomedBack(reply: Reply, back: boolean): Reply {
    if (!back) return reply;
    const message = reply.message ?? textMessage('');
    return {
      ...reply,
      message: {
        text: `${WELCOME_BACK}\n\n${message.text}`,
        blocks: [{ type: 'text', text: WELCOME_BACK }, ...message.blocks],
      },
    };
  }

  async function personReply(actor: Actor): Promise<Reply> {
    const { workspace } = await ensureWorkspace(ctx.db, actor.platform, actor.workspaceId, ctx.clock.now());
    return { message: textMessage(personReplyText(workspace)) };
  }

  /** Whether a direct message's words are a command (or a mistyped one that deserves its specific error). */
  function looksLikeCommand(text: string, caller: { workspace: { timezone: string } } | undefined): boolean {
    const parsed = parseCommand(text, { workspaceZone: caller?.workspace.timezone, now: ctx.clock.now() });
    if (parsed.kind !== 'error') return text.trim() !== '';
    const words = text.trim().toLowerCase().split(/\s+/);
    // "me role astronaut", "pairing joni": the words of a command, mistyped further on.
    return COMMAND_ONLY_WORDS.has(words[0] ?? '') || COMMAND_HEADS.has(words.slice(0, 2).join(' '));
  }

  return {
    command: (event) =>
      timed(event.actor, 'command', () =>
        guarded(
          'command',
          (message) => ({ message }),
          async () => {
            const { caller, back } = await explicitCaller(event.actor, event);
            return welcomedBack(await runCommand(sanitizeText(event.text), caller, event.mentions), back);
          },
        ),
      ),

    action: (raw: ActionChosen) => {
      const event = { ...raw, value: sanitizeText(raw.value), values: sanitizeValues(raw.values ?? {}) };
      return timed(event.actor, 'action', () =>
        guarded(
          'action',
          (reply): ActionResult => ({ reply }),
          async () => {
            if (await forgotten(event.actor)) return { reply: textMessage(NO_LONGER_ACTIVE) };
            const caller = await resolveCaller(ctx, event.actor);
            for (const f of features) {
              for (const [prefix, handler] of Object.entries(f.actions ?? {})) {
                if (event.actionId.startsWith(prefix)) return handler(event, caller);
              }
            }
            return { reply: textMessage('That button is no longer active.') };
          },
        ),
      );
    },

    form: (raw: FormSubmitted) => {
      const event = { ...raw, values: sanitizeValues(raw.values ?? {}) };
      return timed(event.actor, 'form', () =>
        guarded(
          'form',
          (reply): FormResult => ({ reply }),
          async () => {
            if (await forgotten(event.actor)) return { reply: textMessage(NO_LONGER_ACTIVE) };
            const caller = await resolveCaller(ctx, event.actor);
            for (const f of features) {
              for (const [prefix, handler] of Object.entries(f.forms ?? {})) {
                if (event.formId.startsWith(prefix)) return handler(event, caller);
              }
            }
            return { reply: textMessage('That form is no longer active.') };
          },
        ),
      );
    },

    directMessage: (raw: DirectMessage) => {
      const event = { ...raw, text: sanitizeText(raw.text ?? '') };
      return timed(event.actor, 'message', () =>
        guarded(
          'message',
          (message): Reply | undefined => ({ message }),
          async () => {
            // A message to the bot is a direct conversation on every platform: "this channel" means nothing here.
            const direct = { conversation: 'direct' } as const;
            if (COMMAND_PREFIX.test(event.text)) {
              const { caller, back } = await explicitCaller(event.actor, direct);
              return welcomedBack(
                await runCommand(event.text.replace(COMMAND_PREFIX, ''), caller, undefined),
                back,
              );
            }
            if (await forgotten(event.actor)) {
              // Nothing is stored about them; only a command of their own brings them back.
              if (!looksLikeCommand(event.text, undefined)) return personReply(event.actor);
              const { caller, back } = await explicitCaller(event.actor, direct);
              return welcomedBack(await runCommand(event.text, caller, undefined), back);
            }
            const caller = await resolveCaller(ctx, event.actor, direct);
            for (const f of features) {
              const reply = await f.directMessage?.(event, caller);
              if (reply) return reply;
            }
            if (event.hasFiles && event.text.trim() === '') {
              return { message: textMessage('I can only read text. `help` shows what I can do.') };
            }
            // A person writing to the bot is answered as a person (issue 16), never with a syntax error.
            if (!looksLikeCommand(event.text, caller)) return personReply(event.actor);
            return runCommand(event.text, caller, undefined);
          },
        ),
      );
    },

    installed: async (event: Installed) => {
      const now = ctx.clock.now();
      const { workspace } = await ensureWorkspace(ctx.db, event.platform, event.workspaceId, now, event.name);
      if (!workspace.active || (event.name && workspace.name !== event.name)) {
        await updateWorkspace(
          ctx.db,
          workspace.id,
          { active: true, name: event.name ?? workspace.name },
          now,
        );
      }
      if (event.installer) {
        const { member } = await upsertMember(
          ctx.db,
          workspace.id,
          event.installer.userId,
          { displayName: event.installer.displayName, platformAdmin: event.installer.platformAdmin },
          now,
        );
        // "First installer becomes admin" bootstraps a workspace nobody runs yet; it never adds an admin to one
        // that has any (in Teams anyone in any team may add the app, so a later team's installer gets nothing).
        const already = isAdmin(member);
        const first = !already && (await listAdmins(ctx.db, workspace.id)).length === 0;
        if (first) await updateMember(ctx.db, member.id, { installer: true }, now);
        await writeAudit(ctx.db, {
          workspaceId: workspace.id,
          actorMemberId: member.id,
          targetMemberId: member.id,
          action: already ? 'install.by-admin' : first ? 'install.first-admin' : 'install.no-admin-rights',
          after: event.teamId ? { team: event.teamId } : null,
          at: now,
        });
      }
      ctx.logger.info({ platform: event.platform, workspace: workspace.id }, 'installed');
    },

    uninstalled: async (event: Uninstalled) => {
      const now = ctx.clock.now();
      const { workspace } = await ensureWorkspace(ctx.db, event.platform, event.workspaceId, now);
      await updateWorkspace(ctx.db, workspace.id, { active: false }, now);
      ctx.logger.info({ platform: event.platform, workspace: workspace.id }, 'uninstalled: sending stopped');
    },

    home: async (actor) => {
      // Opening the app is not a command: someone forgotten is shown how to come back, and nothing is stored.
      if (await forgotten(actor)) return textMessage(FORGOTTEN_HOME);
      const caller = await resolveCaller(ctx, actor);
      return homeView(caller, features, ctx.clock.now());
    },
  };
}

export function parseErrorMessage(error: ParseError): Message {
  const lines = [error.message];
  if (error.suggestion) lines.push(`Did you mean "${error.suggestion}"?`);
  lines.push(`Usage: ${error.usage}`);
  return textMessage(lines.join('\n'));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${(error as { code?: string }).code ?? ''}`;
  return 'unknown';
}

export type { Command };
