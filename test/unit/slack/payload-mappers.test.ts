import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockActionToEvent,
  commandToEvent,
  decodeMessageRef,
  encodeMessageRef,
  messageToDirectMessage,
  revokesBot,
  stateToValues,
  viewSubmissionToEvent,
} from '../../../adapters/slack/payload-mappers.js';

const self = { botUserId: 'UBOT', botId: 'BBOT' };

describe('Slack payload mappers', () => {
  it('maps a slash command, keeping mention markup for the parser', () => {
    expect(
      commandToEvent({ team_id: 'T1', user_id: 'U1', channel_id: 'C1', text: ' admin add <@U2|ada> ' }),
    ).toEqual({
      actor: { platform: 'slack', workspaceId: 'T1', userId: 'U1' },
      text: 'admin add <@U2|ada>',
      channelId: 'C1',
    });
    expect(commandToEvent({ user_id: 'U1' })).toBeUndefined();
  });

  it('reads state values: radio, select, text, ticked and unticked checkboxes', () => {
    expect(
      stateToValues({
        values: {
          a: { a: { type: 'radio_buttons', selected_option: { value: '1' } } },
          b: { b: { type: 'static_select', selected_option: null } },
          c: { c: { type: 'plain_text_input', value: 'words' } },
          d: { d: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
          e: { e: { type: 'checkboxes', selected_options: [] } },
          f: { f: { type: 'plain_text_input', value: '' } },
        },
      }),
    ).toEqual({ a: '1', c: 'words', d: 'true' });
  });

  it('maps a button click with its message ref and strips the duplicate-id suffix', () => {
    const event = blockActionToEvent({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U1', team_id: 'T1' },
      container: { type: 'message', channel_id: 'D1', message_ts: '1.2' },
      actions: [{ type: 'button', action_id: 'session.rsvp#2', value: 's9' }],
    });
    expect(event).toMatchObject({ actionId: 'session.rsvp', value: 's9', values: {} });
    expect(event?.messageRef && decodeMessageRef(event.messageRef)).toEqual({ channel: 'D1', ts: '1.2' });
  });

  it('maps a modal submission', () => {
    expect(
      viewSubmissionToEvent({
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: 'U1' },
        view: { callback_id: 'settings.me', private_metadata: 'c', state: { values: {} } },
      }),
    ).toEqual({
      actor: { platform: 'slack', workspaceId: 'T1', userId: 'U1' },
      formId: 'settings.me',
      values: {},
      context: 'c',
    });
  });

  it('direct messages: edits, files, and what is ignored', () => {
    const base = { type: 'message', channel: 'D1', channel_type: 'im' };
    expect(messageToDirectMessage('T1', { ...base, user: 'U1', text: 'hi', ts: '1.1' }, self)).toMatchObject({
      text: 'hi',
      edited: false,
      hasFiles: false,
    });
    expect(
      messageToDirectMessage(
        'T1',
        { ...base, subtype: 'message_changed', ts: '2.2', message: { user: 'U1', text: 'hey', ts: '1.1' } },
        self,
      ),
    ).toMatchObject({ text: 'hey', edited: true, messageId: 'D1|1.1|edit|2.2' });
    expect(
      messageToDirectMessage(
        'T1',
        { ...base, subtype: 'file_share', user: 'U1', text: '', ts: '3.3', files: [{}] },
        self,
      )?.hasFiles,
    ).toBe(true);
    expect(
      messageToDirectMessage('T1', { ...base, user: 'UBOT', text: 'x', ts: '4.4' }, self),
    ).toBeUndefined();
    expect(
      messageToDirectMessage('T1', { ...base, user: 'U9', bot_id: 'B9', text: 'x', ts: '4.5' }, self),
    ).toBeUndefined();
    expect(
      messageToDirectMessage('T1', { ...base, subtype: 'message_deleted', ts: '4.6' }, self),
    ).toBeUndefined();
    expect(
      messageToDirectMessage(
        'T1',
        { ...base, channel_type: 'channel', user: 'U1', text: 'x', ts: '5' },
        self,
      ),
    ).toBeUndefined();
  });

  it('tokens_revoked stops sending only when the bot token was revoked', () => {
    expect(revokesBot({ tokens: { oauth: ['U1'] } })).toBe(false);
    expect(revokesBot({ tokens: { bot: ['UBOT'] } })).toBe(true);
  });

  it('message refs round-trip', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z0-9]{1,12}$/),
        fc.stringMatching(/^\d{1,10}\.\d{1,6}$/),
        (channel, ts) => {
          expect(decodeMessageRef(encodeMessageRef('T1', channel, ts))).toEqual({ channel, ts });
        },
      ),
    );
  });

  it('never throw on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        commandToEvent(input);
        blockActionToEvent(input);
        viewSubmissionToEvent(input);
        messageToDirectMessage('T1', input, self);
        stateToValues(input);
        revokesBot(input);
      }),
      { numRuns: 500 },
    );
  });
});
