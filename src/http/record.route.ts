/**
 * Record links. `GET /record/<token>` (and `HEAD`) only shows a small page with a download button: link-preview
 * fetchers (Slackbot-LinkExpanding, Teams previews, mail scanners) fetch with GET and must not use up the single-use
 * link. The file comes on `POST /record` with the token in the form, and only once. No CSRF token: the link is
 * itself a single-use secret, and a forged POST could only download the file to the forger's own browser if they
 * already held the link.
 */
import express, { type Response, type Router } from 'express';
import type { Logger } from '../log.js';
import type { RecordService } from '../services/records/record-feature.js';

const PAGE_STYLE = 'font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5';

const NOT_FOUND = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Link not available</title>
<body style="${PAGE_STYLE}">
<h1>This link is not available</h1>
<p>Record links work once, for 15 minutes. Ask again with <code>/roundtable me record</code> for a new one.</p>
</body></html>`;

function downloadPage(token: string, format: 'md' | 'pdf'): string {
  const label = format === 'pdf' ? 'Download my record (PDF)' : 'Download my record (Markdown)';
  // The token matched /^[A-Za-z0-9_-]+$/ before it got here: nothing in it needs escaping.
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Your reflective practice record</title>
<body style="${PAGE_STYLE}">
<h1>Your reflective practice record</h1>
<p>This link works once. The file downloads when you press the button, and then the link stops working.</p>
<form method="post" action="/record"><input type="hidden" name="token" value="${token}">
<button type="submit">${label}</button></form>
</body></html>`;
}

/** Nothing here may be cached, indexed, or leak the link onward in a Referer. */
function privateHeaders(res: Response): Response {
  return res
    .setHeader('cache-control', 'no-store')
    .setHeader('referrer-policy', 'no-referrer')
    .setHeader('x-robots-tag', 'noindex, nofollow')
    .setHeader('x-content-type-options', 'nosniff');
}

export function mountRecordRoute(router: Router, records: RecordService, logger: Logger): void {
  const failed = (res: Response, error: unknown) => {
    logger.error({ error: error instanceof Error ? error.name : 'unknown' }, 'record download failed');
    privateHeaders(res)
      .status(500)
      .type('text/plain')
      .send('Sorry, something went wrong. Please try again in a moment.');
  };

  // Express answers HEAD with this GET handler, without a body: neither uses the link.
  router.get('/record/:token', async (req, res) => {
    try {
      const format = await records.peek(req.params.token);
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

  router.post('/record', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    try {
      const token = typeof req.body?.token === 'string' ? req.body.token : '';
      const file = await records.redeem(token);
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
