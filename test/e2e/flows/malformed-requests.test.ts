/**
 * Oversized and malformed requests at both platform endpoints: refused with a 4xx (or acknowledged and ignored),
 * never a crash, never a 5xx from our code, and the app keeps answering afterwards. Properly signed Slack bodies
 * carrying junk payloads exercise the payload mappers behind the signature check.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../fakes/slack-requests.js';
import { type FlowsHarness, SECRET, slackPerson, startFlowsHarness, teamsPerson } from './pairing-harness.js';

let h: FlowsHarness;

beforeAll(async () => {
  h = await startFlowsHarness('flows-malformed', {
    slack: [slackPerson('malf1', 'Mal Formed', true)],
    teams: [],
    teamsAdmin: teamsPerson('malfadmin', 'Mali Admin'),
  });
});
afterAll(async () => {
  await h?.close();
});

async function slackPost(body: string, contentType: string): Promise<number> {
  const res = await fetch(`${h.app.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signBody(SECRET, body) },
    body,
  });
  await res.text();
  return res.status;
}

async function teamsPost(body: string, contentType = 'application/json'): Promise<number> {
  const res = await fetch(`${h.app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  await res.text();
  return res.status;
}

async function stillAlive(): Promise<void> {
  const ready = await fetch(`${h.app.url}/readyz`);
  expect(ready.status).toBe(200);
}

describe('malformed and oversized requests', () => {
  it('oversized bodies are refused with 413 on both endpoints', async () => {
    const big = JSON.stringify({ type: 'message', text: 'x'.repeat(2_000_000) });
    expect(await teamsPost(big)).toBe(413);
    const form = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', junk: 'y'.repeat(2_000_000) }))}`;
    const status = await slackPost(form, 'application/x-www-form-urlencoded');
    expect([401, 413]).toContain(status);
    await stillAlive();
  });

  it('broken JSON and wrong content types get a 4xx', async () => {
    expect(await teamsPost('{"type": "message", ')).toBeGreaterThanOrEqual(400);
    expect(await teamsPost('{"type": "message", ')).toBeLessThan(500);
    expect(await teamsPost('type=message', 'application/x-www-form-urlencoded')).toBeLessThan(500);
    expect(await slackPost('{not json', 'application/json')).toBeLessThan(500);
    await stillAlive();
  });

  it('signed Slack payloads of arbitrary shape never crash a handler', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom('payload', 'event'),
        async (value, shape) => {
          const status =
            shape === 'payload'
              ? await slackPost(
                  `payload=${encodeURIComponent(JSON.stringify(value))}`,
                  'application/x-www-form-urlencoded',
                )
              : await slackPost(
                  JSON.stringify({ type: 'event_callback', event_id: `Ev${Math.random()}`, event: value }),
                  'application/json',
                );
          expect(status).toBeLessThan(500);
        },
      ),
      // Bolt holds a payload no listener acknowledges for its 3 s window before answering 404, so few runs.
      { numRuns: 12, seed: 7 },
    );
    await stillAlive();
  }, 120_000);

  it('Teams activities of arbitrary shape never crash a handler', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { type: fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'weird') },
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
        async (head, rest) => {
          const activity = {
            ...rest,
            ...head,
            serviceUrl: h.connector.url,
            conversation: { id: 'a:personal-fuzz', conversationType: 'personal', tenantId: 'tenant-fuzz' },
            from: { id: '29:fuzz', aadObjectId: 'aad-fuzz', name: 'Fuzz' },
            recipient: { id: '28:bot', name: 'Roundtable' },
            channelId: 'msteams',
          };
          const status = await teamsPost(JSON.stringify(activity));
          // 501 is the Bot Framework's own answer to an invoke nobody handles, not a failure of ours.
          if (activity.type === 'invoke') expect([200, 400, 501]).toContain(status);
          else expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: 40, seed: 11 },
    );
    await stillAlive();
  });
});
