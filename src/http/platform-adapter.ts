import type { Router } from 'express';
import type { Directory, Messenger, Platform } from '../ports.js';

/**
 * What a platform adapter hands the composition root: its ports, and the routes it mounts on the shared
 * HTTP server. Adapters live in `adapters/<platform>`; nothing here knows their SDKs.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  readonly messenger: Messenger;
  readonly directory: Directory;
  /** Mount HTTP routes (e.g. `POST /slack/events`). Called once, before the server listens. */
  mount(router: Router): void;
  /** Start long-lived connections (Socket Mode). */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** One line for the start-up log, e.g. "Slack: single workspace, HTTP at /slack/events". */
  describe(): string;
}
