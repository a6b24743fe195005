/**
 * Every `/roundtable` example in the README, the sandbox README and the sandbox page runs in the sandbox, as the
 * person the docs name, through the sandbox's own HTTP routes (real Postgres, Redis, jobs), in the order the docs
 * tell them. The list below must match the docs exactly: a new example in the docs fails here until it is tried.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFactory } from '../../../adapters/sandbox/index.js';
import type { SandboxMessageView } from '../../../adapters/sandbox/message-store.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../../helpers/wait.js';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** The `/roundtable ...` examples a reader of each document is invited to type. */
function documentedExamples(): Set<string> {
  const found = new Set<string>();
  for (const file of ['README.md', 'adapters/sandbox/README.md']) {
    for (const m of readFileSync(root(file), 'utf8').matchAll(/`(\/roundtable [^`]+)`/g)) found.add(m[1]!);
  }
  const page = readFileSync(root('adapters/sandbox/public/index.html'), 'utf8');
  for (const m of page.matchAll(/<code>(\/roundtable [^<]+)<\/code>/g)) found.add(m[1]!);
  // "configured by admins with `/roundtable ...`" names the command language, and `<name>` marks a usage line
  // with a placeholder: neither is an example to type as it stands.
  return new Set([...found].filter((c) => c !== '/roundtable ...' && !/<[a-z]+>/.test(c)));
}

const SESSION =
  '/roundtable session add "Boundaries" on 2027-06-10 at 14:00 for 45m capacity 8 mix frontline 50%, leader 1';

/** Each example, who the docs say types it, and what the reply must say. In the docs' order. */
const EXAMPLES: Array<{ command: string; who: string[]; says: RegExp }> = [
  { command: '/roundtable help', who: ['sam', 'admin'], says: /checkin|pairing|session/ },
  { command: '/roundtable checkin now to everyone', who: ['admin'], says: /everyone/ },
  {
    command: '/roundtable report checkins',
    who: ['admin'],
    says: /this week so far[\s\S]*Check-ins sent to about 5 people so far\./,
  },
  { command: '/roundtable pairing join', who: ['morgan', 'jordan'], says: /peer support pool/ },
  {
    command: '/roundtable pairing now',
    who: ['admin'],
    says: /Round started: groups formed for fewer than 5 people/,
  },
  { command: SESSION, who: ['admin'], says: /Added session \d+: Boundaries/ },
  { command: '/roundtable menu', who: ['priya'], says: /Boundaries/ },
  {
    command: '/roundtable digest schedule every week on friday at 16:00 to #reflections',
    who: ['admin'],
    says: /#reflections/,
  },
];

/** What no example may ever answer. */
const FAILED =
  /is not a command I know|Usage:|could not find|can't tell which channel|Only Roundtable admins|went wrong|has one channel/i;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ label: 'sbxdocs', adapters: [sandboxFactory] });
}, 60_000);
afterAll(async () => {
  await app?.close();
});

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

function textOf(m: SandboxMessageView): string {
  if (m.body.kind === 'said') return m.body.text;
  if (m.body.kind === 'form') return m.body.form.title;
  const blocks = m.body.message.blocks.map((b) =>
    [b.type === 'section' ? (b.title ?? '') : '', 'text' in b ? b.text : ''].join('\n'),
  );
  return [m.body.message.text, ...blocks].join('\n');
}

async function messages(): Promise<SandboxMessageView[]> {
  const state = (await (await fetch(`${app.url}/sandbox/state`)).json()) as {
    messages: SandboxMessageView[];
  };
  return state.messages;
}

async function say(who: string, text: string): Promise<string> {
  const body = await post('/sandbox/say', { persona: who, text });
  return (body.messages as SandboxMessageView[])
    .filter((m) => m.author === 'bot')
    .map(textOf)
    .join('\n');
}

/** The check-in the bot sent to a persona, and its Save button's value. */
async function checkinOf(who: string): Promise<{ id: number; value: string }> {
  return waitFor(`a check-in for ${who}`, async () => {
    for (const m of await messages()) {
      if (m.persona !== who || m.body.kind !== 'message') continue;
      for (const b of m.body.message.blocks) {
        const save =
          b.type === 'buttons' ? b.buttons.find((x) => x.actionId === 'checkin.submit') : undefined;
        if (save) return { id: m.id, value: save.value };
      }
    }
    return undefined;
  });
}

describe('the documented examples, in the sandbox', () => {
  it('the test tries exactly the examples the docs give', () => {
    expect([...documentedExamples()].sort()).toEqual(EXAMPLES.map((e) => e.command).sort());
  });

  it('each runs as the person the docs name, and answers as the docs promise', async () => {
    for (const example of EXAMPLES) {
      for (const who of example.who) {
        const reply = await say(who, example.command);
        expect(reply, `${example.command} as ${who}`).not.toMatch(FAILED);
        expect(reply, `${example.command} as ${who}`).toMatch(example.says);
      }
      if (example.command === '/roundtable checkin now to everyone') {
        // "then answer the check-in as Sam or Priya"
        for (const who of ['sam', 'priya']) {
          const checkin = await checkinOf(who);
          const answered = await post('/sandbox/action', {
            persona: who,
            messageId: checkin.id,
            actionId: 'checkin.submit',
            value: checkin.value,
            values: { scale: '4' },
          });
          expect((answered.messages as SandboxMessageView[]).map(textOf).join('\n')).toMatch(/Thank you/i);
        }
      }
      if (example.command === '/roundtable pairing now') {
        // "and write to each other"
        expect(await say('morgan', 'Hello. How has your week been?')).toBe('');
        await waitFor('Jordan to get Morgan’s words', async () =>
          (await messages()).some(
            (m) => m.persona === 'jordan' && textOf(m).includes('How has your week been?'),
          ),
        );
      }
    }
  });
});
