/**
 * A watchdog over a Kysely dialect's connections. PGlite has exactly one connection: code that holds it (a
 * transaction, `db.connection()`, an advisory lock) while awaiting more work on the same database waits for itself
 * forever, and the whole app freezes (PITFALLS.md). When a request for a connection has waited longer than
 * `stallAfterMs`, the watchdog reports where each current holder took its connection and where the waiter is, so the
 * next deadlock is found from one log line instead of by a user.
 *
 * It wraps any dialect (the driver is only delegated to); the report holds code locations, never query text or
 * parameters, so nothing a person wrote can reach the log.
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
  onStall: (stall: ConnectionStall) => void;
  now?: () => number;
}

/** Wrap a dialect so its driver reports stalled connection requests. */
export function watchConnections(inner: Dialect, options: WatchdogOptions): Dialect {
  return {
    createAdapter: (): DialectAdapter => inner.createAdapter(),
    createQueryCompiler: (): QueryCompiler => inner.createQueryCompiler(),
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes Kysely<any> by its own signature.
    createIntrospector: (db: Kysely<any>): DatabaseIntrospector => inner.createIntrospector(db),
    createDriver: (): Driver => new WatchedDriver(inner.createDriver(), options),
  };
}

class WatchedDriver implements Driver {
  private readonly held = new Map<DatabaseConnection, { since: number; at: string[] }>();
  private readonly now: () => number;

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
      this.options.onStall({
        waitedMs: now - asked,
        waiter: at,
        holders: [...this.held.values()].map((h) => ({ heldMs: now - h.since, at: h.at })),
      });
    }, this.options.stallAfterMs);
    timer.unref();
    try {
      const connection = await this.inner.acquireConnection();
      this.held.set(connection, { since: this.now(), at });
      return connection;
    } finally {
      clearTimeout(timer);
    }
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

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.held.delete(connection);
    return this.inner.releaseConnection(connection);
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
