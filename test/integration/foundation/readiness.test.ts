import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/child.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('/readyz', () => {
  it('is 200 when Postgres and Redis answer and migrations are applied', async () => {
    app = await startTestApp({ label: 'ready' });
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
    // The pages an app store links to (the Teams manifest's privacy and terms URLs).
    for (const path of ['/privacy', '/terms']) {
      const page = await fetch(`${app.url}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('forget me');
    }
    expect((await fetch(`${app.url}/nothing-here`)).status).toBe(404);
  });

  it('is 503 with a JSON reason when Redis is pointed at a closed port', async () => {
    const closed = await freePort();
    app = await startTestApp({
      label: 'notready',
      env: { REDIS_URL: `redis://:secretpw@127.0.0.1:${closed}` },
    });
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, string>;
    expect(body.status).toBe('not ready');
    expect(body.database).toBe('ok');
    expect(body.redis).toMatch(/not answering at redis:\/\/:\*\*\*@127\.0\.0\.1/);
    expect(JSON.stringify(body)).not.toContain('secretpw');
    // The process keeps running and says so in the log (with the password hidden).
    expect(app.logs.text()).toContain('Redis is not answering');
    expect(app.logs.text()).not.toContain('secretpw');
  });
});
