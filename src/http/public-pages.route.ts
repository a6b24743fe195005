import type { Router } from 'express';

/**
 * `/privacy` and `/terms`: the plain pages app stores ask for (the Teams manifest links to them). The privacy page
 * says the same as `/roundtable privacy`, in general terms; each workspace's own numbers (k, retention) are in the
 * command's answer.
 */
const page = (title: string, body: string) => `<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Roundtable</title>
<body style="font-family:system-ui,sans-serif;max-width:42em;margin:3em auto;padding:0 1em;line-height:1.55;color:#1a1a1a">
<h1>${title}</h1>${body}</body></html>`;

const PRIVACY = page(
  'Roundtable privacy',
  `<p>Roundtable is a chat bot for reflective practice and peer support, run by your partnership.</p>
<ul>
<li>It stores your settings (role, organisation, time zone, quiet hours, pause) until you change them or say
<code>/roundtable forget me</code>.</li>
<li>Check-in answers: the scale step and any reflection you write. Reflections are encrypted at rest and deleted
after your workspace's retention period, as are session reflections and peer support reports.</li>
<li>Admins only see totals over at least <em>k</em> people (never fewer than 3), never names and never your words.</li>
<li>Peer support: your partner sees a made-up name. Messages are passed on and not kept. Names are shown only if
everyone in the group agrees.</li>
<li>Messages to and from the bot also pass through Slack or Microsoft Teams, under their own terms.</li>
<li><code>/roundtable me</code> shows everything stored about you; <code>/roundtable privacy</code> gives your
workspace's exact settings; <code>/roundtable forget me</code> deletes your data.</li>
</ul>`,
);

const TERMS = page(
  'Roundtable terms of use',
  `<p>Roundtable is provided by your partnership for reflective practice and peer support among its members.</p>
<ul>
<li>Use it kindly. Peer-support conversations are confidential: do not share what others tell you.</li>
<li>Roundtable is not a crisis service. If you need support now, use the signpost your partnership shows in every
check-in.</li>
<li>You can pause, leave a pairing, block or report at any time, and delete your data with
<code>/roundtable forget me</code>.</li>
</ul>`,
);

export function mountPublicPages(router: Router): void {
  router.get('/privacy', (_req, res) => {
    res.status(200).type('html').send(PRIVACY);
  });
  router.get('/terms', (_req, res) => {
    res.status(200).type('html').send(TERMS);
  });
}
