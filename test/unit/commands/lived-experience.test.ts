import { describe, expect, it } from 'vitest';
import { BANDS } from '../../../src/core/commands/command.js';
import { parseCommand } from '../../../src/core/commands/parser.js';

const ADA = { mentions: [{ text: '<at>Ada</at>', userId: 'U1', name: 'Ada' }] };

describe('lived experience is a person’s own word, not a band', () => {
  it('is not a band', () => {
    expect(BANDS).not.toContain('lived-experience');
    expect([...BANDS]).toEqual(['frontline', 'manager', 'leader', 'community']);
  });

  it.each(['role <at>Ada</at> lived-experience', 'role <at>Ada</at> lived experience'])(
    'refuses an admin setting it for someone (%s), kindly',
    (text) => {
      const r = parseCommand(text, ADA);
      expect(r.kind).toBe('error');
      if (r.kind !== 'error') return;
      expect(r.message).toBe(
        "Lived experience is something a person says about themselves, with `/roundtable me lived-experience yes`. I can't set it for someone else.",
      );
      expect(r.message).not.toContain('!');
    },
  );

  it('still lets an admin set a band', () => {
    expect(parseCommand('role <at>Ada</at> leader', ADA)).toEqual({
      kind: 'role.set',
      user: { userId: 'U1', name: 'Ada' },
      band: 'leader',
    });
  });

  it('points `me role lived-experience` at the right command and sets nothing', () => {
    const r = parseCommand('me role lived-experience');
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message).toContain('/roundtable me lived-experience yes');
  });

  it.each([
    ['me lived-experience yes', true],
    ['me lived-experience no', false],
    ['me lived experience yes', true],
    ['ME Lived-Experience NO', false],
  ])('reads %s', (text, on) => {
    expect(parseCommand(text)).toEqual({ kind: 'me.lived-experience', on });
  });

  it.each(['me lived-experience', 'me lived-experience maybe', 'me lived-experience yes please'])(
    'asks for yes or no on %s',
    (text) => {
      const r = parseCommand(text);
      expect(r.kind).toBe('error');
      if (r.kind === 'error') expect(r.message).toMatch(/yes|no/);
    },
  );

  it('still names lived experience in an audience and a mix target: the people who said so', () => {
    expect(parseCommand('checkin now to role lived-experience')).toEqual({
      kind: 'checkin.now',
      audience: { kind: 'role', band: 'lived-experience' },
    });
  });
});

describe('me scale', () => {
  it.each([
    ['me scale off', false],
    ['me scale on', true],
  ])('reads %s', (text, on) => {
    expect(parseCommand(text)).toEqual({ kind: 'me.scale', on });
  });

  it('asks for on or off', () => {
    const r = parseCommand('me scale sometimes');
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message).toMatch(/on|off/);
  });
});

describe('what a role can be', () => {
  it('offers only the bands when a role is missing or mistyped', () => {
    for (const text of ['me role', 'me role chief', 'role <at>Ada</at> chief']) {
      const r = parseCommand(text, ADA);
      expect(r.kind).toBe('error');
      if (r.kind === 'error') expect(r.message).not.toContain('lived-experience');
    }
  });
});
