/**
 * Slack event ids already handled (`inbound_events`), so a retried event (`x-slack-retry-num`, sent when our
 * first acknowledgement was slow or lost) is handled once. Rows hold the id only and go after a day (the daily
 * retention sweep, `src/store/retention.repository.ts`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Record a Slack event id; true only the first time it is seen (the primary key makes a second insert a no-op). */
export async function firstDelivery(db: Kysely<Database>, eventId: string): Promise<boolean> {
  const row = await db
    .insertInto('inbound_events')
    .values({ platform: 'slack', event_id: eventId })
    .onConflict((oc) => oc.columns(['platform', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return row !== undefined;
}
