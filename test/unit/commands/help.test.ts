import { describe, expect, it } from 'vitest';
import { helpText, USAGE } from '../../../src/core/commands/index.js';

describe('helpText', () => {
  it('shows the usage lines of a topic', () => {
    const text = helpText('me', false);
    expect(text).toContain(USAGE['me pause']);
    expect(text).toContain(USAGE['forget me']);
    expect(text).not.toContain('checkin schedule');
  });

  it('hides admin-only commands from members outside the admin topic', () => {
    const member = helpText('pairing', false);
    expect(member).toContain(USAGE['pairing join']);
    expect(member).not.toContain(USAGE['pairing schedule']);
    const admin = helpText('pairing', true);
    expect(admin).toContain(USAGE['pairing schedule']);
  });

  it('lists admin commands in the admin topic', () => {
    const text = helpText('admin', false);
    expect(text).toContain(USAGE['settings k']);
    expect(text).toContain(USAGE.signpost);
  });

  it('tells members that check-ins are set up by admins', () => {
    expect(helpText('checkin', false)).toContain('set up by your admins');
    expect(helpText('checkin', true)).toContain(USAGE['checkin schedule']);
  });

  it('gives an overview without admin commands for members', () => {
    const text = helpText(undefined, false);
    expect(text).toContain(USAGE.help);
    expect(text).toContain(USAGE.privacy);
    expect(text).not.toContain('settings k');
    expect(text).not.toContain('admin add');
    expect(text).toContain('Topics: checkin, pairing, session, me.');
    expect(helpText(undefined, true)).toContain('Topics: checkin, pairing, session, me, admin.');
  });

  it('uses no exclamation marks', () => {
    for (const topic of ['checkin', 'pairing', 'session', 'me', 'admin', undefined] as const) {
      expect(helpText(topic, true)).not.toContain('!');
    }
  });
});
