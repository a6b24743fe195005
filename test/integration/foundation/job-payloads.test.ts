/**
 * One typed payload per job, validated where the job is read: a job whose data does not match its declaration
 * (an older producer, a hand-made job, a corrupted key) fails at once, is never retried, never reaches the
 * handler, and the log names what did not match but never the values (they could be ids of people).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJobData, InvalidJobData } from '../../../src/jobs/job-types.js';
import { CHECKIN_OUTBOX, CHECKIN_TASKS } from '../../../src/services/checkins/job-names.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../../helpers/wait.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ label: 'job-payloads' });
});
afterAll(async () => {
  await app?.close();
});

async function finalState(queue: 'tasks' | 'outbox', jobId: string) {
  let state = '';
  await waitFor(`job ${jobId} to finish`, async () => {
    const job = await app.jobs.queues[queue].getJob(jobId);
    state = (await job?.getState()) ?? '';
    return state === 'failed' || state === 'completed';
  });
  return { state, job: (await app.jobs.queues[queue].getJob(jobId))! };
}

describe('job data is checked against its declaration where it is read', () => {
  it('a task with the wrong shape fails once, unretried, and the log has the path but not the value', async () => {
    await app.jobs.queues.tasks.add(
      CHECKIN_TASKS.fanOut.name,
      { occurrenceId: 'U-SECRET-42' },
      { jobId: 'bad-fanout', attempts: 5 },
    );
    const { state, job } = await finalState('tasks', 'bad-fanout');
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('occurrenceId: invalid_type');
    const line = app.logs.lines.find((l) => l.includes('does not match its declaration'));
    expect(line).toBeDefined();
    expect(line).toContain('occurrenceId: invalid_type');
    expect(app.logs.text()).not.toContain('U-SECRET-42');
    expect(await app.db.selectFrom('deliveries').select('id').execute()).toHaveLength(0);
  });

  it('an outbox job without its envelope or its ids is refused the same way', async () => {
    await app.jobs.queues.outbox.add(
      CHECKIN_OUTBOX.send.kind,
      { kind: CHECKIN_OUTBOX.send.kind, workspaceKey: 'sandbox:W1', platform: 'sandbox' },
      { jobId: 'bad-send', attempts: 5 },
    );
    await app.jobs.queues.outbox.add(
      CHECKIN_OUTBOX.send.kind,
      { kind: CHECKIN_OUTBOX.send.kind, deliveryId: 1 },
      { jobId: 'bad-envelope', attempts: 5 },
    );
    for (const id of ['bad-send', 'bad-envelope']) {
      const { state, job } = await finalState('outbox', id);
      expect(state).toBe('failed');
      expect(job.attemptsMade).toBe(1);
    }
    expect((await finalState('outbox', 'bad-send')).job.failedReason).toContain('deliveryId: invalid_type');
  });

  it('a well-formed job of the same kind still runs', async () => {
    await app.jobs.enqueueTask(CHECKIN_TASKS.retention, {}, { jobId: 'good-retention' });
    expect((await finalState('tasks', 'good-retention')).state).toBe('completed');
  });
});

describe('parseJobData', () => {
  it('names paths and codes, never values', () => {
    let caught: unknown;
    try {
      parseJobData('x', CHECKIN_TASKS.remind.schema, { occurrenceId: -1, dueAt: 'person@example.org' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidJobData);
    const message = (caught as Error).message;
    expect(message).toContain('occurrenceId: too_small');
    expect(message).toContain('dueAt: invalid_type');
    expect(message).not.toContain('person@example.org');
  });
});
