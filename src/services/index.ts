/**
 * The services, composed: every feature, the cadence machinery, and the inbound front door the adapters call.
 * A feature is added here in one line.
 */
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
  registerJobs(): void;
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
  const inbound = createInbound(ctx, features);
  return {
    inbound,
    cadences,
    records,
    exports,
    features,
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
      for (const f of features) f.registerJobs?.(ctx.jobs);
    },
  };
}
