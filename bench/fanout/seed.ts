/**
 * The fan-out's database: a fresh migrated database with Slack or Teams workspaces and their members, inserted
 * directly. Member 0 of each workspace is a Roundtable admin (the one who says `checkin now to everyone`).
 * Slack workspaces can come with their OAuth installation rows (encrypted with the app's key, as Bolt's
 * installation store writes them); Teams members come with a stored 1:1 conversation (they have written to the
 * bot before), and the tenant with its service URL and bot id.
 */
import { InstallationRepository } from '../../adapters/slack/installation.repository.js';
import { createDb, migrateToLatest } from '../../db/index.js';
import { systemClock } from '../../src/clock.js';
import { createTextCipher } from '../../src/crypto.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.js';

export interface SeedWorkspace {
  /** Slack team id or Teams tenant id. */
  externalId: string;
  /** Slack only, with `installations`: the bot token the fake accepts for this workspace. */
  botToken?: string;
}

export interface FanoutSeed {
  platform: 'slack' | 'teams';
  workspaces: SeedWorkspace[];
  membersPerWorkspace: number;
  /** Slack multi-workspace: write `slack_installations` rows with this key (base64, the app's). */
  installationKey?: string;
  /** Teams: where the members' conversations live (the rate-limited front of the fake connector). */
  serviceUrl?: string;
}

export interface Seeded {
  database: TestDatabase;
  /** Workspace external id → who must receive a check-in (Slack: the DM channel id; Teams: the conversation). */
  recipients: Map<string, string[]>;
  /** Workspace external id → the admin's platform user id. */
  admins: Map<string, string>;
}

export const TEAMS_BOT_ID = '28:bench-bot';

/** The platform user id of member `i` of workspace `w`. */
export function userId(platform: 'slack' | 'teams', w: number, i: number): string {
  return platform === 'slack' ? `U${w}X${i}` : `aad-${w}-${i}`;
}

/** The DM channel the fake Slack opens for a user (`conversations.open` answers `D<user>`). */
export const slackDm = (user: string) => `D${user}`;
export const teamsConversation = (user: string) => `a:personal-${user}`;

/**
 * Create, migrate and fill a database. The caller must `database.drop()` it (in a `finally`).
 * @param label part of the database name.
 */
export async function seedFanout(label: string, spec: FanoutSeed): Promise<Seeded> {
  const database = await createTestDatabase(label);
  const { db, close } = await createDb({ databaseUrl: database.url, dataDir: '/tmp', max: 4 });
  const recipients = new Map<string, string[]>();
  const admins = new Map<string, string>();
  try {
    await migrateToLatest(db);
    const now = new Date();
    const installations = spec.installationKey
      ? new InstallationRepository(
          db,
          createTextCipher(Buffer.from(spec.installationKey, 'base64')),
          systemClock,
        )
      : undefined;
    for (const [w, ws] of spec.workspaces.entries()) {
      const workspaceId = `ws-${spec.platform}-${w}`;
      await db
        .insertInto('workspaces')
        .values({
          id: workspaceId,
          platform: spec.platform,
          external_id: ws.externalId,
          name: `Partnership ${w}`,
          timezone: 'Europe/London',
          updated_at: now,
        })
        .execute();
      if (installations) {
        await installations.storeInstallation({
          team: { id: ws.externalId, name: `Partnership ${w}` },
          enterprise: undefined,
          user: { id: userId('slack', w, 0), token: undefined, scopes: undefined },
          bot: {
            token: ws.botToken!,
            userId: `UBOT${w}`,
            id: `BBOT${w}`,
            scopes: ['chat:write', 'commands', 'users:read'],
          },
          tokenType: 'bot',
          isEnterpriseInstall: false,
          appId: 'ABENCH',
        });
      }
      if (spec.platform === 'teams') {
        await db
          .insertInto('teams_tenants')
          .values({
            tenant_id: ws.externalId,
            service_url: spec.serviceUrl!,
            bot_id: TEAMS_BOT_ID,
            updated_at: now,
          })
          .execute();
      }
      const list: string[] = [];
      for (let start = 0; start < spec.membersPerWorkspace; start += 2_000) {
        const members = [];
        const refs = [];
        for (let i = start; i < Math.min(spec.membersPerWorkspace, start + 2_000); i++) {
          const user = userId(spec.platform, w, i);
          const memberId = `m-${w}-${i}`;
          members.push({
            id: memberId,
            workspace_id: workspaceId,
            external_id: user,
            display_name: `Member ${i}`,
            timezone: 'Europe/London',
            admin: i === 0,
            updated_at: now,
          });
          if (spec.platform === 'teams') {
            refs.push({
              tenant_id: ws.externalId,
              user_id: user,
              member_id: memberId,
              account_id: `29:${user}`,
              service_url: spec.serviceUrl!,
              conversation_id: teamsConversation(user),
              reference: null,
              updated_at: now,
            });
          }
          list.push(spec.platform === 'slack' ? slackDm(user) : teamsConversation(user));
        }
        await db.insertInto('members').values(members).execute();
        if (refs.length > 0) await db.insertInto('teams_user_refs').values(refs).execute();
      }
      recipients.set(ws.externalId, list);
      admins.set(ws.externalId, userId(spec.platform, w, 0));
    }
    await close();
    return { database, recipients, admins };
  } catch (error) {
    await close().catch(() => {});
    await database.drop();
    throw error;
  }
}
