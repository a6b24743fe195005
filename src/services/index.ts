/**
 * The services, composed: every feature, the cadence machinery, and the inbound front door the adapters call.
 * A feature is added here in one line.
 */
import { DeliveryEngine } from '../delivery/engine.js';
import {
  DELIVERY_SWEEP,
  DELIVERY_SWEEP_EVERY_MS,
  DELIVERY_SWEEP_SCHEDULER,
  registerSweep,
} from '../delivery/sweep.js';
import type { Inbound } from '../ports.js';
import { adminFeature } from './admin/admin-feature.js';
import { cadenceFeature } from './cadences/cadence-feature.js';
import { CadenceService } from './cadences/cadence-service.js';
import { checkinFeatures } from './checkins/checkin-feature.js';
import type { Feature, ServiceContext } from './context.js';
import { createInbound } from './inbound.js';
import { memberFeature } from './members/member-feature.js';
import { RecordService, recordFeature } from './records/record-feature.js';
import { peerEvidenceFeature } from './records/peer-evidence.js';
import { ExportService, exportFeature } from './reports/export-feature.js';
import { sessionFeature } from './sessions/session-feature.js';
import { communityFeature } from './community/community-feature.js';
import { pairingFeature } from './pairing/pairing-feature.js';
import { SCHEDULE_TASKS } from './cadences/schedule-jobs.js';

export interface Services {
  inbound: Inbound;
  cadences: CadenceService;
  records: RecordService;
  exports: ExportService;
  features: Feature[];
  /** Register every job handler with the job runtime (worker processes). */
  /** Every outbound message goes through it. */
  delivery: DeliveryEngine;
  registerJobs(): void;
}

/** The delivery engine's own periodic task: the sweep of messages whose job Redis lost (`src/delivery/sweep.ts`). */
function deliveryFeature(): Feature {
  return {
    name: 'delivery',
    periodic: [{ id: DELIVERY_SWEEP_SCHEDULER, everyMs: DELIVERY_SWEEP_EVERY_MS, task: DELIVERY_SWEEP.name }],
  };
}

export function createServices(ctx: ServiceContext): Services {
  const features: Feature[] = [];
  const all = () => features;
  const cadences = new CadenceService(ctx, all);
  const records = new RecordService(ctx);
  const exports = new ExportService(ctx);
  features.push(memberFeature(ctx, all), adminFeature(ctx), cadenceFeature(ctx, cadences, all));
  features.push(recordFeature(ctx, records), peerEvidenceFeature(ctx), exportFeature(ctx, exports));
  features.push(sessionFeature(ctx));
  features.push(...checkinFeatures(ctx));
  features.push(pairingFeature(ctx), communityFeature(ctx));
  features.push(deliveryFeature());
  const inbound = createInbound(ctx, features);
  const delivery = new DeliveryEngine(ctx);
  return {
    inbound,
    cadences,
    records,
    exports,
    features,
    delivery,
    registerJobs() {
      ctx.jobs.onCadence(async ({ cadenceId, zone }, scheduledFor) =>
        cadences.fire(cadenceId, zone, scheduledFor),
      );
      ctx.jobs.onTask(SCHEDULE_TASKS.catchup, async (data) =>
        cadences.fire(data.cadenceId, data.zone, new Date(data.scheduledFor)),
      );
      ctx.jobs.onTask(SCHEDULE_TASKS.reconcile, async () => {
        await cadences.reconcileSoon();
      });
      for (const f of features) {
        for (const kind of f.messages ?? []) delivery.register(ctx.jobs, kind);
        f.registerJobs?.(ctx.jobs);
      }
      registerSweep(ctx, ctx.jobs, delivery);
    },
  };
}
