/** The peer-support jobs and their payloads (ids only; a relay's words are in Postgres, encrypted, never in Redis). */
import { z } from 'zod';
import { defineOutbox, defineTask, noData } from '../../jobs/job-types.js';
import type { Notice } from './pairing-sender.js';

const group = z.string().min(1);
const reportId = z.number().int().positive();

const notice: z.ZodType<Notice> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('intro'), groupId: group }),
  z.object({ type: z.literal('nudge'), groupId: group }),
  z.object({ type: z.literal('round-end'), groupId: group }),
  z.object({ type: z.literal('closed'), groupId: group, feedback: z.boolean() }),
  z.object({ type: z.literal('stay-or-leave'), poolKey: z.string().min(1), roundId: z.string().min(1) }),
  z.object({ type: z.literal('paused-quiet'), roundId: z.string().min(1) }),
  z.object({
    type: z.literal('unplaced'),
    reason: z.enum(['alone-in-pool', 'no-allowed-partner', 'no-compatible-group']),
    roundKey: z.string().min(1),
  }),
  z.object({ type: z.literal('reveal'), groupId: group }),
  z.object({ type: z.literal('report'), reportId }),
  z.object({ type: z.literal('report-identity'), reportId }),
  z.object({ type: z.literal('report-passed-on'), reportId }),
  z.object({ type: z.literal('support'), groupId: group, at: z.number().int() }),
  z.object({ type: z.literal('support-alert'), groupId: group, at: z.number().int() }),
]);

export const PAIRING_JOBS = {
  /** Task: half-way nudges and round ends that are due (delayed per round, and a sweep every 5 minutes). */
  due: defineTask('pairing.due', noData),
  /** Outbox: one notice to one member. */
  notice: defineOutbox('pairing.notice', z.object({ memberId: z.string().min(1), notice })),
  /** Outbox: whatever relayed messages are pending for one member. */
  relay: defineOutbox('pairing.relay', z.object({ memberId: z.string().min(1) })),
};
