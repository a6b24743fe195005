/**
 * `/metrics` with `METRICS_TOKEN`: a scraper sends `Authorization: Bearer <token>`; anyone else gets 401 and no
 * figures. Without the variable the endpoint stays open (for a scraper inside the network).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../../src/config.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

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

  it('is open without METRICS_TOKEN', async () => {
    app = await startTestApp({ label: 'metrics-open' });
    expect((await fetch(`${app.url}/metrics`)).status).toBe(200);
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
