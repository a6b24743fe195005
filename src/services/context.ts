/**
 * What every service is handed: the store, the queues, time and randomness, the cipher, the platforms.
 * Services are plain functions over this context, so tests build it from real parts with an injected clock.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock, Random } from '../clock.js';
import type { Command, CommandKind } from '../core/commands/command.js';
import type { Block } from '../core/messages/message.js';
import type { PersonHasher, TextCipher } from '../crypto.js';
import type { AnyMessageKind } from '../delivery/engine.js';
import type { JobRuntime } from '../jobs/job-runtime.js';
import type { Logger } from '../log.js';
import type { ChartStore } from './charts/chart-store.js';
import type { Metrics } from '../metrics.js';
import type {
  ActionChosen,
  ActionResult,
  Actor,
  DirectMessage,
  FormResult,
  FormSubmitted,
  Reply,
} from '../ports.js';
import type { Cadence } from '../store/cadence.repository.js';
import type { Member } from '../store/member.repository.js';
import type { Occurrence } from '../store/occurrence.repository.js';
import type { Workspace } from '../store/workspace.repository.js';
import type { PlatformRegistry } from './platform-registry.js';

export interface ServiceSettings {
  /** A cadence firing missed while the app was down is caught up only within this window. */
  graceMs: number;
  /** Where people reach this server (links in messages). */
  publicUrl: string;
}

export interface ServiceContext {
  db: Kysely<Database>;
  jobs: JobRuntime;
  clock: Clock;
  random: Random;
  cipher: TextCipher;
  /** Keyed hashes of people for lasting stops and final forgets (`src/services/members/suppression.ts`). */
  people: PersonHasher;
  logger: Logger;
  metrics: Metrics;
  platforms: PlatformRegistry;
  settings: ServiceSettings;
  /** Where report charts are kept for their signed links (`/charts/<id>.png`). */
  charts: ChartStore;
}

export interface PeriodicTask {
  /** Scheduler id; kept unique across features. */
  id: string;
  everyMs: number;
  /** The task name (handled with `jobs.onTask`). */
  task: string;
}

/** The person behind an inbound event, resolved against the store. */
export interface Caller {
  actor: Actor;
  workspace: Workspace;
  member: Member;
  admin: boolean;
  channelId?: string;
  teamId?: string;
  /** Said in a direct or group direct message (see `CommandSaid.conversation`). */
  conversation?: 'direct' | 'group-direct';
}

/** The command variant with kind `K` (also for variants that share a shape, like `checkin.pause|resume`). */
export type CommandOf<K extends CommandKind> = Command extends infer C
  ? C extends { kind: infer CK }
    ? K extends CK
      ? Omit<C, 'kind'> & { kind: K }
      : never
    : never
  : never;

export type CommandHandler<K extends CommandKind> = (command: CommandOf<K>, caller: Caller) => Promise<Reply>;

export type CommandTable = {
  [K in CommandKind]?: {
    admin: boolean;
    /** Needs the job queue (it sends, schedules or queues work): refused while Redis is unreachable. */
    queue?: boolean;
    run: CommandHandler<K>;
  };
};

/**
 * A feature plugs into the services here: the commands it executes, the buttons and forms it owns (by
 * `actionId`/`formId` prefix, e.g. `checkin.`), its cadence kind, its jobs, and what it adds to the home view,
 * `status`, `privacy` and `forget me`.
 */
export interface Feature {
  name: string;
  commands?: CommandTable;
  /** Keyed by prefix: an `actionId` starting with it is routed here. */
  actions?: Record<string, (event: ActionChosen, caller: Caller) => Promise<ActionResult>>;
  forms?: Record<string, (event: FormSubmitted, caller: Caller) => Promise<FormResult>>;
  /** Return undefined to let the next feature (or the default reply) handle it. */
  directMessage?: (event: DirectMessage, caller: Caller) => Promise<Reply | undefined>;
  /**
   * Fire one occurrence of a cadence of this feature's kind. The occurrence row is already claimed (unique per
   * cadence, time and zone); `fire` must be safe to run again for the same row (a retried firing job).
   */
  cadence?: {
    kind: Cadence['kind'];
    fire: (cadence: Cadence, occurrence: Occurrence) => Promise<void>;
  };
  /**
   * Tasks to run on a fixed interval (sweeps that catch up anything a lost delayed job would have done). Their
   * job schedulers are reconciled with the cadences, under the same lock, so a Redis flush loses none of them.
   */
  periodic?: PeriodicTask[];
  /**
   * The messages this feature sends: each kind is registered with the delivery engine (`src/delivery/engine.ts`),
   * which sends, classifies, counts and sweeps them all the same way.
   */
  messages?: readonly AnyMessageKind[];
  /** Register task handlers (and any outbox job that is not a message) with the job runtime. */
  registerJobs?: (jobs: JobRuntime) => void;
  home?: (caller: Caller) => Promise<Block[]>;
  /** Extra words for a cadence of this feature's kind in `checkin list` (e.g. fan-out progress). */
  describeCadence?: (cadence: Cadence) => Promise<string | undefined>;
  status?: (workspace: Workspace) => Promise<string[]>;
  /** Lines for `/roundtable me`: exactly what this feature stores about the member. */
  aboutMe?: (member: Member) => Promise<string[]>;
  /** Extra deletion for `forget me` beyond the ON DELETE CASCADE of the member row. */
  forget?: (member: Member) => Promise<void>;
}
