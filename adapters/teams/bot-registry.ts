/**
 * The Teams bot registrations of one deployment, and which of them speaks for what. A partnership across
 * organisations has one registration per tenant (Azure has created only single-tenant bots since 31 July 2025):
 * an activity is handled by the registration it is addressed to (`recipient.id` is `28:<app id>`), and a message
 * sent outside a turn goes out with the registration that owns the tenant — the one the tenant's activities came
 * in on (stored in `teams_tenants.bot_id` by every activity), else the one configured for that tenant id.
 */
import type { Executor } from '../../db/schema.js';
import { NotFound } from '../../src/errors.js';
import type { BotConnectorClient } from './bot-connector.client.js';
import { findTenant } from './conversation-reference.repository.js';

/** Bot Framework's channel account id of a bot: `28:` and its app id. */
export const BOT_ID_PREFIX = '28:';

export interface RegisteredBot {
  /** The Microsoft App ID; empty in unauthenticated local testing. */
  appId: string;
  /** The tenant the registration was configured for, when it is single-tenant or a managed identity. */
  tenantId?: string;
  /** Bot Connector calls with this registration's own token. */
  client: BotConnectorClient;
}

/** Where a tenant is reached from outside a turn, and as whom. */
export interface TenantRoute {
  bot: RegisteredBot;
  /** The bot's channel account id there (`28:<app id>`), when known. */
  botId?: string;
  /** The tenant's service URL, once the tenant has been seen. */
  serviceUrl?: string;
}

export class BotRegistry {
  constructor(
    private readonly db: Executor,
    readonly bots: readonly RegisteredBot[],
  ) {
    if (bots.length === 0) throw new Error('BotRegistry needs at least one bot');
  }

  /**
   * The registration an incoming activity is addressed to. With one registration, that one (its token still has
   * to name it); with several, the one whose `28:<app id>` is the recipient, else none.
   */
  forRecipient(recipientId: unknown): RegisteredBot | undefined {
    if (this.bots.length === 1) return this.bots[0];
    if (typeof recipientId !== 'string') return undefined;
    const id = recipientId.toLowerCase();
    return this.bots.find((b) => `${BOT_ID_PREFIX}${b.appId}`.toLowerCase() === id);
  }

  /**
   * Just the registration that sends to a tenant, for calls that already know where to send. With one
   * registration no lookup is needed (a send to a known conversation stays one connector call, no query).
   */
  async botFor(tenantId: string): Promise<RegisteredBot> {
    if (this.bots.length === 1) return this.bots[0]!;
    return (await this.forTenant(tenantId)).bot;
  }

  /** The registration that sends to a tenant (see the file comment). Throws NotFound when none can. */
  async forTenant(tenantId: string): Promise<TenantRoute> {
    const seen = await findTenant(this.db, tenantId);
    const cameIn = seen ? this.byBotId(seen.botId) : undefined;
    const bot =
      cameIn ??
      this.bots.find((b) => b.tenantId?.toLowerCase() === tenantId.toLowerCase()) ??
      (this.bots.length === 1 ? this.bots[0] : undefined);
    if (!bot) throw new NotFound('no Teams bot registration reaches this tenant');
    const botId = bot.appId ? `${BOT_ID_PREFIX}${bot.appId}` : seen?.botId;
    return { bot, botId, serviceUrl: seen?.serviceUrl };
  }

  private byBotId(botId: string): RegisteredBot | undefined {
    const id = botId.toLowerCase();
    return this.bots.find((b) => b.appId && `${BOT_ID_PREFIX}${b.appId}`.toLowerCase() === id);
  }
}
