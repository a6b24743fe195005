/**
 * A recording platform for service-level tests: an `AdapterFactory` whose Messenger and Directory keep every
 * message in memory per person, on a platform of your choice. Two of them ('slack' and 'teams') let tests
 * drive a conversation across platforms without the real adapters.
 */
import type { AdapterFactory } from '../../src/app.js';
import type { Message } from '../../src/core/messages/message.js';
import type { PlatformAdapter } from '../../src/http/platform-adapter.js';
import type { DirectTarget, Directory, MessageRef, Messenger, Platform, Profile } from '../../src/ports.js';

export interface RecordedMessage {
  workspaceId: string;
  userId: string;
  message: Message;
}

export interface RecordingPlatform {
  platform: Platform;
  factory: AdapterFactory;
  /** Every message sent, in order. */
  sent: RecordedMessage[];
  /** The messages one person received. */
  inbox(workspaceId: string, userId: string): Message[];
  /** Everything one person received, as one string (text and blocks). */
  inboxText(workspaceId: string, userId: string): string;
  /** Profiles the directory answers with. */
  profiles: Map<string, Profile>;
  clear(): void;
}

/** All the text of a message, blocks included. */
export function fullText(message: Message): string {
  return [message.text, ...message.blocks.map((b) => JSON.stringify(b))].join('\n');
}

export function createRecordingPlatform(platform: Platform): RecordingPlatform {
  const sent: RecordedMessage[] = [];
  const profiles = new Map<string, Profile>();
  let counter = 0;
  const messenger: Messenger = {
    platform,
    async sendDirect(target: DirectTarget, message: Message): Promise<MessageRef> {
      sent.push({ workspaceId: target.workspaceId, userId: target.userId, message });
      counter++;
      return { platform, workspaceId: target.workspaceId, ref: `m${counter}` };
    },
    async update(): Promise<void> {},
    async sendToChannel(workspaceId: string, channelId: string, message: Message): Promise<MessageRef> {
      sent.push({ workspaceId, userId: `#${channelId}`, message });
      counter++;
      return { platform, workspaceId, ref: `m${counter}` };
    },
  };
  const directory: Directory = {
    platform,
    async listAudience(): Promise<Profile[]> {
      return [...profiles.values()];
    },
    async profile(_workspaceId: string, userId: string): Promise<Profile | null> {
      return profiles.get(userId) ?? null;
    },
  };
  const adapter: PlatformAdapter = {
    platform,
    messenger,
    directory,
    mount() {},
    describe: () => `${platform}: recording fake`,
  };
  const inbox = (workspaceId: string, userId: string) =>
    sent.filter((s) => s.workspaceId === workspaceId && s.userId === userId).map((s) => s.message);
  return {
    platform,
    factory: async () => adapter,
    sent,
    inbox,
    inboxText: (workspaceId, userId) => inbox(workspaceId, userId).map(fullText).join('\n---\n'),
    profiles,
    clear: () => {
      sent.length = 0;
    },
  };
}
