/**
 * A recording platform for service tests (platform 'sandbox'): every direct message, channel post and update is
 * kept in memory, and each channel has a roster the directory serves. Nothing goes over the network.
 */
import type { AdapterFactory } from '../../src/app.js';
import type { Attachment, Message } from '../../src/core/messages/message.js';
import type { PlatformAdapter } from '../../src/http/platform-adapter.js';
import type {
  Directory,
  DirectTarget,
  MessageRef,
  Messenger,
  PlatformAudience,
  Profile,
} from '../../src/ports.js';

export interface RecordedMessage {
  ref: string;
  kind: 'direct' | 'channel';
  workspaceId: string;
  /** The user for a direct message, the channel for a post. */
  to: string;
  message: Message;
  attachments: Attachment[];
}

export class RecordingSessionsPlatform {
  readonly sent: RecordedMessage[] = [];
  readonly updates: Array<{ ref: string; message: Message }> = [];
  /** Roster per channel (or team) id. */
  readonly rosters = new Map<string, Profile[]>();
  private counter = 0;

  /** Direct messages to one user, oldest first. */
  directTo(userId: string): RecordedMessage[] {
    return this.sent.filter((m) => m.kind === 'direct' && m.to === userId);
  }

  setRoster(channelId: string, userIds: string[]): void {
    this.rosters.set(
      channelId,
      userIds.map((userId) => ({ userId, displayName: userId, platformAdmin: false })),
    );
  }

  readonly messenger: Messenger = {
    platform: 'sandbox',
    sendDirect: async (target: DirectTarget, message: Message, attachments?: Attachment[]) =>
      this.record('direct', target.workspaceId, target.userId, message, attachments ?? []),
    update: async (ref: MessageRef, message: Message) => {
      this.updates.push({ ref: ref.ref, message });
    },
    sendToChannel: async (workspaceId: string, channelId: string, message: Message) =>
      this.record('channel', workspaceId, channelId, message, []),
  };

  readonly directory: Directory = {
    platform: 'sandbox',
    listAudience: async (_workspaceId: string, audience: PlatformAudience) =>
      this.rosters.get(audience.kind === 'channel' ? audience.channelId : audience.teamId) ?? [],
    profile: async (_workspaceId: string, userId: string) =>
      [...this.rosters.values()].flat().find((p) => p.userId === userId) ?? null,
  };

  /** The factory to hand `startTestApp({ adapters: [...] })`. */
  factory(): AdapterFactory {
    return async () => this.adapter();
  }

  private adapter(): PlatformAdapter {
    return {
      platform: 'sandbox',
      messenger: this.messenger,
      directory: this.directory,
      mount: () => {},
      describe: () => 'Recording sandbox platform (tests)',
    };
  }

  private record(
    kind: RecordedMessage['kind'],
    workspaceId: string,
    to: string,
    message: Message,
    attachments: Attachment[],
  ): MessageRef {
    const ref = `m${++this.counter}`;
    this.sent.push({ ref, kind, workspaceId, to, message, attachments });
    return { platform: 'sandbox', workspaceId, ref };
  }
}
