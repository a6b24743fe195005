import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config', () => {
  it('has working defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.queuePrefix).toBe('roundtable');
    expect(c.dataDir).toBe('./data');
    expect(c.role).toBe('all');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.teams).toBeUndefined();
  });

  const bad: Array<[string, string, RegExp]> = [
    ['PORT', 'eighty', /^PORT must be a number/],
    ['PORT', '70000', /^PORT must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /^DATABASE_URL must be a URL starting with postgres:/],
    ['REDIS_URL', 'localhost:6379', /^REDIS_URL must be a URL starting with redis:/],
    ['QUEUE_PREFIX', 'has:colon', /^QUEUE_PREFIX must be 1-64 letters/],
    ['DATA_ENCRYPTION_KEY', 'short', /^DATA_ENCRYPTION_KEY must be 32 bytes, base64-encoded/],
    ['SLACK_BOT_TOKEN', 'xoxp-user', /^SLACK_BOT_TOKEN must be a bot token starting with xoxb-/],
    ['SLACK_APP_TOKEN', 'xoxb-1', /^SLACK_APP_TOKEN must be an app-level token starting with xapp-/],
    ['SLACK_API_URL', 'not a url', /^SLACK_API_URL must be a URL/],
    ['TEAMS_APP_TYPE', 'Personal', /^TEAMS_APP_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI/],
    ['TEAMS_ALLOW_UNAUTHENTICATED', 'maybe', /^TEAMS_ALLOW_UNAUTHENTICATED must be true or false/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL must be one of/],
    ['ROUNDTABLE_ROLE', 'both', /^ROUNDTABLE_ROLE must be all, web or worker/],
    ['NODE_ENV', 'staging', /^NODE_ENV /],
  ];
  it.each(bad)('%s=%s gives one plain line with an example', (name, value, expected) => {
    const lines = problems({ [name]: value });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });

  it('hides secret values in messages', () => {
    const [line] = problems({ SLACK_BOT_TOKEN: 'xoxp-very-secret' });
    expect(line).not.toContain('very-secret');
  });

  it('refuses unauthenticated Teams and a missing key in production', () => {
    const lines = problems({ NODE_ENV: 'production', TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    expect(
      lines.some((l) => l.startsWith('TEAMS_ALLOW_UNAUTHENTICATED=true needs NODE_ENV=development')),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('DATA_ENCRYPTION_KEY is required'))).toBe(true);
  });

  it('needs the signing secret when Slack is configured', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/^SLACK_SIGNING_SECRET is required/);
    const c = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(c.slack?.apiUrl).toBe('http://127.0.0.1:9/api/');
  });
});
