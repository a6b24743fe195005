/**
 * The sandbox's Messenger and Directory. Sending stores the message for the persona's pane and pushes it to open
 * pages; the directory is the fixed list of fictional personas, all of them in every channel (`#general` and
 * `#reflections`).
 */
import type { Attachment, Message } from '../../src/core/messages/message.js';
import { NotFound } from '../../src/errors.js';
import type {
  DirectTarget,
  Directory,
  MessageRef,
  Messenger,
  PlatformAudience,
  Profile,
} from '../../src/ports.js';
import type { SandboxHub } from './event-hub.js';
import type { SandboxMessageStore } from './message-store.js';
import { findPersona, isSandboxChannel, PERSONAS, personaProfile, SANDBOX_WORKSPACE } from './personas.js';

function checkWorkspace(workspaceId: string): void {
  if (workspaceId !== SANDBOX_WORKSPACE) throw new NotFound(`no sandbox workspace ${workspaceId}`);
}

function refOf(id: number): MessageRef {
  return { platform: 'sandbox', workspaceId: SANDBOX_WORKSPACE, ref: String(id) };
}

/** The sandbox Messenger: messages land in `sandbox_messages` and on every open page. */
export function sandboxMessenger(store: SandboxMessageStore, hub: SandboxHub): Messenger {
  return {
    platform: 'sandbox',
    async sendDirect(target: DirectTarget, message: Message, attachments?: Attachment[]) {
      checkWorkspace(target.workspaceId);
      if (!findPersona(target.userId)) throw new NotFound('no such sandbox person');
      const view = await store.add({
        persona: target.userId,
        author: 'bot',
        body: { kind: 'message', message },
        attachments,
      });
      hub.publish({ type: 'message', message: view });
      return refOf(view.id);
    },
    async update(ref: MessageRef, message: Message) {
      checkWorkspace(ref.workspaceId);
      const view = await store.replace(Number(ref.ref), { kind: 'message', message });
      if (!view) throw new NotFound('that sandbox message no longer exists');
      hub.publish({ type: 'update', message: view });
    },
    async sendToChannel(workspaceId: string, channelId: string, message: Message) {
      checkWorkspace(workspaceId);
      if (!isSandboxChannel(channelId))
        throw new NotFound('the sandbox has two channels, #general and #reflections');
      const view = await store.add({
        persona: null,
        channel: channelId,
        author: 'bot',
        body: { kind: 'message', message },
      });
      hub.publish({ type: 'message', message: view });
      return refOf(view.id);
    },
  };
}

/** The sandbox Directory: the fictional personas. */
export function sandboxDirectory(): Directory {
  return {
    platform: 'sandbox',
    async listAudience(workspaceId: string, audience: PlatformAudience): Promise<Profile[]> {
      checkWorkspace(workspaceId);
      if (audience.kind === 'channel' && isSandboxChannel(audience.channelId)) {
        return PERSONAS.map(personaProfile);
      }
      throw new NotFound('the sandbox has two channels, #general and #reflections, and no teams');
    },
    async profile(workspaceId: string, userId: string): Promise<Profile | null> {
      checkWorkspace(workspaceId);
      const p = findPersona(userId);
      return p ? personaProfile(p) : null;
    },
  };
}
