/**
 * Single-use download links (record links, evidence export links): `GET /<path>/<token>` (and `HEAD`) only shows a
 * small page with a download button, because link-preview fetchers (Slackbot-LinkExpanding, Teams previews, mail
 * scanners) fetch with GET and must not use up the link. The file comes on `POST /<path>` with the token in the
 * form, and only once. No CSRF token: the link is itself a single-use secret, and a forged POST could only download
 * the file to the forger's own browser if they already held the link. Every answer is private: not cached, not
 * indexed, no Referer.
 */
import express, { type Response, type Router } from 'express';
import type { Logger } from '../log.js';

const PAGE_STYLE = 'font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5';

/** What a link's service offers: which file a token is for (without using it), and the file (using it). */
export interface SingleUseFiles<F extends string> {
  peek(token: string): Promise<F | undefined>;
  redeem(
    token: string,
  ): Promise<{ contentType: string; filename: string; body: Buffer | string } | undefined>;
}

export interface SingleUseLink<F extends string> {
  /** The path segment: `record` serves `GET /record/<token>` and `POST /record`. */
  path: string;
  /** The page title and heading. */
  title: string;
  /** The download button's words for each file kind. */
  buttonLabel: (format: F) => string;
  /** What a used, expired or unknown link says, and how to get a new one (HTML). */
  notAvailable: string;
  /** Words for the log line of a failed download (never a token). */
  what: string;
}

/** Nothing here may be cached, indexed, or leak the link onward in a Referer. */
function privateHeaders(res: Response): Response {
  return res
    .setHeader('cache-control', 'no-store')
    .setHeader('referrer-policy', 'no-referrer')
    .setHeader('x-robots-tag', 'noindex, nofollow')
    .setHeader('x-content-type-options', 'nosniff');
}

export function mountSingleUseLink<F extends string>(
  router: Router,
  link: SingleUseLink<F>,
  files: SingleUseFiles<F>,
  logger: Logger,
): void {
  const notFound = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Link not available</title>
<body style="${PAGE_STYLE}">
<h1>This link is not available</h1>
<p>${link.notAvailable}</p>
</body></html>`;
  // The token matched /^[A-Za-z0-9_-]+$/ (the services' peek) before it got here: nothing in it needs escaping.
  const downloadPage = (token: string, format: F) =>
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>${link.title}</title>
<body style="${PAGE_STYLE}">
<h1>${link.title}</h1>
<p>This link works once. The file downloads when you press the button, and then the link stops working.</p>
<form method="post" action="/${link.path}"><input type="hidden" name="token" value="${token}">
<button type="submit">${link.buttonLabel(format)}</button></form>
</body></html>`;
  const failed = (res: Response, error: unknown) => {
    logger.error({ error: error instanceof Error ? error.name : 'unknown' }, `${link.what} download failed`);
    privateHeaders(res)
      .status(500)
      .type('text/plain')
      .send('Sorry, something went wrong. Please try again in a moment.');
  };

  // Express answers HEAD with this GET handler, without a body: neither uses the link.
  router.get(`/${link.path}/:token`, async (req, res) => {
    try {
      const format = await files.peek(req.params.token);
      privateHeaders(res);
      if (!format) {
        res.status(404).type('html').send(notFound);
        return;
      }
      res.status(200).type('html').send(downloadPage(req.params.token, format));
    } catch (error) {
      failed(res, error);
    }
  });

  router.post(`/${link.path}`, express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    try {
      const token = typeof req.body?.token === 'string' ? req.body.token : '';
      const file = await files.redeem(token);
      privateHeaders(res);
      if (!file) {
        res.status(404).type('html').send(notFound);
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
