/**
 * The sandbox has no login, so it must stay on this machine: it listens on 127.0.0.1 unless told otherwise, and it
 * answers only to a loopback `Host`. A DNS-rebinding page (evil.example resolving to 127.0.0.1) sends its own name
 * as the Host and is refused with 403 on every route, the page, the sandbox API and record links alike.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFactory } from '../../../adapters/sandbox/index.js';
import { loadConfig } from '../../../src/config.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ label: 'sandboxhosts', adapters: [sandboxFactory] });
}, 60_000);
afterAll(async () => {
  await app?.close();
});

/** A raw request with a chosen Host header (fetch would set its own). */
function withHost(
  method: string,
  path: string,
  host: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: app.port,
        method,
        path,
        headers: { host, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the sandbox stays on this machine', () => {
  it('a DNS-rebinding request (Host: evil.example) is refused with 403 on every route, and changes nothing', async () => {
    const before = await app.db.selectFrom('sandbox_messages').select('id').execute();
    for (const [method, path, body] of [
      ['GET', '/', undefined],
      ['GET', '/sandbox/state', undefined],
      ['GET', '/sandbox/events', undefined],
      ['POST', '/sandbox/say', JSON.stringify({ persona: 'U_SAM', text: 'help' })],
      ['GET', '/record/AAAAAAAAAAAAAAAAAAAAAAAA', undefined],
      ['GET', '/privacy', undefined],
    ] as const) {
      for (const host of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example']) {
        const res = await withHost(method, path, host, body);
        expect(res.status, `${method} ${path} with Host ${host}`).toBe(403);
        expect(res.text).not.toContain('Roundtable sandbox');
      }
    }
    expect(await app.db.selectFrom('sandbox_messages').select('id').execute()).toEqual(before);
  });

  it('loopback names are answered', async () => {
    for (const host of [`127.0.0.1:${app.port}`, `localhost:${app.port}`, `[::1]:${app.port}`]) {
      expect((await withHost('GET', '/sandbox/state', host)).status).toBe(200);
    }
  });

  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    expect(app.http.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(loadConfig({ NODE_ENV: 'development' }).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    // With a real platform configured there is no sandbox, and the default is every interface.
    expect(loadConfig({ NODE_ENV: 'test', TEAMS_ALLOW_UNAUTHENTICATED: 'true' }).host).toBeUndefined();
  });
});
