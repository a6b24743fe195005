/**
 * Bolt's `InstallationStore` backed by Postgres: one row per workspace (or organisation), the installation JSON —
 * bot and user tokens included — encrypted with the app's `TextCipher`, so a database dump holds no usable token.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../src/clock.js';
import type { TextCipher } from '../../src/crypto.js';
import { installationPlace } from '../../src/store/cipher-places.js';

type AnyInstallation = Installation<'v1' | 'v2', boolean>;

/** What the rest of the adapter needs from an installation: the bot's token and identity. */
export interface BotCredentials {
  token: string;
  botUserId?: string;
  botId?: string;
}

export class InstallationRepository implements InstallationStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: TextCipher,
    private readonly clock: Clock,
  ) {}

  /** Insert or replace the installation of a workspace (a reinstall refreshes its token). */
  async storeInstallation(installation: AnyInstallation): Promise<void> {
    const orgWide = Boolean(installation.isEnterpriseInstall && installation.enterprise?.id);
    const id = orgWide ? installation.enterprise?.id : installation.team?.id;
    if (!id) throw new Error('installation without a team or enterprise id');
    const now = this.clock.now();
    const row = {
      team_id: installation.team?.id ?? null,
      enterprise_id: installation.enterprise?.id ?? null,
      is_enterprise_install: orgWide,
      bot_user_id: installation.bot?.userId ?? null,
      bot_id: installation.bot?.id ?? null,
      installer_user_id: installation.user?.id ?? null,
      installation_enc: this.cipher.encrypt(JSON.stringify(installation), installationPlace(id)),
      updated_at: now,
    };
    await this.db
      .insertInto('slack_installations')
      .values({ id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<AnyInstallation> {
    const found = await this.find(query);
    if (!found) throw new Error('no installation for this workspace');
    return found;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
    if (id) await this.delete(id);
  }

  /** The installation of a workspace, or undefined. Tries the workspace, then its organisation. */
  async find(query: { teamId?: string; enterpriseId?: string }): Promise<AnyInstallation | undefined> {
    for (const id of [query.teamId, query.enterpriseId]) {
      if (!id) continue;
      const row = await this.db
        .selectFrom('slack_installations')
        .select('installation_enc')
        .where('id', '=', id)
        .executeTakeFirst();
      if (row)
        return JSON.parse(
          this.cipher.decrypt(row.installation_enc, installationPlace(id)),
        ) as AnyInstallation;
    }
    return undefined;
  }

  /** The bot credentials for a workspace, or undefined when it is not (or no longer) installed. */
  async botCredentials(teamId: string): Promise<BotCredentials | undefined> {
    const installation = await this.find({ teamId });
    const token = installation?.bot?.token;
    if (!token) return undefined;
    return { token, botUserId: installation.bot?.userId, botId: installation.bot?.id };
  }

  /** Forget a workspace's installation (uninstall, tokens revoked). */
  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('slack_installations').where('id', '=', id).execute();
  }
}
