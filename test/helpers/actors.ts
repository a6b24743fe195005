import type { Message } from '../../src/core/messages/message.js';
import type { Actor } from '../../src/ports.js';

/** An actor on the sandbox platform (no adapter needed to call the services directly). */
export function actor(userId: string, extra: Partial<Actor> = {}): Actor {
  return { platform: 'sandbox', workspaceId: 'W-test', userId, displayName: `Person ${userId}`, ...extra };
}

/** All the text of a message, blocks included, for assertions. */
export function messageText(m: Message | undefined): string {
  if (!m) return '';
  return [m.text, ...m.blocks.map((b) => JSON.stringify(b))].join('\n');
}
