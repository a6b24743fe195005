/**
 * One typed payload per job. A feature declares each of its tasks and outbox kinds once, with a zod schema of the
 * data (ids only: BullMQ keeps job data in clear in Redis); the job runtime takes the declaration both where the
 * job is enqueued (the data must have that type) and where it is read (the data is validated against the schema
 * before the handler sees it, so a job written by an older or foreign producer fails loudly, never as `undefined`).
 * This file knows nothing of check-ins or pairing.
 */
import { z } from 'zod';

export interface TaskDef<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
}

/** What every outbound send carries besides its own ids: the throttle bucket it spends and its platform. */
export interface OutboxEnvelope {
  /** `platform:workspaceExternalId`: the throttle bucket. */
  workspaceKey: string;
  platform: string;
  /**
   * How many messages the job sends, one budget interval apart (a batch, `src/delivery/engine.ts`); 1 when
   * absent. The job takes that many moments of its workspace's budget.
   */
  sends?: number;
}

export interface OutboxDef<T> {
  readonly kind: string;
  readonly schema: z.ZodType<T>;
}

/** The data an outbox handler receives: the envelope, its kind and its own fields. */
export type OutboxJob<T> = OutboxEnvelope & { kind: string } & T;

export const envelopeSchema = z.object({
  workspaceKey: z.string().min(1),
  platform: z.string().min(1),
  sends: z.number().int().min(1).max(100).optional(),
});

export function defineTask<T>(name: string, schema: z.ZodType<T>): TaskDef<T> {
  return { name, schema };
}

export function defineOutbox<T>(kind: string, schema: z.ZodType<T>): OutboxDef<T> {
  return { kind, schema };
}

/** A task without data (sweeps, reconciliation). */
export const noData = z
  .object({})
  .passthrough()
  .transform(() => ({}) as Record<string, never>);

/** Thrown by the runtime when a job's data does not match its declaration: never retried. */
export class InvalidJobData extends Error {
  override readonly name = 'InvalidJobData';
  constructor(
    readonly job: string,
    /** The paths and codes of what did not match (never the values: they could be ids of people). */
    readonly problems: string[],
  ) {
    super(`job ${job} has data of the wrong shape: ${problems.join('; ')}`);
  }
}

export function parseJobData<T>(job: string, schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new InvalidJobData(
    job,
    result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`),
  );
}
