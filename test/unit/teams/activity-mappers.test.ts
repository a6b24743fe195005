import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commandText,
  mentionsOf,
  type TeamsActivity,
  toInboundEvent,
  userIdOf,
} from '../../../adapters/teams/activity-mappers.js';
import { decodeMessageRef, encodeMessageRef } from '../../../adapters/teams/message-ref.js';
import {
  cardSubmit,
  channelMention,
  personalMessage,
  TEAM,
  TENANT,
  user,
} from '../../fakes/teams-activities.js';

const ada = user('ada', 'Ada Lovelace');
const bo = user('bo', 'Bo Diddley');
const serviceUrl = 'https://smba.example/emea/';

describe('activity mappers', () => {
  it('maps a 1:1 message to a DirectMessage, with the AAD object id as user id and the time zone', () => {
    const a = personalMessage({
      serviceUrl,
      from: ada,
      text: 'me role leader',
      localTimezone: 'Europe/Paris',
    });
    const mapped = toInboundEvent(a as TeamsActivity);
    expect(mapped).toEqual({
      kind: 'direct',
      event: {
        actor: {
          platform: 'teams',
          workspaceId: TENANT,
          userId: 'aad-ada',
          displayName: 'Ada Lovelace',
          timezone: 'Europe/Paris',
        },
        text: 'me role leader',
        messageId: a.id,
        edited: false,
        hasFiles: false,
      },
    });
  });

  it('falls back to the channel account id when there is no AAD object id', () => {
    expect(userIdOf({ id: '29:x' })).toBe('29:x');
    expect(userIdOf({ id: '29:x', aadObjectId: 'aad-x' })).toBe('aad-x');
  });

  it('maps a channel @mention to a command: bot mention stripped, other mentions kept in text and list', () => {
    const a = channelMention({
      serviceUrl,
      from: ada,
      words: 'roundtable admin add',
      mentions: [bo],
    }) as TeamsActivity;
    const mapped = toInboundEvent(a);
    expect(mapped.kind).toBe('command');
    if (mapped.kind !== 'command') return;
    expect(mapped.event.text).toBe('admin add <at>Bo Diddley</at>');
    expect(mapped.event.mentions).toEqual([
      { text: '<at>Bo Diddley</at>', userId: bo.id, name: 'Bo Diddley' },
    ]);
    expect(mapped.event.channelId).toBe(TEAM.id);
    expect(mapped.event.teamId).toBe(TEAM.id);
  });

  it('maps a card submit to an action with the other fields as values and a message ref', () => {
    const a = cardSubmit({
      serviceUrl,
      from: ada,
      replyToId: 'act-9',
      value: { actionId: 'checkin.submit', value: 'c1', capacity: '3', reflection: '', share: 'true' },
    }) as TeamsActivity;
    const mapped = toInboundEvent(a);
    expect(mapped.kind).toBe('action');
    if (mapped.kind !== 'action') return;
    expect(mapped.event.actionId).toBe('checkin.submit');
    expect(mapped.event.value).toBe('c1');
    expect(mapped.event.values).toEqual({ capacity: '3', share: 'true' });
    expect(decodeMessageRef(mapped.event.messageRef!.ref)).toEqual({
      serviceUrl,
      conversationId: 'a:personal-aad-ada',
      activityId: 'act-9',
    });
  });

  it('maps a form submit', () => {
    const a = cardSubmit({
      serviceUrl,
      from: ada,
      replyToId: 'act-1',
      value: { formId: 'settings.admin', context: 'ctx', k: '5' },
    }) as TeamsActivity;
    expect(toInboundEvent(a)).toMatchObject({
      kind: 'form',
      event: { formId: 'settings.admin', context: 'ctx', values: { k: '5' } },
    });
  });

  it('ignores activities without a tenant or sender', () => {
    const a = personalMessage({ serviceUrl, from: ada, text: 'help' }) as TeamsActivity;
    expect(toInboundEvent({ ...a, conversation: { id: 'x' }, channelData: {} }).kind).toBe('ignore');
    expect(toInboundEvent({ ...a, from: undefined }).kind).toBe('ignore');
  });

  it('strips only the bot’s own mention', () => {
    const a = channelMention({ serviceUrl, from: ada, words: 'help', mentions: [] }) as TeamsActivity;
    expect(commandText(a)).toBe('help');
    expect(mentionsOf(a)).toEqual([]);
  });

  it('never throws, whatever arrives', () => {
    const anything = fc.anything({ maxDepth: 3 });
    const activity = fc.record(
      {
        type: fc.oneof(fc.constant('message'), fc.string()),
        text: fc.oneof(fc.string(), anything),
        value: anything,
        from: fc.oneof(fc.record({ id: fc.string(), aadObjectId: fc.string(), name: fc.string() }), anything),
        recipient: anything,
        conversation: fc.oneof(
          fc.record({ id: fc.string(), tenantId: fc.string(), conversationType: fc.string() }),
          anything,
        ),
        entities: fc.oneof(
          fc.array(
            fc.record(
              { type: fc.constant('mention'), text: fc.string(), mentioned: anything },
              { requiredKeys: [] },
            ),
          ),
          anything,
        ),
        channelData: anything,
        attachments: anything,
        replyToId: anything,
        serviceUrl: anything,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(activity, (a) => {
        let mapped: ReturnType<typeof toInboundEvent> | undefined;
        try {
          mapped = toInboundEvent(a as TeamsActivity);
        } catch (error) {
          // Property access on a non-object `from`/`conversation` (e.g. a number) must not crash either.
          throw new Error(`threw: ${String(error)}`);
        }
        expect(['direct', 'command', 'action', 'form', 'ignore']).toContain(mapped.kind);
        if (mapped.kind !== 'ignore') {
          expect(typeof mapped.event.actor.userId).toBe('string');
          expect(mapped.event.actor.userId).not.toBe('');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips message refs', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (s, c, a) => {
        const location = { serviceUrl: s, conversationId: c, activityId: a };
        expect(decodeMessageRef(encodeMessageRef(location))).toEqual(location);
      }),
    );
    expect(() => decodeMessageRef(Buffer.from('{"x":1}').toString('base64url'))).toThrow();
  });
});
