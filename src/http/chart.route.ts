/**
 * Chart pictures: `GET /charts/<id>.png?exp=<unix seconds>&sig=<hmac>`. Only a link this server signed, before
 * it expires, for a chart still kept, answers with the PNG; anything else is a plain 404 that says nothing about
 * why. The picture holds only k-safe figures, but it is still the admin's: private caching only, for at most
 * what is left of the link's life.
 */
import type { Response, Router } from 'express';
import type { Logger } from '../log.js';
import type { ChartStore } from '../services/charts/chart-store.js';

const FILE = /^([A-Za-z0-9_-]{8,64})\.png$/;

function notFound(res: Response): void {
  res
    .status(404)
    .setHeader('cache-control', 'no-store')
    .setHeader('x-content-type-options', 'nosniff')
    .type('text/plain')
    .send('Not found');
}

export function mountChartRoute(router: Router, charts: ChartStore, logger: Logger): void {
  router.get('/charts/:file', async (req, res) => {
    const id = FILE.exec(req.params.file)?.[1];
    const exp = typeof req.query.exp === 'string' ? req.query.exp : '';
    const sig = typeof req.query.sig === 'string' ? req.query.sig : '';
    if (!id) return notFound(res);
    try {
      const picture = await charts.open(id, exp, sig);
      if (!picture) return notFound(res);
      res
        .status(200)
        .setHeader('content-type', 'image/png')
        .setHeader('cache-control', `private, max-age=${picture.maxAge}`)
        .setHeader('x-content-type-options', 'nosniff')
        .setHeader('referrer-policy', 'no-referrer')
        .setHeader('x-robots-tag', 'noindex, nofollow')
        .send(picture.png);
    } catch (error) {
      logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'chart unavailable');
      notFound(res);
    }
  });
}
