/**
 * The BullMQ side of the app: three queues (see queue-names.ts), their workers, and the rules that decide what
 * happens when a job fails. Jobs carry ids only — never text a person wrote (BullMQ stores job data in clear).
 * Handlers are registered by the services; this file knows nothing of check-ins or pairing.
 */
import {
  DelayedError,
  type Job,
  type JobsOptions,
  Queue,
  type RepeatStrategy,
  UnrecoverableError,
  Worker,
} from 'bullmq';
import { isRetryable, Paced, QueueUnavailable, RateLimited, Transient } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { z as zod } from 'zod';
import {
  envelopeSchema,
  InvalidJobData,
  type OutboxDef,
  type OutboxEnvelope,
  type OutboxJob,
  parseJobData,
  type TaskDef,
} from './job-types.js';
import { QUEUES, type QueueName } from './queue-names.js';
import { clusterSafePrefix, createRedis, type RedisClient } from './redis.js';
import { type ThrottleBudget, WorkspaceThrottle } from './workspace-throttle.js';

export type TaskHandler<T> = (data: T, job: Job) => Promise<void>;
export type CadenceHandler = (
  data: { cadenceId: number; zone: string },
  scheduledFor: Date,
  job: Job,
) => Promise<void>;

export type OutboxHandler<T> = (data: OutboxJob<T>, job: Job) => Promise<void>;

/** A registered handler with the declaration its jobs are read through. */
interface Registered {
  schema: zod.ZodType<unknown>;
  handler: (data: never, job: Job) => Promise<void>;
}

export interface JobRuntimeOptions {
  redisUrl: string;
  /** `redisUrl` is one node of a Redis Cluster. */
  redisCluster?: boolean;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  repeatStrategy: RepeatStrategy;
  /** Send budget per platform (messages per second per workspace, and burst). */
  budgets: Record<string, ThrottleBudget>;
  /** Worker concurrency for the outbox (network-bound). */
  outboxConcurrency?: number;
  taskConcurrency?: number;
}

/**
 * Outbound sends in flight per worker process. Sends are network-bound (a platform call and a few Postgres round
 * trips each), so this, not CPU, caps the total rate across workspaces; it is also the most a crash can duplicate.
 */
export const OUTBOX_CONCURRENCY = 32;

/**
 * The longest an enqueue may wait on a connected but silent Redis. Commands enqueue before they answer, and Slack
 * and Teams give them 3 s in all.
 */
export const ENQUEUE_TIMEOUT_MS = 1_500;

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

export class JobRuntime {
  readonly connection: RedisClient;
  /** The key prefix in use: the configured one, as a hash tag on a cluster. */
  readonly prefix: string;
  readonly queues: Record<QueueName, Queue>;
  readonly throttle: WorkspaceThrottle;
  private readonly tasks = new Map<string, Registered>();
  private readonly outbox = new Map<string, Registered>();
  private cadenceHandler?: CadenceHandler;
  private workers: Worker[] = [];
  private workerConnection?: RedisClient;

