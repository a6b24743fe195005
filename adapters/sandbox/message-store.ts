/**
 * The sandbox's message history in Postgres (`sandbox_messages`): what the bot showed each persona and what each
 * persona typed. Bodies are encrypted at rest like any other personal text, since people type real words even into
 * a sandbox.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SandboxMessagesTable } from '../../db/tables/sandbox.js';
import type { Attachment, Form, Message } from '../../src/core/messages/message.js';
import { type TextCipher, Unreadable } from '../../src/crypto.js';
import { sandboxMessagePlace } from '../../src/store/cipher-places.js';
import { findMember } from '../../src/store/member.repository.js';
import { findWorkspace } from '../../src/store/workspace.repository.js';
import { SANDBOX_WORKSPACE } from './personas.js';

/** What a stored row holds. A form is shown as a card until it is submitted (`closed`). */
export type SandboxBody =
  | { kind: 'message'; message: Message }
  | { kind: 'form'; form: Form; closed?: boolean }
  | { kind: 'said'; text: string };

/** One message as the page receives it. */
export interface SandboxMessageView {
  id: number;
  persona: string | null;
  channel: string | null;
  author: 'bot' | 'person';
  private: boolean;
  body: SandboxBody;
  attachments: Array<{ filename: string; contentType: string; url: string }>;
  at: string;
}

type Row = Selectable<SandboxMessagesTable>;

export interface NewSandboxMessage {
  persona: string | null;
  channel?: string | null;
  author: 'bot' | 'person';
  private?: boolean;
  body: SandboxBody;
  attachments?: Attachment[];
}

export class SandboxMessageStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: TextCipher,
    private readonly now: () => Date,
  ) {}

  /** The sandbox workspace's row id, or undefined before the seed (or right after a reset). */
  async workspaceRowId(): Promise<string | undefined> {
    return (await findWorkspace(this.db, 'sandbox', SANDBOX_WORKSPACE))?.id;
  }

  /** Store a message and return it as the page shows it. Throws when the sandbox workspace does not exist. */
  async add(input: NewSandboxMessage): Promise<SandboxMessageView> {
    const workspaceId = await this.workspaceRowId();
    if (!workspaceId) throw new Error('the sandbox workspace does not exist');
    const member = input.persona ? await findMember(this.db, workspaceId, input.persona) : undefined;
    const now = this.now();
    // The id is taken first so the body can be bound to its row (`sandboxMessagePlace`).
    const next = await sql<{
      id: string;
    }>`select nextval(pg_get_serial_sequence('sandbox_messages', 'id')) as id`.execute(this.db);
    const id = Number(next.rows[0]!.id);
    const row = await this.db
      .insertInto('sandbox_messages')
      .values({
        id,
        workspace_id: workspaceId,
        member_id: member?.id ?? null,
        persona: input.persona,
        channel: input.channel ?? null,
        author: input.author,
        private: input.private ?? false,
        body: this.cipher.encrypt(JSON.stringify(input.body), sandboxMessagePlace(id)),
        attachments: input.attachments?.length ? JSON.stringify(input.attachments) : null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.view(row);
  }

  /** Replace a message's body; undefined when it no longer exists. */
  async replace(id: number, body: SandboxBody): Promise<SandboxMessageView | undefined> {
    const row = await this.db
      .updateTable('sandbox_messages')
      .set({
        body: this.cipher.encrypt(JSON.stringify(body), sandboxMessagePlace(id)),
        updated_at: this.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row ? this.view(row) : undefined;
  }

  async get(id: number): Promise<SandboxMessageView | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
    const row = await this.db
      .selectFrom('sandbox_messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? this.view(row) : undefined;
  }

  /** One attachment of a message, with its content. */
  async attachment(id: number, index: number): Promise<Attachment | undefined> {
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
    const row = await this.db
      .selectFrom('sandbox_messages')
      .select('attachments')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.attachments) return undefined;
    return (JSON.parse(row.attachments) as Attachment[])[index];
  }

  /** Every message of the sandbox workspace, oldest first. */
  async list(): Promise<SandboxMessageView[]> {
    const workspaceId = await this.workspaceRowId();
    if (!workspaceId) return [];
    const rows = await this.db
      .selectFrom('sandbox_messages')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .execute();
    return rows.map((r) => this.view(r));
  }

  /** Delete every sandbox message (the workspace's own delete cascades too; this also catches strays). */
  async clear(): Promise<void> {
    await this.db.deleteFrom('sandbox_messages').execute();
  }

  /** The stored body, or a plain line when it cannot be read here (never a crash of the whole page). */
  private readBody(row: Row): SandboxBody {
    try {
      return JSON.parse(this.cipher.decrypt(row.body, sandboxMessagePlace(row.id))) as SandboxBody;
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      return { kind: 'said', text: 'This message could not be read.' };
    }
  }

  private view(row: Row): SandboxMessageView {
    const attachments = row.attachments ? (JSON.parse(row.attachments) as Attachment[]) : [];
    return {
      id: row.id,
      persona: row.persona,
      channel: row.channel,
      author: row.author,
      private: row.private,
      body: this.readBody(row),
      attachments: attachments.map((a, i) => ({
        filename: a.filename,
        contentType: a.contentType,
        url: `/sandbox/files/${row.id}/${i}`,
      })),
      at: new Date(row.created_at).toISOString(),
    };
  }
}
