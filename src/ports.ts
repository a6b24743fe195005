/**
 * The seam between the core and the chat platforms. The core owns these types; each adapter
 * (`adapters/slack`, `adapters/teams`, `adapters/sandbox`) implements `Messenger` and `Directory`, and turns
 * platform payloads into the inbound events below, which it hands to {@link Inbound}.
 *
 * Platform ids (`workspaceId`, `userId`, `channelId`, `MessageRef.ref`) are opaque strings outside the adapter
 * that made them: the core stores and compares them, never parses them.
 */
import type { Attachment, Form, Message } from './core/messages/message.js';

export type Platform = 'slack' | 'teams' | 'sandbox';
export const PLATFORMS: readonly Platform[] = ['slack', 'teams', 'sandbox'];

/** Who did something, as the platform told us. */
export interface Actor {
  platform: Platform;
  /** The platform's workspace: a Slack team id, a Teams tenant id, a sandbox id. */
  workspaceId: string;
  /** The platform's user id. */
  userId: string;
  displayName?: string;
  email?: string;
  /** IANA zone, when the platform said (Slack profile, Teams `localTimezone`). */
  timezone?: string;
  /** Slack workspace owner/admin. Undefined when the platform did not say. */
  platformAdmin?: boolean;
}

/** A person the bot can message, as the platform's directory describes them. */
export interface Profile {
  userId: string;
  displayName: string;
  email?: string;
  timezone?: string;
  platformAdmin: boolean;
}

/** A reference to a sent message, for later updates. `ref` is adapter-encoded and opaque. */
export interface MessageRef {
  platform: Platform;
  workspaceId: string;
  ref: string;
}

/** Where a direct message goes. */
export interface DirectTarget {
  workspaceId: string;
  userId: string;
}

/** What a platform directory can list. Roles and "everyone" are resolved by the services from our own store. */
export type PlatformAudience =
  | { kind: 'channel'; channelId: string }
  /** Teams: the roster of a team. */
  | { kind: 'team'; teamId: string };

/**
 * Sends messages on one platform. Implementations throw the typed errors of `src/errors.ts`:
 * `RateLimited(retryAfterMs)` on HTTP 429, `Unauthorized` when the workspace's credentials are gone
 * (uninstalled), `NotFound` for an unknown user or conversation, `Transient` for 5xx and network failures.
 */
export interface Messenger {
  readonly platform: Platform;
  /** Send a 1:1 message to a person, opening the conversation if needed. */
  sendDirect(target: DirectTarget, message: Message, attachments?: Attachment[]): Promise<MessageRef>;
  /** Replace a message sent earlier (e.g. a check-in becomes a thank-you after an answer). */
  update(ref: MessageRef, message: Message): Promise<void>;
  /** Post to a channel the bot is in. */
  sendToChannel(workspaceId: string, channelId: string, message: Message): Promise<MessageRef>;
  /**
   * Optional: the people a batch is about to reach by direct message (`src/delivery/batch.ts`). An adapter that
   * reads something per person before sending (Teams: the conversation reference) may read it for them all in
   * one go; what it reads serves the next send to each person only.
   */
  prepareDirects?(workspaceId: string, userIds: readonly string[]): Promise<void>;
}

/** Reads people from one platform. */
export interface Directory {
  readonly platform: Platform;
  /** Every human member of a channel or team (all pages). Bots and deactivated accounts are left out. */
  listAudience(workspaceId: string, audience: PlatformAudience): Promise<Profile[]>;
  /** One person's profile, or null when the platform does not know them. */
  profile(workspaceId: string, userId: string): Promise<Profile | null>;
}

/** Someone said `/roundtable <text>` (Slack) or sent the same words to the bot (Teams, sandbox). */
export interface CommandSaid {
  actor: Actor;
  /** The words after `/roundtable`, platform mention markup left in place for the parser. */
  text: string;
  /** The channel (or Teams team channel) where it was said; absent in a 1:1 chat. */
  channelId?: string;
  /** Teams: the team whose channel it was said in. */
  teamId?: string;
  /**
   * Said in a direct message or a group direct message whose members the adapter does not read (Slack: the app
   * asks for no `im:read`/`mpim:read`), so "this channel" cannot be an audience there. Absent in a channel.
   */
  conversation?: 'direct' | 'group-direct';
  /** Teams `<at>Name</at>` mentions, in order, with the ids their entities carry. */
  mentions?: MentionEntity[];
}

export interface MentionEntity {
  /** The mention as it appears in the text, e.g. `<at>Ada Lovelace</at>`. */
  text: string;
  userId: string;
  name: string;
}

/** Someone clicked a button in a message the bot sent. */
export interface ActionChosen {
  actor: Actor;
  actionId: string;
  value: string;
  /** Values of the inputs in the same message (scale, reflection text, tick boxes). May hold personal text. */
  values: Record<string, string>;
  /** The message the button was in, when the platform said. */
  messageRef?: MessageRef;
}

/** Someone submitted a form (Slack modal, or a form rendered as a card). */
export interface FormSubmitted {
  actor: Actor;
  formId: string;
  values: Record<string, string>;
  context?: string;
}

/** A plain direct message to the bot (the peer-support relay). */
export interface DirectMessage {
  actor: Actor;
  /** Personal text: never logged. */
  text: string;
  /** Platform message id, for de-duplication. */
  messageId: string;
  /** True when this is an edit of an earlier message. */
  edited: boolean;
  /** True when the message carried files or images. */
  hasFiles: boolean;
}

/** The app was installed in (or added to) a workspace. */
export interface Installed {
  platform: Platform;
  workspaceId: string;
  name?: string;
  /**
   * The installing person: they become the workspace's first admin only when it has no admin at all (no
   * Roundtable admin, no earlier installer, no platform owner or admin we know of). Audited either way.
   */
  installer?: Actor;
  /** Teams: the team the app was added to (the workspace is the tenant; each team's install is audited). */
  teamId?: string;
}

export interface Uninstalled {
  platform: Platform;
  workspaceId: string;
}

/** What to show the person who said a command. */
export interface Reply {
  message?: Message;
  /** Open a dialog (Slack modal); platforms without dialogs render it as a card. */
  form?: Form;
  /** Private to the caller (default) or visible in the channel. */
  visibility?: 'private' | 'channel';
}

/** What to do after a button click. */
export interface ActionResult {
  /** Replace the message the button was in (so it cannot be answered twice). */
  update?: Message;
  /** Tell the clicker privately. */
  reply?: Message;
}

/** What to do after a form submission: close it, or show errors by input id. */
export interface FormResult {
  errors?: Record<string, string>;
  reply?: Message;
}

/**
 * What the services offer the adapters. Every method does its own authorization: an adapter never decides
 * who is an admin or whose check-in a button belongs to.
 */
export interface Inbound {
  command(event: CommandSaid): Promise<Reply>;
  action(event: ActionChosen): Promise<ActionResult>;
  form(event: FormSubmitted): Promise<FormResult>;
  /** Returns a reply to send back to the sender, when there is one. */
  directMessage(event: DirectMessage): Promise<Reply | undefined>;
  installed(event: Installed): Promise<void>;
  uninstalled(event: Uninstalled): Promise<void>;
  /** The App Home / "my Roundtable" view for a person. */
  home(actor: Actor): Promise<Message>;
}
