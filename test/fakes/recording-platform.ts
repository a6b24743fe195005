/**
 * The one recording platform adapter for integration tests ('sandbox' unless told; a 'slack' and a 'teams' one let
 * a test drive a conversation across platforms without the real adapters): it records every message it is asked
 * to send, per user and per channel, with attachments and updates, serves a configurable roster per channel or
 * team, and can answer the next N sends with `RateLimited` and the sends to chosen people with any error. One `Recording` may be shared by several app instances
 * (two workers, one "platform").
 */
import type { AdapterFactory } from '../../src/app.js';
import type { Attachment, Message } from '../../src/core/messages/message.js';
import { RateLimited } from '../../src/errors.js';
import type { PlatformAdapter } from '../../src/http/platform-adapter.js';
import type {
  Directory,
  DirectTarget,
  MessageRef,
  Messenger,
  Platform,
  PlatformAudience,
  Profile,
} from '../../src/ports.js';

export interface RecordedDirect {
  workspaceId: string;
  userId: string;
  message: Message;
  /** Files sent with it (e.g. a session's calendar invitation). */
  attachments: Attachment[];
  ref: string;
}

export interface RecordedChannelPost {
  workspaceId: string;
  channelId: string;
  message: Message;
  ref: string;
}

export class Recording {
  readonly directs: RecordedDirect[] = [];
  readonly channelPosts: RecordedChannelPost[] = [];
  readonly updates: Array<{ ref: MessageRef; message: Message }> = [];
  /** Rosters by channel or team id. */
  readonly rosters = new Map<string, Profile[]>();
  /** Sends refused with `RateLimited` so far. */
  rateLimitedCount = 0;
  private refuse = 0;
  private refuseMs = 0;
  /** People whose direct messages fail, with the error each send throws. */
  private readonly failingUsers = new Map<string, () => Error>();
  private seq = 0;
  readonly messenger: Messenger;
  readonly directory: Directory;

  constructor(readonly platform: Platform = 'sandbox') {
    this.messenger = this.makeMessenger();
    this.directory = this.makeDirectory();
  }

  /** Set the people of a channel (or team). */
  setRoster(id: string, people: Array<Partial<Profile> & { userId: string }>): void {
    this.rosters.set(
      id,
      people.map((p) => ({ displayName: p.userId, platformAdmin: false, ...p })),
    );
  }

  /** The next `n` sends (direct or channel) throw `RateLimited(retryAfterMs)`. */
  rateLimitNext(n: number, retryAfterMs: number): void {
    this.refuse = n;
    this.refuseMs = retryAfterMs;
  }

  /** Every direct message to these people throws `error()` (e.g. `new NotFound()`), until `clearFailures()`. */
  failDirectsTo(userIds: readonly string[], error: () => Error): void {
    for (const id of userIds) this.failingUsers.set(id, error);
  }

  clearFailures(): void {
    this.failingUsers.clear();
  }

  /** Every direct message one person received, oldest first. */
  dmsTo(userId: string): RecordedDirect[] {
    return this.directs.filter((d) => d.userId === userId);
  }

  /** The messages one person of one workspace received, oldest first. */
  inbox(workspaceId: string, userId: string): Message[] {
    return this.directs
      .filter((d) => d.workspaceId === workspaceId && d.userId === userId)
      .map((d) => d.message);
  }

  /** How many direct messages each person received. */
  dmCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of this.directs) counts.set(d.userId, (counts.get(d.userId) ?? 0) + 1);
    return counts;
  }

  clear(): void {
    this.directs.length = 0;
    this.channelPosts.length = 0;
    this.updates.length = 0;
  }

  private gate(): void {
    if (this.refuse > 0) {
      this.refuse--;
      this.rateLimitedCount++;
      throw new RateLimited(this.refuseMs);
    }
  }

  private makeMessenger(): Messenger {
    const platform = this.platform;
    return {
      platform,
      sendDirect: async (
        target: DirectTarget,
        message: Message,
        attachments?: Attachment[],
      ): Promise<MessageRef> => {
        this.gate();
        const failure = this.failingUsers.get(target.userId);
        if (failure) throw failure();
        const ref = `dm-${++this.seq}`;
        this.directs.push({
          workspaceId: target.workspaceId,
          userId: target.userId,
          message,
          attachments: attachments ?? [],
          ref,
        });
        return { platform, workspaceId: target.workspaceId, ref };
      },
      update: async (ref: MessageRef, message: Message): Promise<void> => {
        this.updates.push({ ref, message });
      },
      sendToChannel: async (
        workspaceId: string,
        channelId: string,
        message: Message,
      ): Promise<MessageRef> => {
        this.gate();
        const ref = `post-${++this.seq}`;
        this.channelPosts.push({ workspaceId, channelId, message, ref });
        return { platform, workspaceId, ref };
      },
    };
  }

  private makeDirectory(): Directory {
    return {
      platform: this.platform,
      listAudience: async (_workspaceId: string, audience: PlatformAudience): Promise<Profile[]> => {
        const id = audience.kind === 'channel' ? audience.channelId : audience.teamId;
        return [...(this.rosters.get(id) ?? [])];
      },
      profile: async (_workspaceId: string, userId: string): Promise<Profile | null> => {
        for (const roster of this.rosters.values()) {
          const found = roster.find((p) => p.userId === userId);
          if (found) return found;
        }
        return null;
      },
    };
  }
}

/** All the text of a message, blocks included. */
export function fullText(message: Message): string {
  return [message.text, ...message.blocks.map((b) => JSON.stringify(b))].join('\n');
}

/** The adapter factory for `startTestApp({ adapters: [recordingPlatform(recording)] })`. */
export function recordingPlatform(recording: Recording = new Recording()): AdapterFactory {
  return async () => {
    const adapter: PlatformAdapter = {
      platform: recording.platform,
      messenger: recording.messenger,
      directory: recording.directory,
      mount: () => {},
      describe: () => `Recording ${recording.platform} platform (tests): messages are kept in memory`,
    };
    return adapter;
  };
}
