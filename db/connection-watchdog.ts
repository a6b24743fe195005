/**
 * One connection at a time, with a watchdog. PGlite has exactly one connection. Kysely serialises callers of a
 * single-connection dialect with a mutex of its own, out of sight of the driver; this wrapper takes that job over
 * (its adapter says it supports several connections, so Kysely adds no mutex) and gives the connection to one holder
 * at a time, in order, as a pool of one would, so that it can see who waits and who holds.
 *
 * Code that holds it (a transaction, `db.connection()`) while awaiting more work on the same database then waits for
 * itself forever, and the whole app freezes (docs/PITFALLS.md). When a request for the connection has waited longer than
 * `stallAfterMs`, the watchdog reports where the holder took it and where the waiter is, so the next deadlock is
 * found from one log line instead of by a user.
 *
 * The report holds code locations, never query text or parameters, so nothing a person wrote can reach the log.
 */
import type {
  DatabaseConnection,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  TransactionSettings,
} from 'kysely';
import type { DatabaseIntrospector } from 'kysely';

export interface ConnectionStall {
  /** How long the request has waited so far. */
  waitedMs: number;
  /** Where the waiting request came from (stack frames of our code). */
  waiter: string[];
  /** Each connection held now: for how long, and where it was taken. */
  holders: Array<{ heldMs: number; at: string[] }>;
}

export interface WatchdogOptions {
  stallAfterMs: number;
  onStall?: (stall: ConnectionStall) => void;
  now?: () => number;
}

/** Wrap a single-connection dialect: one holder at a time, and a report of any long wait for it. */
export function oneConnectionAtATime(inner: Dialect, options: WatchdogOptions): Dialect {
  return {
    createAdapter: (): DialectAdapter => serialisedHere(inner.createAdapter()),
    createQueryCompiler: (): QueryCompiler => inner.createQueryCompiler(),
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes Kysely<any> by its own signature.
    createIntrospector: (db: Kysely<any>): DatabaseIntrospector => inner.createIntrospector(db),
    createDriver: (): Driver => new WatchedDriver(inner.createDriver(), options),
  };
}

/** The inner adapter, except that Kysely is told not to serialise connections itself: the driver below does. */
function serialisedHere(adapter: DialectAdapter): DialectAdapter {
  return new Proxy(adapter, {
    get(target, key) {
      if (key === 'supportsMultipleConnections') return true;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

class WatchedDriver implements Driver {
  private readonly held = new Map<DatabaseConnection, { since: number; at: string[] }>();
  private readonly now: () => number;
  /** Callers waiting for the connection, first come first served. */
  private readonly queue: Array<() => void> = [];
  private busy = false;

  constructor(
    private readonly inner: Driver,
    private readonly options: WatchdogOptions,
  ) {
    this.now = options.now ?? Date.now;
    // Optional savepoint methods exist only when the inner driver has them.
    if (inner.savepoint) this.savepoint = (c, n, q) => inner.savepoint!(c, n, q);
    if (inner.rollbackToSavepoint)
      this.rollbackToSavepoint = (c, n, q) => inner.rollbackToSavepoint!(c, n, q);
    if (inner.releaseSavepoint) this.releaseSavepoint = (c, n, q) => inner.releaseSavepoint!(c, n, q);
  }

  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const at = ourFrames(new Error().stack);
    const asked = this.now();
    const timer = setTimeout(() => {
      const now = this.now();
      this.options.onStall?.({
        waitedMs: now - asked,
        waiter: at,
        holders: [...this.held.values()].map((h) => ({ heldMs: now - h.since, at: h.at })),
      });
    }, this.options.stallAfterMs);
    timer.unref();
    try {
      if (this.busy) await new Promise<void>((resolve) => this.queue.push(resolve));
      this.busy = true;
      try {
        const connection = await this.inner.acquireConnection();
        this.held.set(connection, { since: this.now(), at });
        return connection;
      } catch (error) {
        this.handOn();
        throw error;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Give the connection to the next waiter, or mark it free. */
  private handOn(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.busy = false;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.held.delete(connection);
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      this.handOn();
    }
  }

  destroy(): Promise<void> {
    this.held.clear();
    return this.inner.destroy();
  }
}

/** The stack frames that are ours (not Kysely's, not node's), trimmed to a readable few. */
function ourFrames(stack: string | undefined): string[] {
  return (stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().replace(/^at /, ''))
    .filter((l) => !/node_modules|node:|connection-watchdog/.test(l))
    .map((l) => l.replace(/(?:file:\/\/)?\/\S*?\/((?:src|adapters|db|test|bench)\/)/, '$1'))
    .slice(0, 8);
}
