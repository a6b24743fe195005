/**
 * `/metrics` is not public. With `METRICS_TOKEN` a scraper sends `Authorization: Bearer <token>`; anyone else
 * gets 401 and no figures. Without the variable `/metrics` is not served at all (404), so forgetting it never
 * publishes the endpoint. And what it serves holds nothing derived from answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../../src/config.js';
import { Recording, recordingPlatform } from '../../fakes/recording-platform.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { ADMIN, answer, deliveryIdOf, install, say, waitFor } from '../checkins/helpers.js';

const TOKEN = 'metrics-token-0123456789abcdef';
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('/metrics token', () => {
  it('answers only a scraper with the token', async () => {
    app = await startTestApp({ label: 'metrics-token', env: { METRICS_TOKEN: TOKEN } });
    const none = await fetch(`${app.url}/metrics`);
    expect(none.status).toBe(401);
    expect(await none.text()).not.toContain('roundtable_');
    const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('roundtable_sends_total');
    // Health and readiness stay open for load balancers and container health checks.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });

  it('privacy: /metrics without the token leaks nothing (401 with a token set, 404 with none)', async () => {
    app = await startTestApp({ label: 'metrics-closed' });
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${TOKEN}` },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${app.url}/metrics`, { headers });
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toBe('Not found');
    }
    await app.close();
    app = await startTestApp({ label: 'metrics-attack', env: { METRICS_TOKEN: TOKEN } });
    const wrong: Record<string, string>[] = [
      {},
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: TOKEN },
    ];
    for (const headers of wrong) {
      const res = await fetch(`${app.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      const body = await res.text();
      expect(body).toBe('Unauthorized');
      expect(body).not.toMatch(/roundtable_|process_/);
    }
  });

  it('privacy: /metrics holds nothing derived from answers, pauses or reminders', async () => {
    // A real round: one person answers at the lowest step (which sends them a private support message) and one
    // is paused (their check-in is skipped). /metrics must not move with either.
    const rec = new Recording();
    rec.setRoster('C1', [{ userId: 'P1' }, { userId: 'P2' }, { userId: 'P3' }]);
    app = await startTestApp({
      label: 'metrics-content',
      env: { METRICS_TOKEN: TOKEN },
      adapters: [recordingPlatform(rec)],
    });
    await install(app);
    await say(app, 'P3', 'me pause for 2 weeks');
    await say(app, ADMIN, 'checkin now to <#C1|team>');
    await waitFor('the check-ins', () => rec.dmsTo('P1').length === 1 && rec.dmsTo('P2').length === 1);
    const result = await answer(app, 'P1', deliveryIdOf(rec.dmsTo('P1')[0]!.message), { scale: '1' });
    expect(result.update).toBeDefined();
    await waitFor('the support message', () => rec.dmsTo('P1').length === 2);
    const scrape = await (
      await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    const ours = scrape.split('\n').filter((l) => l.includes('roundtable_'));
    expect(ours.some((l) => l.startsWith('roundtable_sends_total{'))).toBe(true);
    for (const line of ours) {
      expect(line).not.toMatch(/scale|answer|support|reminder|skipped|paused|feedback|P[123]/i);
    }
    // Only the check-ins (and the admin's preview) are counted: not the support message, not the skip.
    const sent = ours.find((l) => l.startsWith('roundtable_sends_total{') && l.includes('kind="checkin"'));
    expect(sent).toMatch(/outcome="sent"\} 2$/);
  });

  it('refuses a short token in one plain line', () => {
    try {
      loadConfig({ METRICS_TOKEN: 'short' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^METRICS_TOKEN must be at least 16 characters/),
      ]);
    }
  });
});
