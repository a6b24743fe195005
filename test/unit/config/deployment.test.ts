/**
 * The configuration an operator deploys with: what production requires, Slack's first step (the signing secret
 * alone), and Teams bot registrations (single-tenant by default, several in one deployment).
 */
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

const KEY = Buffer.alloc(32, 3).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  DATA_ENCRYPTION_KEY: KEY,
  DATABASE_URL: 'postgres://roundtable@db.example.org:5432/roundtable',
  PUBLIC_URL: 'https://roundtable.example.org',
};
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';
const COUNCIL = 'aaaaaaaa-0000-4000-8000-000000000001';
const TRUST = 'bbbbbbbb-0000-4000-8000-000000000002';
const CHARITY = 'cccccccc-0000-4000-8000-000000000003';

describe('production', () => {
  it('starts with a database URL, a public URL and a key', () => {
    const c = loadConfig(PRODUCTION);
    expect(c.databaseUrl).toBe(PRODUCTION.DATABASE_URL);
    expect(c.publicUrl).toBe('https://roundtable.example.org');
  });

  it('requires DATABASE_URL, in one plain line', () => {
    const { DATABASE_URL: _, ...env } = PRODUCTION;
    const lines = problems(env);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^DATABASE_URL is required when NODE_ENV=production/);
    expect(lines[0]).toContain('embedded database');
  });

  it('requires PUBLIC_URL, in one plain line', () => {
    const { PUBLIC_URL: _, ...env } = PRODUCTION;
    const lines = problems(env);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^PUBLIC_URL is required when NODE_ENV=production/);
  });

  it('lists every missing variable at once, one line each', () => {
    const lines = problems({ NODE_ENV: 'production' });
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split(' ')[0]).sort()).toEqual([
      'DATABASE_URL',
      'DATA_ENCRYPTION_KEY',
      'PUBLIC_URL',
    ]);
  });

  it('does not require them outside production', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ NODE_ENV: 'test' })).toEqual([]);
  });
});

