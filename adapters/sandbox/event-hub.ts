/**
 * Pushes sandbox changes to open pages (server-sent events). In-process: the page sees messages sent by this
 * process, which is every message when the sandbox runs as one process (ROUNDTABLE_ROLE=all, the default).
 */
import type { RedisNotice } from '../../src/dev/redis-starter.js';
import type { SandboxMessageView } from './message-store.js';

/** Whether the jobs' Redis answers; when not, what the page's notice says. */
export type RedisStatus = { ok: true } | ({ ok: false } & RedisNotice);

export type SandboxEvent =
  | { type: 'message'; message: SandboxMessageView }
  | { type: 'update'; message: SandboxMessageView }
  | { type: 'reset' }
  /** Rows went away without a reset (a persona's `forget me`): the page should load its state again. */
  | { type: 'reload' }
  /** Redis went away or came back: the page shows or hides its notice. */
  | { type: 'redis'; redis: RedisStatus };

type Listener = (event: SandboxEvent) => void;

export class SandboxHub {
  private readonly listeners = new Set<Listener>();

  /** Listen to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: SandboxEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken stream must not stop the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
