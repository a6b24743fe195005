/**
 * Shared set-up for the Slack end-to-end tests: the fake Web API, the real app with the Slack adapter (Web API
 * retries off), and a record of the neutral events the adapter handed to the services.
 */
import {
  createSlackAdapterFactory,
  type SlackAdapter,
  type SlackAdapterOptions,
} from '../../../adapters/slack/slack-adapter.js';
import type { AdapterFactory } from '../../../src/app.js';
import type { Inbound } from '../../../src/ports.js';
import { FakeSlack, type FakeWorkspace } from '../../fakes/fake-slack.js';
import { postSlack, type SlackRequest } from '../../fakes/slack-requests.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

export const SECRET = 'test-signing-secret-0123456789';

export const TEAM: FakeWorkspace = {
  teamId: 'T0TEAM',
  teamName: 'Example Partnership',
  botToken: 'xoxb-test-team',
  botUserId: 'UBOT',
  botId: 'BBOT',
};

export interface Recorded {
  kind: keyof Inbound;
  event: unknown;
}

export interface SlackHarness {
  fake: FakeSlack;
  app: TestApp;
  adapter: SlackAdapter;
  events: Recorded[];
  /** POST to /slack/events and wait until the app has fully handled it. */
  send(request: SlackRequest, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Wraps the services' `Inbound` so tests can see the neutral events the adapter produced. */
function recording(factory: AdapterFactory, events: Recorded[]): AdapterFactory {
  return (deps) => {
    const inner = deps.inbound;
    const inbound = {} as Inbound;
    for (const kind of Object.keys(inner) as (keyof Inbound)[]) {
      (inbound as unknown as Record<string, (e: unknown) => Promise<unknown>>)[kind] = (event: unknown) => {
        events.push({ kind, event });
        return (inner[kind] as (e: unknown) => Promise<unknown>)(event);
      };
    }
    return factory({ ...deps, inbound });
  };
}

export async function startSlackHarness(
  label: string,
  env: Record<string, string>,
  fake?: FakeSlack,
  adapterOptions: SlackAdapterOptions = { webApiRetries: 0 },
): Promise<SlackHarness> {
  const slack = fake ?? new FakeSlack();
  if (!fake) await slack.start();
  const events: Recorded[] = [];
  const app = await startTestApp({
    label,
    adapters: [recording(createSlackAdapterFactory(adapterOptions), events)],
    env: { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url, ...env },
  });
  const adapter = app.adapters.find((a) => a.platform === 'slack') as SlackAdapter;
  return {
    fake: slack,
    app,
    adapter,
    events,
    async send(request, headers) {
      const res = await postSlack(app.url, request, headers);
      await adapter.drain();
      return res;
    },
    async close() {
      await app.close();
      await slack.stop();
    },
  };
}
