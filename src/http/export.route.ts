/**
 * Evidence export links (`report export`), like record links: `GET /export/<token>` (and `HEAD`) only shows a page
 * with a download button, so link previews do not use up the single-use link; the file comes once, on
 * `POST /export` with the token in the form. Every answer is private: not cached, not indexed, no Referer.
 */
import express, { type Response, type Router } from 'express';
import type { Logger } from '../log.js';
import type { ExportService } from '../services/reports/export-feature.js';

const PAGE_STYLE = 'font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5';

const NOT_FOUND = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Link not available</title>
<body style="${PAGE_STYLE}">
<h1>This link is not available</h1>
<p>Export links work once, for 15 minutes, for the admin who asked. Ask again with <code>/roundtable report export</code> for a new one.</p>
</body></html>`;

function downloadPage(token: string, format: 'csv' | 'pdf'): string {
  const label = format === 'pdf' ? 'Download the evidence (one-page PDF)' : 'Download the evidence (CSV)';
  // The token matched /^[A-Za-z0-9_-]+$/ before it got here: nothing in it needs escaping.
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Roundtable evidence export</title>
<body style="${PAGE_STYLE}">
<h1>Roundtable evidence export</h1>
<p>This link works once. The file downloads when you press the button, and then the link stops working.</p>
<form method="post" action="/export"><input type="hidden" name="token" value="${token}">
<button type="submit">${label}</button></form>
</body></html>`;
}

function privateHeaders(res: Response): Response {
  return res
    .setHeader('cache-control', 'no-store')
    .setHeader('referrer-policy', 'no-referrer')
    .setHeader('x-robots-tag', 'noindex, nofollow')
    .setHeader('x-content-type-options', 'nosniff');
}

export function mountExportRoute(router: Router, exports: ExportService, logger: Logger): void {
  const failed = (res: Response, error: unknown) => {
    logger.error({ error: error instanceof Error ? error.name : 'unknown' }, 'export download failed');
    privateHeaders(res)
      .status(500)
      .type('text/plain')
      .send('Sorry, something went wrong. Please try again in a moment.');
  };

  router.get('/export/:token', async (req, res) => {
    try {
      const format = await exports.peek(req.params.token);
      privateHeaders(res);
      if (!format) {
        res.status(404).type('html').send(NOT_FOUND);
        return;
      }
      res.status(200).type('html').send(downloadPage(req.params.token, format));
    } catch (error) {
      failed(res, error);
    }
  });

  router.post('/export', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    try {
      const token = typeof req.body?.token === 'string' ? req.body.token : '';
      const file = await exports.redeem(token);
      privateHeaders(res);
      if (!file) {
        res.status(404).type('html').send(NOT_FOUND);
        return;
      }
      res
        .status(200)
        .setHeader('content-type', file.contentType)
        .setHeader('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    } catch (error) {
      failed(res, error);
    }
  });
}
