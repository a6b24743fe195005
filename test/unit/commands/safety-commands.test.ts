import { describe, expect, it } from 'vitest';
import { isAdminCommand, parseCommand } from '../../../src/core/commands/index.js';
import { memberUsage, USAGE } from '../../../src/core/commands/usage.js';

describe('the safety-net commands', () => {
  it.each([
    ['stop', { kind: 'stop' }],
    ['STOP', { kind: 'stop' }],
    ['unsubscribe', { kind: 'stop' }],
    ['opt out', { kind: 'stop' }],
    ['roundtable stop', { kind: 'stop' }],
    ['start', { kind: 'start' }],
    ['admins', { kind: 'admins' }],
    ['settings crisis-lines on', { kind: 'settings.crisis-lines', on: true }],
    ['settings crisis-lines OFF', { kind: 'settings.crisis-lines', on: false }],
  ])('"%s" parses', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each([
    ['stop now', '"now"'],
    ['opt in', '"in"'],
    ['settings crisis-lines maybe', '"maybe"'],
  ])('"%s" names the offending word', (text, word) => {
    const result = parseCommand(text);
    expect(result.kind).toBe('error');
    if (result.kind === 'error') expect(result.message).toContain(word);
  });

  it('stop, start and admins are for everyone; crisis-lines is for admins', () => {
    expect(isAdminCommand('stop')).toBe(false);
    expect(isAdminCommand('start')).toBe(false);
    expect(isAdminCommand('admins')).toBe(false);
    expect(isAdminCommand('settings.crisis-lines')).toBe(true);
  });

  it('a member sees only member commands in a usage', () => {
    expect(memberUsage(USAGE.pairing!)).toBe(
      `${USAGE['pairing join']}\n${USAGE['pairing avoid']}\n${USAGE['pairing record']}`,
    );
    expect(memberUsage(USAGE.checkin!)).toBe(USAGE['']);
    expect(memberUsage(USAGE.me!)).toBe(USAGE.me);
  });
});
