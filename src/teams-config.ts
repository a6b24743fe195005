/**
 * The Teams bot registrations part of the configuration: `TEAMS_APP_ID`, `TEAMS_APP_PASSWORD`, `TEAMS_TENANT_ID`,
 * `TEAMS_APP_TYPE` for the first registration, and the same names ending `_2`, `_3`, ... for more (one per tenant).
 * Split out of `config.ts` for size; like the rest of the configuration it is handed the environment by
 * `loadConfig`, and reads nothing itself.
 */
import { z } from 'zod';

export const TEAMS_APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export const teamsAppType = z.enum(TEAMS_APP_TYPES, {
  errorMap: () => ({ message: 'must be MultiTenant, SingleTenant or UserAssignedMSI' }),
});
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TeamsAppType = (typeof TEAMS_APP_TYPES)[number];

/**
 * One Teams bot registration (an Entra app registration and its Azure Bot). A partnership across organisations
 * has one per tenant: Azure has created only single-tenant bots since 31 July 2025.
 */
export interface TeamsRegistration {
  /** The Microsoft App ID: the app registration's client id, or the managed identity's client id. */
  appId: string;
  /** The client secret; absent for a managed identity. */
  password?: string;
  /** The Entra tenant the registration lives in; required unless MultiTenant. */
  tenantId?: string;
  type: TeamsAppType;
  /** The variable its app id came from (`TEAMS_APP_ID`, `TEAMS_APP_ID_2`, ...), for log lines. */
  variable: string;
}

const TEAMS_NUMBERED = /^TEAMS_(APP_ID|APP_PASSWORD|TENANT_ID|APP_TYPE)_(\d+)$/;

/**
 * The Teams bot registrations: `TEAMS_APP_ID`, `TEAMS_APP_PASSWORD`, `TEAMS_TENANT_ID`, `TEAMS_APP_TYPE` for the
 * first, and the same names ending `_2`, `_3`, ... for more (one per tenant). One plain line per problem.
 */
export function teamsRegistrations(
  env: Record<string, string | undefined>,
  firstType: TeamsAppType,
): { registrations: TeamsRegistration[]; problems: string[] } {
  const problems: string[] = [];
  const read = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const numbers = new Set<number>();
  for (const name of Object.keys(env)) {
    const m = TEAMS_NUMBERED.exec(name);
    if (!m || read(name) === undefined) continue;
    const n = Number(m[2]);
    if (n < 2) {
      problems.push(
        `${name} is not read: the first registration is TEAMS_${m[1]} (no number); more are numbered from 2`,
      );
    } else numbers.add(n);
  }
  const suffixes = ['', ...[...numbers].sort((a, b) => a - b).map((n) => `_${n}`)];
  const registrations: TeamsRegistration[] = [];
  for (const suffix of suffixes) {
    const v = (field: string) => `TEAMS_${field}${suffix}`;
    const appId = read(v('APP_ID'));
    const password = read(v('APP_PASSWORD'));
    const tenantId = read(v('TENANT_ID'));
    const rawType = read(v('APP_TYPE'));
    if (!appId) {
      const given = [v('APP_PASSWORD'), v('TENANT_ID'), v('APP_TYPE')].find((name) => read(name));
      if (suffix === '' && !given && numbers.size > 0) {
        const first = Math.min(...numbers);
        problems.push(
          `TEAMS_APP_ID is required with TEAMS_APP_ID_${first}: the first registration has no number; more are numbered from 2`,
        );
      } else if (given && !(suffix === '' && given === v('APP_TYPE'))) {
        problems.push(`${v('APP_ID')} is required with ${given} (the bot registration's Microsoft App ID)`);
      }
      continue;
    }
    let type: TeamsAppType = firstType;
    if (suffix !== '') {
      const parsed = teamsAppType.default('SingleTenant').safeParse(rawType);
      if (!parsed.success) {
        problems.push(
          `${v('APP_TYPE')} must be MultiTenant, SingleTenant or UserAssignedMSI (got "${rawType}")`,
        );
        continue;
      }
      type = parsed.data;
    }
    const before = problems.length;
    if (!GUID.test(appId)) {
      problems.push(
        `${v('APP_ID')} must be the bot's Microsoft App ID (the app registration's or managed identity's client id), a GUID (got "${appId}")`,
      );
    }
    if (type === 'UserAssignedMSI' && password) {
      problems.push(
        `${v('APP_PASSWORD')} must not be set with ${v('APP_TYPE')}=UserAssignedMSI (a managed identity has no client secret)`,
      );
    } else if (type !== 'UserAssignedMSI' && !password) {
      problems.push(
        `${v('APP_PASSWORD')} is required with ${v('APP_ID')} (the client secret of the bot's Entra app registration; or set ${v('APP_TYPE')}=UserAssignedMSI for a managed identity)`,
      );
    }
    if (type !== 'MultiTenant' && !tenantId) {
      const isDefault = rawType === undefined ? ' (the default)' : '';
      problems.push(
        `${v('TENANT_ID')} is required with ${v('APP_TYPE')}=${type}${isDefault}: the Directory (tenant) ID of the Entra tenant the bot is registered in`,
      );
    } else if (tenantId && !GUID.test(tenantId)) {
      problems.push(`${v('TENANT_ID')} must be the Directory (tenant) ID, a GUID (got "${tenantId}")`);
    }
    const sameApp = registrations.find((r) => r.appId.toLowerCase() === appId.toLowerCase());
    if (sameApp) {
      problems.push(
        `${v('APP_ID')} repeats the app id of ${sameApp.variable}: each registration is a different bot`,
      );
    }
    const sameTenant =
      tenantId && registrations.find((r) => r.tenantId?.toLowerCase() === tenantId.toLowerCase());
    if (sameTenant) {
      problems.push(
        `${v('TENANT_ID')} repeats the tenant of ${sameTenant.variable.replace('APP_ID', 'TENANT_ID')}: one registration per tenant (Roundtable reaches a tenant through its own registration)`,
      );
    }
    if (problems.length === before) {
      registrations.push({ appId, password, tenantId, type, variable: v('APP_ID') });
    }
  }
  return { registrations, problems };
}
