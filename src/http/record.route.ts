/**
 * Record links (`me record`): `GET /record/<token>` shows a page with a download button, `POST /record` gives the
 * Markdown or PDF once (`single-use-link.route.ts` says why and how).
 */
import type { Router } from 'express';
import type { Logger } from '../log.js';
import type { RecordService } from '../services/records/record-feature.js';
import { mountSingleUseLink } from './single-use-link.route.js';

export function mountRecordRoute(router: Router, records: RecordService, logger: Logger): void {
  mountSingleUseLink(
    router,
    {
      path: 'record',
      title: 'Your reflective practice record',
      buttonLabel: (format: 'md' | 'pdf') =>
        format === 'pdf' ? 'Download my record (PDF)' : 'Download my record (Markdown)',
      notAvailable:
        'Record links work once, for 15 minutes. Ask again with <code>/roundtable me record</code> for a new one.',
      what: 'record',
    },
    records,
    logger,
  );
}
