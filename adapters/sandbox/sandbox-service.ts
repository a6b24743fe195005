/**
 * What the sandbox page can do, as a person on a chat platform would: say something (a `/roundtable` command or a
 * direct message to the bot), click a button in a message, submit a form, and reset the sandbox. Each turns into the
 * same neutral inbound event the Slack and Teams adapters produce; the replies are stored and pushed to the page.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Block, Message } from '../../src/core/messages/message.js';
import type { Clock } from '../../src/clock.js';
import { textMessage } from '../../src/core/messages/message.js';
import type { RedisNotice } from '../../src/dev/redis-starter.js';
import type { Inbound, Reply } from '../../src/ports.js';
import type { RedisStatus, SandboxHub } from './event-hub.js';
import type { SandboxMessageStore, SandboxMessageView } from './message-store.js';
import {
  findPersona,
  PERSONAS,
  type Persona,
  personaActor,
  personaMentions,
  markChannels,
  personaTitle,
  SANDBOX_CHANNEL,
  SANDBOX_CHANNELS,
  SANDBOX_WORKSPACE,
} from './personas.js';
import { deleteSandboxWorkspace, seedSandbox } from './seed.js';

/** A request the page made that cannot be done; `status` is the HTTP status to answer with. */
export class SandboxRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const COMMAND = /^\s*\/roundtable(?:\s+|$)/i;

/**
 * The answer to anything typed or clicked while Redis is not answering. Said before the app is asked, because
 * work that needs the queue would otherwise wait for Redis and the page would look frozen.
 */
export const REDIS_DOWN_REPLY =
  "I can't do that right now: Redis, which Roundtable needs for its jobs, is not answering. Nothing was changed. The notice at the top of the page says how to fix it.";

export interface SandboxState {
  workspace: string;
  /** Where commands are said. */
  channel: string;
  /** Every channel the sandbox has. */
  channels: readonly string[];
  /** Whether Redis answers; the page shows the notice when it does not. */
  redis: RedisStatus;
  personas: Array<{
    id: string;
    name: string;
    title: string;
    role: string;
    band: string;
    org: string;
    timezone: string;
    admin: boolean;
  }>;
  messages: SandboxMessageView[];
}

