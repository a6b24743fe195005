/**
 * The `Messenger` port for Slack. Direct messages go to the bot's DM with the person with `chat.postMessage` to
 * their user id (the DM's channel id is then cached); updates use `chat.update`. Attachments (an `.ics` invite, an export)
 * are uploaded into the same DM with the files upload flow (`files.uploadV2`), after the message. A file that will not
 * upload does not fail the send (the message is already there: a retry would post it twice); the person is told
 * in a short line that the file is missing and the details are in the message.
 *
 * Every failure is a typed error (see `slack-errors.ts`): a 429 is `RateLimited(retryAfterMs)` and nothing is
 * retried here, so the outbox job that called us owns the retry and no message is lost or doubled by the client.
 */
import { type Attachment, type Message, textMessage } from '../../src/core/messages/message.js';
import type { Logger } from '../../src/log.js';
import { errorName, NotFound } from '../../src/errors.js';
import type { DirectTarget, MessageRef, Messenger } from '../../src/ports.js';
import { renderMessage } from './block-kit.renderer.js';
import { decodeMessageRef, encodeMessageRef } from './payload-mappers.js';
import { slackCall } from './slack-errors.js';
import type { WebClientPool } from './web-client-pool.js';

const MAX_DM_CHANNELS = 50_000;

/** The line that follows a message whose file would not upload. */
export function missingFileMessage(filename: string): Message {
  return textMessage(`I couldn't attach ${filename} just now. The details are in the message above.`);
}

export class SlackMessenger implements Messenger {
  readonly platform = 'slack' as const;
  /** `workspace|user` → DM channel id: saves a `conversations.open` per delivery. */
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly pool: WebClientPool,
    private readonly logger: Logger,
  ) {}

  async sendDirect(
    target: DirectTarget,
    message: Message,
    attachments: Attachment[] = [],
  ): Promise<MessageRef> {
    // Posting to the user id opens the bot's DM with them implicitly, so a first large fan-out does not need a
    // `conversations.open` per person (that method allows only about 50 calls a minute). The DM's channel id comes
    // back in the answer and is kept for updates, uploads and later sends.
    const key = `${target.workspaceId}|${target.userId}`;
    const ref = await this.post(target.workspaceId, this.dmChannels.get(key) ?? target.userId, message);
    const channel = decodeMessageRef(ref)?.channel ?? target.userId;
    if (!this.dmChannels.has(key)) {
      if (this.dmChannels.size >= MAX_DM_CHANNELS) this.dmChannels.clear();
      this.dmChannels.set(key, channel);
    }
    for (const attachment of attachments) {
      try {
        await this.upload(target.workspaceId, channel, attachment);
      } catch (error) {
        this.logger.warn({ error: errorName(error) }, 'Slack: a file did not upload after its message');
        await this.post(target.workspaceId, channel, missingFileMessage(attachment.filename)).catch(
          (noted: unknown) =>
            this.logger.warn({ error: errorName(noted) }, 'Slack: the missing-file note failed'),
        );
      }
    }
    return ref;
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const where = decodeMessageRef(ref);
    if (!where) throw new NotFound('not a Slack message reference');
    const { client } = await this.pool.forWorkspace(ref.workspaceId);
    await slackCall(() =>
      client.chat.update({ channel: where.channel, ts: where.ts, ...renderMessage(message) }),
    );
  }

  sendToChannel(workspaceId: string, channelId: string, message: Message): Promise<MessageRef> {
    return this.post(workspaceId, channelId, message);
  }

  /** Post in a DM we already know (a reply to a direct message). */
  async post(workspaceId: string, channel: string, message: Message): Promise<MessageRef> {
    const { client } = await this.pool.forWorkspace(workspaceId);
    const res = await slackCall(() => client.chat.postMessage({ channel, ...renderMessage(message) }), {
      posts: true,
    });
    if (!res.ts) throw new Error('Slack did not return a message timestamp');
    return encodeMessageRef(workspaceId, res.channel ?? channel, res.ts);
  }

  /** Forget cached DM channels of a workspace (uninstall). */
  forget(workspaceId: string): void {
    for (const key of this.dmChannels.keys())
      if (key.startsWith(`${workspaceId}|`)) this.dmChannels.delete(key);
  }

  private async upload(workspaceId: string, channel: string, attachment: Attachment): Promise<void> {
    const { client } = await this.pool.forWorkspace(workspaceId);
    await slackCall(() =>
      client.files.uploadV2({
        channel_id: channel,
        filename: attachment.filename,
        title: attachment.filename,
        content: attachment.content,
      }),
    );
  }
}