  constructor(private readonly options: JobRuntimeOptions) {
    // The producing side fails fast: with Redis down a command must answer "not now" within seconds, and a command
    // refused must not be replayed later from ioredis' offline queue. Workers get their own, patient connection.
    this.prefix = clusterSafePrefix(options.prefix, options.redisCluster ?? false);
    this.connection = createRedis(this.target(), { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.connection.on('error', () => {
      // Reported by the readiness check and the once-a-minute reconnect log, not per failed attempt.
    });
    const common = { connection: this.connection, prefix: this.prefix };
    this.queues = {
      cadence: new Queue(QUEUES.cadence, {
        ...common,
        settings: { repeatStrategy: options.repeatStrategy },
        defaultJobOptions: {
          removeOnComplete: { count: 1_000 },
          removeOnFail: { count: 1_000 },
          attempts: 3,
        },
      }),
      tasks: new Queue(QUEUES.tasks, { ...common, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
      outbox: new Queue(QUEUES.outbox, { ...common, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
    };
    for (const q of Object.values(this.queues)) q.on('error', () => {});
    this.throttle = new WorkspaceThrottle(this.connection, this.prefix);
  }

  private target() {
    return { url: this.options.redisUrl, cluster: this.options.redisCluster ?? false };
  }

  /** Redis answers now (connected and ready). Commands that need the queue ask this before changing anything. */
  available(): boolean {
    return this.connection.status === 'ready';
  }

  /** Run a producing call, or throw `QueueUnavailable` at once when Redis is not there (never hang). */
  private async produce<T>(op: () => Promise<T>): Promise<T> {
    if (!this.available()) throw new QueueUnavailable();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new QueueUnavailable('the job queue (Redis) did not answer in time')),
            ENQUEUE_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (error) {
      if (error instanceof QueueUnavailable) throw error;
      // ioredis refusing a command on a dropped connection ("Stream isn't writeable", "Connection is closed").
      if (!this.available()) throw new QueueUnavailable();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The ids among `jobIds` that the outbox holds in any state (waiting, delayed, active, failed, kept completed).
   * A sweep re-enqueues only what Redis has lost entirely, so it never runs beside a job that is still there.
   */
  async outboxJobsPresent(jobIds: readonly string[]): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    // One pipelined EXISTS per id (the job's hash): one round trip. The keys share the prefix's hash tag, so on
    // a cluster they are in one slot.
    const outbox = this.queues.outbox;
    const replies = await this.produce(() => {
      const pipeline = this.connection.pipeline();
      for (const id of jobIds) pipeline.exists(outbox.toKey(id));
      return pipeline.exec();
    });
    const present = new Set<string>();
    jobIds.forEach((id, i) => {
      const [error, n] = replies?.[i] ?? [null, 0];
      if (error) throw error;
      if (Number(n) > 0) present.add(id);
    });
    return present;
  }

  onTask<T>(def: TaskDef<T>, handler: TaskHandler<T>): void {
    this.tasks.set(def.name, { schema: def.schema, handler });
  }

  onOutbox<T>(def: OutboxDef<T>, handler: OutboxHandler<T>): void {
    this.outbox.set(def.kind, { schema: def.schema, handler });
  }

  onCadence(handler: CadenceHandler): void {
    this.cadenceHandler = handler;
  }

  /**
   * Enqueue a task. `jobId` de-duplicates only while the job exists (docs/PITFALLS.md): durable idempotency is the
   * handler's job, in Postgres. Ids must not contain ':'.
   */
  async enqueueTask<T>(
    def: TaskDef<T>,
    data: T,
    opts: { jobId?: string; delayMs?: number } = {},
  ): Promise<void> {
    await this.produce(() =>
      this.queues.tasks.add(def.name, data, { jobId: opts.jobId, delay: opts.delayMs }),
    );
  }

  async enqueueOutbox<T>(
    def: OutboxDef<T>,
    data: OutboxEnvelope & T,
    opts: { jobId?: string; delayMs?: number } = {},
  ): Promise<void> {
    await this.produce(() =>
      this.queues.outbox.add(def.kind, outboxPayload(def, data), { jobId: opts.jobId, delay: opts.delayMs }),
    );
  }

  /**
   * Enqueue many outbox jobs. Jobs with an id have their moments in their workspace's budget reserved first, and
   * are enqueued delayed until them (`WorkspaceThrottle.reserve`): each is taken up once, when it may send,
   * instead of being taken up at once, found over budget and parked. A moment reserved for a job whose id is
   * already queued is spent by that job.
   */
  async enqueueOutboxBulk<T>(
    def: OutboxDef<T>,
    items: ReadonlyArray<{ data: OutboxEnvelope & T; jobId?: string }>,
  ): Promise<void> {
    if (items.length === 0) return;
    await this.produce(async () => {
      const waits = await this.reserveMoments(items);
      return this.queues.outbox.addBulk(
        items.map((i) => {
          const wait = i.jobId ? (waits.get(i.jobId) ?? 0) : 0;
          return {
            name: def.kind,
            data: outboxPayload(def, i.data),
            opts: { ...DEFAULT_JOB_OPTIONS, jobId: i.jobId, ...(wait > 0 ? { delay: wait } : {}) },
          };
        }),
      );
    });
  }

  /** Each job id's wait in its workspace's budget, reserved in one round trip per workspace. */
  private async reserveMoments(
    items: ReadonlyArray<{ data: OutboxEnvelope; jobId?: string }>,
  ): Promise<Map<string, number>> {
    const byWorkspace = new Map<string, { platform: string; jobs: Array<{ id: string; sends: number }> }>();
    for (const i of items) {
      if (!i.jobId) continue;
      const job = { id: i.jobId, sends: i.data.sends ?? 1 };
      const group = byWorkspace.get(i.data.workspaceKey);
      if (group) group.jobs.push(job);
      else byWorkspace.set(i.data.workspaceKey, { platform: i.data.platform, jobs: [job] });
    }
    const waits = new Map<string, number>();
    for (const [workspaceKey, { platform, jobs }] of byWorkspace) {
      const budget = this.budgetOf(platform);
      const reserved = await this.throttle.reserve(workspaceKey, budget, jobs);
      const ids = jobs.map((j) => j.id);
      // Woken a few at a time rather than one by one: each wait is rounded up to a step of half a burst, so a
      // worker takes up several due jobs in one go instead of waking for each. Late by less than half a burst, a
      // job still spends its own moment (on time within one burst), and none goes before its moment.
      const step = Math.floor((500 * budget.burst) / budget.ratePerSecond);
      for (const [n, id] of ids.entries()) {
        const wait = reserved[n] ?? 0;
        waits.set(id, step > 1 && wait > 0 ? Math.ceil(wait / step) * step : wait);
      }
    }
    return waits;
  }

  /** A platform's send budget per workspace (the delivery engine paces a batch by it). */
  budgetOf(platform: string): ThrottleBudget {
    return this.options.budgets[platform] ?? { ratePerSecond: 1, burst: 1 };
  }

  startWorkers(): void {
    const { logger } = this.options;
    const prefix = this.prefix;
    const connection = createRedis(this.target());
    connection.on('error', () => {});
    this.workerConnection = connection;
    const common = { connection, prefix, autorun: true };
    const cadence = new Worker(
      QUEUES.cadence,
      async (job) => {
        if (!this.cadenceHandler) return;
        const scheduledFor = new Date(Number(job.opts.prevMillis ?? job.timestamp));
        let data: zod.infer<typeof cadenceSchema>;
        try {
          data = parseJobData(QUEUES.cadence, cadenceSchema, job.data);
        } catch (error) {
          await this.classify(job, () => Promise.reject(error));
          return;
        }
        await this.cadenceHandler(data, scheduledFor, job);
      },
      { ...common, concurrency: 2, settings: { repeatStrategy: this.options.repeatStrategy } },
    );
    const tasks = new Worker(
      QUEUES.tasks,
      async (job) => {
        const registered = this.tasks.get(job.name);
        if (!registered) throw new UnrecoverableError(`no handler for task ${job.name}`);
        await this.classify(job, async () => {
          const data = parseJobData(job.name, registered.schema, job.data);
          await registered.handler(data as never, job);
        });
      },
      { ...common, concurrency: this.options.taskConcurrency ?? 4 },
    );
    const outbox = new Worker(
      QUEUES.outbox,
      async (job, token) => {
        const envelope = envelopeSchema.safeParse(job.data);
        const kind = String((job.data as { kind?: unknown } | undefined)?.kind ?? job.name);
        const registered = this.outbox.get(kind);
        if (!registered) throw new UnrecoverableError(`no handler for outbox kind ${kind}`);
        if (!envelope.success) {
          throw new UnrecoverableError(new InvalidJobData(kind, ['workspaceKey/platform: invalid']).message);
        }
        const data = { ...envelope.data, kind };
        const wait = await this.throttle.take(
          data.workspaceKey,
          this.budgetOf(data.platform),
          String(job.id ?? ''),
          data.sends ?? 1,
        );
        if (wait > 0) {
          // Over this workspace's budget: park this job only, until its reserved moment; other workspaces keep
          // flowing.
          await job.moveToDelayed(Date.now() + wait, token);
          throw new DelayedError();
        }
        try {
          await this.classify(job, async () => {
            const own = parseJobData(kind, registered.schema, job.data);
            await registered.handler({ ...(own as object), ...data } as never, job);
          });
        } catch (error) {
          if (error instanceof Paced) {
            // One conversation's budget (the delivery engine): only this job waits.
            await job.moveToDelayed(Date.now() + error.waitMs, token);
            throw new DelayedError();
          }
          if (error instanceof RateLimited) {
            this.options.metrics.rateLimited.inc({ platform: data.platform });
            await this.throttle.block(data.workspaceKey, error.retryAfterMs);
            await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
            throw new DelayedError();
          }
          throw error;
        }
      },
      { ...common, concurrency: this.options.outboxConcurrency ?? OUTBOX_CONCURRENCY },
    );
    for (const w of [cadence, tasks, outbox]) {
      w.on('failed', (job, error) => {
        logger.warn(
          { queue: w.name, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, error: error.name },
          'job failed',
        );
      });
      w.on('error', (error) => logger.debug({ queue: w.name, error: error.name }, 'worker error'));
    }
    this.workers = [cadence, tasks, outbox];
  }

  /** Retry only what is worth retrying: typed platform errors decide (docs/STYLE.md, rule 5). */
  private async classify(job: Job, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof InvalidJobData) {
        this.options.logger.error(
          { job: job.name, jobId: job.id, problems: error.problems },
          'job data does not match its declaration',
        );
        throw new UnrecoverableError(error.message);
      }
      if (
        error instanceof RateLimited ||
        error instanceof Paced ||
        error instanceof DelayedError ||
        error instanceof UnrecoverableError
      ) {
        throw error;
      }
      if (error instanceof Transient || isRetryable(error)) throw error;
      if (isInfrastructureError(error)) throw error;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.options.logger.warn({ job: job.name, jobId: job.id, error: message }, 'job failed without retry');
      throw new UnrecoverableError(message);
    }
  }

  /**
   * Remove every waiting, delayed or prioritized job of the outbox and tasks queues whose data names this member
   * (`forget me`: no job may reach or name them afterwards). A job already running is left to finish; the rows
   * it would read are gone, so it finds nothing to send. Returns how many were removed.
   */
  async removeMemberJobs(memberId: string): Promise<number> {
    let removed = 0;
    for (const q of [this.queues.outbox, this.queues.tasks]) {
      const jobs = await this.produce(() => q.getJobs(['waiting', 'delayed', 'prioritized', 'wait']));
      for (const job of jobs) {
        if (!job || String((job.data as { memberId?: unknown })?.memberId ?? '') !== memberId) continue;
        // A job that became active meanwhile cannot be removed (its lock): it finds the rows gone.
        await job.remove().then(
          () => removed++,
          () => {},
        );
      }
    }
    return removed;
  }

  /** Counts per queue, for `status` and /metrics. */
  async counts(): Promise<Record<QueueName, Record<string, number>>> {
    const out = {} as Record<QueueName, Record<string, number>>;
    for (const [name, q] of Object.entries(this.queues) as Array<[QueueName, Queue]>) {
      out[name] = await this.produce(() =>
        q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'),
      );
    }
    return out;
  }

  /**
   * Stop workers, letting running jobs finish for at most `timeoutMs` (worker.close() has no timeout of its own;
   * see docs/PITFALLS.md). Jobs still running then are abandoned to BullMQ's stalled-job recovery: another worker
   * picks them up, and the Postgres delivery rows keep a retry from sending twice.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    // With Redis unreachable no job can finish or be handed back, so there is nothing to wait for.
    const wait = this.connection.status === 'ready' ? timeoutMs : 500;
    await settleWithin(Promise.allSettled(this.workers.map((w) => w.close())), wait);
    if (this.workers.some((w) => w.isRunning())) {
      await settleWithin(Promise.allSettled(this.workers.map((w) => w.close(true))), 2_000);
    }
    // With Redis unreachable, closing waits for a connection that never comes: bound it, then cut the sockets.
    await settleWithin(Promise.allSettled(Object.values(this.queues).map((q) => q.close())), 2_000);
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}

/** A cadence firing's data (set by the scheduler reconciliation). */
const cadenceSchema = zod.object({ cadenceId: zod.number().int().positive(), zone: zod.string().min(1) });

function outboxPayload<T>(def: OutboxDef<T>, data: OutboxEnvelope & T): OutboxJob<T> {
  return { ...data, kind: def.kind };
}

async function settleWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** Database or Redis trouble: transient by nature, so retried with backoff. */
function isInfrastructureError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code ?? '';
  return (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P01|57P02|57P03|08\d{3}|40001|40P01|53300)$/.test(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      error.message,
    )
  );
}