export class SandboxService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      inbound: Inbound;
      store: SandboxMessageStore;
      hub: SandboxHub;
      clock: Clock;
      /** Undefined while Redis answers; otherwise what the page's notice says (bounded, never hangs). */
      redisNotice: () => Promise<RedisNotice | undefined>;
    },
  ) {}

  private lastRedis: boolean | undefined;

  /** Redis as it is now; tells open pages when that changed since the last look. */
  private async redis(): Promise<RedisStatus> {
    const notice = await this.deps.redisNotice();
    const status: RedisStatus = notice ? { ok: false, ...notice } : { ok: true };
    if (this.lastRedis !== undefined && this.lastRedis !== status.ok) {
      this.deps.hub.publish({ type: 'redis', redis: status });
    }
    this.lastRedis = status.ok;
    return status;
  }

  /** Seed the sandbox workspace if it does not exist yet. */
  seed(): Promise<boolean> {
    return seedSandbox(this.deps.db, this.deps.inbound, this.deps.clock.now());
  }

  async state(): Promise<SandboxState> {
    return {
      workspace: SANDBOX_WORKSPACE,
      channel: SANDBOX_CHANNEL,
      channels: SANDBOX_CHANNELS,
      redis: await this.redis(),
      personas: PERSONAS.map((p) => ({
        id: p.id,
        name: p.name,
        title: personaTitle(p),
        role: p.role,
        band: p.band,
        org: p.org,
        timezone: p.timezone,
        admin: p.admin,
      })),
      messages: await this.deps.store.list(),
    };
  }

  /**
   * A persona typed a line. `/roundtable ...` runs the command as if said in `#general` (the reply is private to
   * them); anything else is a direct message to the bot.
   */
  async say(personaId: string, text: string): Promise<SandboxMessageView[]> {
    const persona = this.persona(personaId);
    await this.ensureSeeded();
    const isCommand = COMMAND.test(text);
    const shown: SandboxMessageView[] = [];
    shown.push(
      await this.add({
        persona: persona.id,
        author: 'person',
        private: isCommand,
        body: { kind: 'said', text },
      }),
    );
    if (!(await this.redis()).ok) {
      shown.push(await this.addBot(persona, textMessage(REDIS_DOWN_REPLY), isCommand));
      return shown;
    }
    const actor = personaActor(persona);
    if (isCommand) {
      const reply = await this.deps.inbound.command({
        actor,
        text: markChannels(text.replace(COMMAND, '').trim()),
        channelId: SANDBOX_CHANNEL,
        mentions: personaMentions(),
      });
      shown.push(...(await this.showReply(persona, reply, true)));
    } else {
      const reply = await this.deps.inbound.directMessage({
        actor,
        text,
        messageId: randomUUID(),
        edited: false,
        hasFiles: false,
      });
      if (reply) shown.push(...(await this.showReply(persona, reply, false)));
    }
    return shown;
  }

  /** A persona clicked a button in a message shown to them. */
  async action(
    personaId: string,
    input: { messageId: number; actionId: string; value: string; values: Record<string, string> },
  ): Promise<SandboxMessageView[]> {
    const persona = this.persona(personaId);
    const message = await this.visibleMessage(persona, input.messageId);
    if (
      message.body.kind !== 'message' ||
      !hasButton(message.body.message.blocks, input.actionId, input.value)
    ) {
      // A platform only sends clicks on buttons it showed; so does the sandbox.
      throw new SandboxRequestError(400, 'That button is not in that message.');
    }
    if (!(await this.redis()).ok) return [await this.addBot(persona, textMessage(REDIS_DOWN_REPLY), true)];
    const result = await this.deps.inbound.action({
      actor: personaActor(persona),
      actionId: input.actionId,
      value: input.value,
      values: input.values,
      messageRef: { platform: 'sandbox', workspaceId: SANDBOX_WORKSPACE, ref: String(message.id) },
    });
    const shown: SandboxMessageView[] = [];
    if (result.update) {
      const updated = await this.deps.store.replace(message.id, { kind: 'message', message: result.update });
      if (updated) {
        this.deps.hub.publish({ type: 'update', message: updated });
        shown.push(updated);
      } else {
        // The message went with the person's data (`forget me` cascades): show the outcome as a new message.
        this.deps.hub.publish({ type: 'reload' });
        shown.push(await this.addBot(persona, result.update, true));
      }
    }
    if (result.reply) shown.push(await this.addBot(persona, result.reply, true));
    return shown;
  }

  /** A persona submitted a form card. Errors keep the form open; otherwise it closes and any reply is shown. */
  async form(
    personaId: string,
    input: { messageId: number; values: Record<string, string> },
  ): Promise<{ errors?: Record<string, string>; messages: SandboxMessageView[] }> {
    const persona = this.persona(personaId);
    const message = await this.visibleMessage(persona, input.messageId);
    if (message.body.kind !== 'form' || message.body.closed) {
      throw new SandboxRequestError(400, 'That form is no longer open.');
    }
    const { form } = message.body;
    // The form stays open, so nothing typed into it is lost.
    if (!(await this.redis()).ok) {
      return { messages: [await this.addBot(persona, textMessage(REDIS_DOWN_REPLY), true)] };
    }
    const result = await this.deps.inbound.form({
      actor: personaActor(persona),
      formId: form.formId,
      values: input.values,
      context: form.context,
    });
    if (result.errors && Object.keys(result.errors).length > 0)
      return { errors: result.errors, messages: [] };
    const shown: SandboxMessageView[] = [];
    const closed = await this.deps.store.replace(message.id, { kind: 'form', form, closed: true });
    if (closed) {
      this.deps.hub.publish({ type: 'update', message: closed });
      shown.push(closed);
    }
    if (result.reply) shown.push(await this.addBot(persona, result.reply, true));
    return { messages: shown };
  }

  /** Delete everything the sandbox holds and seed it again. */
  async reset(): Promise<void> {
    await deleteSandboxWorkspace(this.deps.db);
    await this.deps.store.clear();
    await this.seed();
    this.deps.hub.publish({ type: 'reset' });
  }

  private persona(id: string): Persona {
    const p = findPersona(id);
    if (!p) throw new SandboxRequestError(404, 'There is no such person in the sandbox.');
    return p;
  }

  /** A message this persona can see: their own, or a post in the channel. */
  private async visibleMessage(persona: Persona, id: number): Promise<SandboxMessageView> {
    const message = await this.deps.store.get(id);
    if (!message || (message.persona !== persona.id && message.channel === null)) {
      throw new SandboxRequestError(404, 'That message is not in this pane.');
    }
    return message;
  }

  private async ensureSeeded(): Promise<void> {
    // A reset racing with a message could leave no workspace for a moment; seeding again is harmless.
    if (!(await this.deps.store.workspaceRowId())) await this.seed();
  }

  private async showReply(persona: Persona, reply: Reply, command: boolean): Promise<SandboxMessageView[]> {
    const shown: SandboxMessageView[] = [];
    if (reply.message) {
      if (command && reply.visibility === 'channel') {
        shown.push(
          await this.add({
            persona: null,
            channel: SANDBOX_CHANNEL,
            author: 'bot',
            body: { kind: 'message', message: reply.message },
          }),
        );
      } else {
        shown.push(await this.addBot(persona, reply.message, command));
      }
    }
    if (reply.form) {
      shown.push(
        await this.add({
          persona: persona.id,
          author: 'bot',
          private: true,
          body: { kind: 'form', form: reply.form },
        }),
      );
    }
    return shown;
  }

  private addBot(persona: Persona, message: Message, privately: boolean): Promise<SandboxMessageView> {
    return this.add({
      persona: persona.id,
      author: 'bot',
      private: privately,
      body: { kind: 'message', message },
    });
  }

  private async add(input: Parameters<SandboxMessageStore['add']>[0]): Promise<SandboxMessageView> {
    const view = await this.deps.store.add(input);
    this.deps.hub.publish({ type: 'message', message: view });
    return view;
  }
}

function hasButton(blocks: Block[], actionId: string, value: string): boolean {
  return blocks.some(
    (b) => b.type === 'buttons' && b.buttons.some((x) => x.actionId === actionId && x.value === value),
  );
}
