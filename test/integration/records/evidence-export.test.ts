/**
 * `report export`: admins only; bad dates get a specific message and make nothing; the links are single-use
 * (GET shows a page and keeps the link; the file comes once on POST), expire after 15 minutes, work only for an
 * admin, go with `forget me`, and the files state the disclosure rule. On real Postgres and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { pdfText } from '../../helpers/pdf-text.js';
import { ADMIN, install, say, says } from '../checkins/helpers.js';

let app: TestApp;

const links = async (words: string, who = ADMIN) => {
  const reply = await say(app, who, words);
  const urls = reply.message!.blocks.flatMap((b) => (b.type === 'link' ? [b.url] : []));
  return { reply, urls, tokens: urls.map((u) => u.split('/export/').at(-1)!) };
};
const download = (token: string) =>
  fetch(`${app.url}/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
const exportRows = async () =>
  Number(
    (
      await app.db
        .selectFrom('report_exports')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  app = await startTestApp({ label: 'evidence' });
  app.clock.set(new Date('2026-06-03T10:00:00Z'));
  await install(app);
  await say(app, 'UMEMBER', 'help');
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('report export', () => {
  it('is refused to a member, and bad dates get a specific message; nothing is made', async () => {
    expect(says(await say(app, 'UMEMBER', 'report export'))).toMatch(/admin/i);
    expect(says(await say(app, ADMIN, 'report export from 2026-02-30'))).toContain('2026-02-30');
    expect(says(await say(app, ADMIN, 'report export from yesterday'))).toContain(
      'is not a date. Write it as YYYY-MM-DD',
    );
    expect(says(await say(app, ADMIN, 'report export from 2026-05-01 to 2026-04-01'))).toContain(
      '2026-05-01 is after 2026-04-01',
    );
    expect(says(await say(app, ADMIN, 'report export from 2026-07-01 to 2026-07-31'))).toContain(
      'has not happened yet',
    );
    expect(says(await say(app, ADMIN, 'report export from 2020-01-01'))).toContain('two years at most');
    expect(says(await say(app, ADMIN, 'report export weeks 4'))).toMatch(/"weeks"/);
    expect(await exportRows()).toBe(0);
  });

  it('gives a CSV and a one-page PDF once each, behind a page a link preview cannot use up', async () => {
    const { reply, urls, tokens } = await links('report export from 2026-03-01 to 2026-05-31');
    expect(says(reply)).toContain('from 2026-03-01 to 2026-05-31');
    expect(urls).toHaveLength(2);
    const rows = await app.db.selectFrom('report_exports').selectAll().execute();
    for (const t of tokens) expect(JSON.stringify(rows)).not.toContain(t);

    const [pdfToken, csvToken] = tokens as [string, string];
    const page = await fetch(`${app.url}/export/${csvToken}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Download the evidence (CSV)');

    const csv = await download(csvToken);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(
      'roundtable-evidence-2026-03-01-to-2026-05-31.csv',
    );
    const body = await csv.text();
    expect(body).toContain('# Disclosure rule: every figure counts different people');
    expect(body).toContain('section,period,item,measure,value,unit');
    expect(body).toContain('digests,2026-03-01 to 2026-05-31,learning digest,digests posted,0,count');
    expect(body).toContain('digests,2026-03-01 to 2026-05-31,learning digest,digests answered,0,count');

    const again = await download(csvToken);
    expect(again.status).toBe(404);
    expect((await fetch(`${app.url}/export/${csvToken}`)).status).toBe(404);

    const pdf = await download(pdfToken);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
    expect(text).toContain('Evidence for 2026-03-01 to 2026-05-31');
    expect(text).toContain('Disclosure rule: every figure counts different people');
    expect((await download(pdfToken)).status).toBe(404);
  });

  it('expires after 15 minutes, and refuses forged tokens with the same 404', async () => {
    const { tokens } = await links('report export');
    app.clock.advance(15 * 60_000 + 1);
    expect((await download(tokens[0]!)).status).toBe(404);
    expect((await download('A'.repeat(24))).status).toBe(404);
    expect((await download('../../etc/passwd')).status).toBe(404);
  });

  it('works only while its admin is an admin, and goes with forget me', async () => {
    await say(app, ADMIN, 'admin add <@USECOND>');
    const second = await links('report export', 'USECOND');
    expect(second.tokens).toHaveLength(2);
    await say(app, ADMIN, 'admin remove <@USECOND>');
    expect((await download(second.tokens[1]!)).status).toBe(404);

    const before = await exportRows();
    await links('report export', 'USECOND'); // refused: no longer an admin
    expect(await exportRows()).toBe(before);

    await say(app, ADMIN, 'admin add <@USECOND>');
    await links('report export', 'USECOND');
    const member = await app.db
      .selectFrom('members')
      .select('id')
      .where('external_id', '=', 'USECOND')
      .executeTakeFirstOrThrow();
    const mine = () =>
      app.db.selectFrom('report_exports').select('token_hash').where('member_id', '=', member.id).execute();
    expect((await mine()).length).toBeGreaterThan(0);
    await app.services.inbound.action({
      actor: { platform: 'sandbox', workspaceId: 'W1', userId: 'USECOND', displayName: 'USECOND' },
      actionId: 'me.forget.confirm',
      value: 'confirm',
      values: {},
    });
    expect(await mine()).toHaveLength(0);
  });
});
