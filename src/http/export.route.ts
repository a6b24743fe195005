/**
 * Evidence export links (`report export`), like record links: `GET /export/<token>` shows a page with a download
 * button, `POST /export` gives the CSV or PDF once (`single-use-link.route.ts` says why and how).
 */
import type { Router } from 'express';
import type { Logger } from '../log.js';
import type { ExportService } from '../services/reports/export-feature.js';
import { mountSingleUseLink } from './single-use-link.route.js';

export function mountExportRoute(router: Router, exports: ExportService, logger: Logger): void {
  mountSingleUseLink(
    router,
    {
      path: 'export',
      title: 'Roundtable evidence export',
      buttonLabel: (format: 'csv' | 'pdf') =>
        format === 'pdf' ? 'Download the evidence (one-page PDF)' : 'Download the evidence (CSV)',
      notAvailable:
        'Export links work once, for 15 minutes, for the admin who asked. Ask again with <code>/roundtable report export</code> for a new one.',
      what: 'export',
    },
    exports,
    logger,
  );
}
