import type { Router } from 'express';
import type { Logger } from '../log.js';
import type { RecordService } from '../services/records/record-feature.js';

const NOT_FOUND = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Link not available</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5">
<h1>This link is not available</h1>
<p>Record links work once, for 15 minutes. Ask again with <code>/roundtable me record</code> for a new one.</p>
</body></html>`;

/** `GET /record/<token>`: the member's record file, or one plain 404 page for any bad, used or expired token. */
export function mountRecordRoute(router: Router, records: RecordService, logger: Logger): void {
  router.get('/record/:token', async (req, res) => {
    try {
      const file = await records.redeem(req.params.token);
      if (!file) {
        res.status(404).type('html').send(NOT_FOUND);
        return;
      }
      res
        .status(200)
        .setHeader('content-type', file.contentType)
        .setHeader('content-disposition', `attachment; filename="${file.filename}"`)
        .setHeader('cache-control', 'no-store')
        .setHeader('x-content-type-options', 'nosniff')
        .send(file.body);
    } catch (error) {
      logger.error({ error: error instanceof Error ? error.name : 'unknown' }, 'record download failed');
      res.status(500).type('text/plain').send('Sorry, something went wrong. Please try again in a moment.');
    }
  });
}