describe('Slack', () => {
  it('is configured with the signing secret alone (the first step, before a token exists)', () => {
    const c = loadConfig({ SLACK_SIGNING_SECRET: 'secret' });
    expect(c.slack).toMatchObject({ signingSecret: 'secret' });
    expect(c.slack?.botToken).toBeUndefined();
    expect(c.slack?.clientId).toBeUndefined();
  });

  it('refuses Socket Mode without the bot token, in one plain line', () => {
    expect(problems({ SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xapp-1-A-1-x' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is required with SLACK_APP_TOKEN/),
    ]);
  });
});

describe('Teams registrations', () => {
  it('defaults to a single-tenant registration, which needs the tenant id', () => {
    const lines = problems({ TEAMS_APP_ID: A, TEAMS_APP_PASSWORD: 'p' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^TEAMS_TENANT_ID is required/);
    expect(lines[0]).toContain('SingleTenant');

    const c = loadConfig({ TEAMS_APP_ID: A, TEAMS_APP_PASSWORD: 'p', TEAMS_TENANT_ID: COUNCIL });
    expect(c.teams?.registrations).toEqual([
      { appId: A, password: 'p', tenantId: COUNCIL, type: 'SingleTenant', variable: 'TEAMS_APP_ID' },
    ]);
  });

  it('keeps an existing multi-tenant registration working without a tenant id', () => {
    const c = loadConfig({ TEAMS_APP_ID: A, TEAMS_APP_PASSWORD: 'p', TEAMS_APP_TYPE: 'MultiTenant' });
    expect(c.teams?.registrations).toEqual([
      { appId: A, password: 'p', tenantId: undefined, type: 'MultiTenant', variable: 'TEAMS_APP_ID' },
    ]);
  });

  it('takes a user-assigned managed identity: no password, but its tenant', () => {
    const c = loadConfig({ TEAMS_APP_ID: A, TEAMS_APP_TYPE: 'UserAssignedMSI', TEAMS_TENANT_ID: COUNCIL });
    expect(c.teams?.registrations[0]).toMatchObject({ appId: A, type: 'UserAssignedMSI', tenantId: COUNCIL });
    expect(c.teams?.registrations[0]?.password).toBeUndefined();
    expect(problems({ TEAMS_APP_ID: A, TEAMS_APP_TYPE: 'UserAssignedMSI' })[0]).toMatch(
      /^TEAMS_TENANT_ID is required/,
    );
    expect(
      problems({
        TEAMS_APP_ID: A,
        TEAMS_APP_TYPE: 'UserAssignedMSI',
        TEAMS_TENANT_ID: COUNCIL,
        TEAMS_APP_PASSWORD: 'p',
      })[0],
    ).toMatch(/^TEAMS_APP_PASSWORD must not be set with TEAMS_APP_TYPE=UserAssignedMSI/);
  });

  it('needs a password for a client-secret registration', () => {
    expect(problems({ TEAMS_APP_ID: A, TEAMS_TENANT_ID: COUNCIL })[0]).toMatch(
      /^TEAMS_APP_PASSWORD is required with TEAMS_APP_ID/,
    );
  });

  it('reads numbered registrations, one per tenant, in order', () => {
    const c = loadConfig({
      TEAMS_APP_ID: A,
      TEAMS_APP_PASSWORD: 'pa',
      TEAMS_TENANT_ID: COUNCIL,
      TEAMS_APP_ID_2: B,
      TEAMS_APP_PASSWORD_2: 'pb',
      TEAMS_TENANT_ID_2: TRUST,
      TEAMS_APP_ID_3: C,
      TEAMS_APP_TYPE_3: 'UserAssignedMSI',
      TEAMS_TENANT_ID_3: CHARITY,
    });
    expect(c.teams?.registrations).toEqual([
      { appId: A, password: 'pa', tenantId: COUNCIL, type: 'SingleTenant', variable: 'TEAMS_APP_ID' },
      { appId: B, password: 'pb', tenantId: TRUST, type: 'SingleTenant', variable: 'TEAMS_APP_ID_2' },
      {
        appId: C,
        password: undefined,
        tenantId: CHARITY,
        type: 'UserAssignedMSI',
        variable: 'TEAMS_APP_ID_3',
      },
    ]);
  });

  it('says what is wrong with a numbered registration, one plain line each, secrets hidden', () => {
    const lines = problems({
      TEAMS_APP_ID: A,
      TEAMS_APP_PASSWORD: 'pa',
      TEAMS_TENANT_ID: COUNCIL,
      TEAMS_APP_ID_2: B,
      TEAMS_APP_PASSWORD_2: 'very-secret-b',
      TEAMS_APP_TYPE_3: 'Personal',
      TEAMS_APP_ID_3: C,
      TEAMS_APP_PASSWORD_3: 'pc',
      TEAMS_TENANT_ID_3: CHARITY,
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^TEAMS_TENANT_ID_2 is required/);
    expect(lines[1]).toMatch(/^TEAMS_APP_TYPE_3 must be MultiTenant, SingleTenant or UserAssignedMSI/);
    expect(lines.join('\n')).not.toContain('very-secret-b');
  });

  it('refuses a numbered variable without its app id, and numbers without the first registration', () => {
    expect(
      problems({
        TEAMS_APP_ID: A,
        TEAMS_APP_PASSWORD: 'p',
        TEAMS_TENANT_ID: COUNCIL,
        TEAMS_TENANT_ID_2: TRUST,
      }),
    ).toEqual([expect.stringMatching(/^TEAMS_APP_ID_2 is required with TEAMS_TENANT_ID_2/)]);
    expect(problems({ TEAMS_APP_ID_2: B, TEAMS_APP_PASSWORD_2: 'p', TEAMS_TENANT_ID_2: TRUST })).toEqual([
      expect.stringMatching(/^TEAMS_APP_ID is required with TEAMS_APP_ID_2/),
    ]);
    expect(
      problems({ TEAMS_APP_ID: A, TEAMS_APP_PASSWORD: 'p', TEAMS_TENANT_ID: COUNCIL, TEAMS_APP_ID_1: B })[0],
    ).toMatch(/^TEAMS_APP_ID_1 is not read/);
  });

  it('refuses the same app id or the same tenant twice', () => {
    const base = { TEAMS_APP_ID: A, TEAMS_APP_PASSWORD: 'p', TEAMS_TENANT_ID: COUNCIL };
    expect(
      problems({ ...base, TEAMS_APP_ID_2: A, TEAMS_APP_PASSWORD_2: 'p', TEAMS_TENANT_ID_2: TRUST }),
    ).toEqual([expect.stringMatching(/^TEAMS_APP_ID_2 repeats the app id of TEAMS_APP_ID/)]);
    expect(
      problems({ ...base, TEAMS_APP_ID_2: B, TEAMS_APP_PASSWORD_2: 'p', TEAMS_TENANT_ID_2: COUNCIL }),
    ).toEqual([expect.stringMatching(/^TEAMS_TENANT_ID_2 repeats the tenant of TEAMS_TENANT_ID/)]);
  });

  it('wants app and tenant ids to be GUIDs', () => {
    expect(
      problems({ TEAMS_APP_ID: 'my-bot', TEAMS_APP_PASSWORD: 'p', TEAMS_TENANT_ID: COUNCIL })[0],
    ).toMatch(/^TEAMS_APP_ID must be .*GUID/);
    expect(
      problems({ TEAMS_APP_ID: A, TEAMS_APP_PASSWORD: 'p', TEAMS_TENANT_ID: 'council.gov.uk' })[0],
    ).toMatch(/^TEAMS_TENANT_ID must be .*GUID/);
  });

  it('unauthenticated local testing has no registration', () => {
    const c = loadConfig({ NODE_ENV: 'test', TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    expect(c.teams?.registrations).toEqual([]);
    expect(c.teams?.allowUnauthenticated).toBe(true);
  });
});
