/**
 * `/roundtable me record [from] [to]`: the member's own reflective practice record, as Markdown or PDF, reached
 * through single-use links sent in their DM. A link's token is random (144 bits), bound to the member, valid for
 * 15 minutes, usable once; only its hash is stored. The file is generated on request and never stored. Admins have
 * no way to obtain anyone's record.
 */
import type { PracticeRecord } from '../../core/records/record-model.js';
import { renderLaidOutMarkdown, renderRecordMarkdown } from '../../core/records/record-markdown.js';
import { layOut, RECORD_LAYOUTS, type RecordLayout } from '../../core/records/record-layouts.js';
import { textMessage } from '../../core/messages/message.js';
import { hashSecret } from '../../crypto.js';
import { anyKind, type Claimed, type MessageKind } from '../../delivery/engine.js';
import { UserError } from '../../errors.js';
import { getMember, type Member } from '../../store/member.repository.js';
import { recordChangedPlace } from '../../store/cipher-places.js';
import {
  countAdditionsOf,
  countEvidenceOf,
  latestReflection,
  ownReflection,
  upsertAddition,
} from '../../store/record-evidence.repository.js';
import {
  countOpenRecordTokens,
  insertRecordToken,
  peekRecordToken,
  redeemRecordToken,
} from '../../store/record-token.repository.js';
import type { CommandOf } from '../context.js';
import { getWorkspace } from '../../store/workspace.repository.js';
import type { Feature, ServiceContext } from '../context.js';
import { loadPracticeRecord } from './record-source.js';
import { z } from 'zod';
import { defineOutbox } from '../../jobs/job-types.js';

export const RECORD_LINK_TTL_MS = 15 * 60_000;
const DAY_MS = 24 * 3600_000;

export interface RecordFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** What a record token looks like; anything else is refused before the database is asked. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

export class RecordService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Make a single-use token for one format; returns the raw token (shown once, in the member's DM). */
  async issueToken(
    memberId: string,
    format: 'md' | 'pdf',
    from: string,
    to: string,
    layout: RecordLayout = 'general',
  ): Promise<string> {
    const token = this.ctx.random.bytes(18).toString('base64url');
    await insertRecordToken(this.ctx.db, {
      tokenHash: hashSecret(token),
      memberId,
      format,
      layout,
      from,
      to,
      expiresAt: new Date(this.ctx.clock.now().getTime() + RECORD_LINK_TTL_MS),
    });
    return token;
  }

  /**
   * The format of a token that can still be redeemed, without using it up (the download page a link preview may
   * fetch); undefined for expired, used, forged or unknown tokens.
   */
  async peek(token: string): Promise<'md' | 'pdf' | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    return peekRecordToken(this.ctx.db, hashSecret(token), this.ctx.clock.now());
  }

  /**
   * Redeem a token: exactly once, before it expires. Returns undefined for expired, used, forged or unknown tokens
   * (the route answers all of them with the same plain 404).
   */
  async redeem(token: string): Promise<RecordFile | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const now = this.ctx.clock.now();
    // One atomic update: two concurrent requests with the same token cannot both succeed.
    const row = await redeemRecordToken(this.ctx.db, hashSecret(token), now);
    if (!row) return undefined;
    const member = await getMember(this.ctx.db, row.member_id);
    if (!member) return undefined;
    const record = await this.build(member, row.from_date, row.to_date);
    const stem = `reflective-practice-record-${row.layout === 'general' ? '' : `${row.layout}-`}${row.from_date}-to-${row.to_date}`;
    const laid = row.layout === 'general' ? undefined : layOut(record, row.layout);
    if (row.format === 'pdf') {
      // pdfkit, fontkit and the fonts load with the first PDF asked for (then the module cache holds them): a
      // process that never makes one does not carry them.
      const { renderLaidOutPdf, renderRecordPdf } = await import('./record-pdf.js');
      const body = laid ? await renderLaidOutPdf(laid, record.generatedAt) : await renderRecordPdf(record);
      return { filename: `${stem}.pdf`, contentType: 'application/pdf', body };
    }
    return {
      filename: `${stem}.md`,
      contentType: 'text/markdown; charset=utf-8',
      body: Buffer.from(laid ? renderLaidOutMarkdown(laid) : renderRecordMarkdown(record), 'utf8'),
    };
  }

  async build(member: Member, from: string, to: string): Promise<PracticeRecord> {
    const workspace = await getWorkspace(this.ctx.db, member.workspace_id);
    const zone = member.timezone ?? workspace?.timezone ?? 'Europe/London';
    const source = await loadPracticeRecord(this.ctx, member, from, to, zone);
    return {
      name: member.display_name ?? 'Roundtable member',
      from,
      to,
      zone,
      generatedAt: this.ctx.clock.now(),
      ...source,
    };
  }

  /**
   * `me record add <ref>|last theme … changed "…"`: attach to one of the member's own reflections. Someone else's
   * reference gets the same answer as one that does not exist, and nothing changes.
   */
  async add(member: Member, c: CommandOf<'me.record.add'>): Promise<string> {
    const target =
      c.ref === 'last'
        ? await latestReflection(this.ctx.db, member.id)
        : await ownReflection(this.ctx.db, member.id, c.ref);
    if (!target)
      return c.ref === 'last'
        ? 'You have no written reflections yet, so there is nothing to add to. Nothing was saved.'
        : `I couldn't find a reflection of yours with the reference ${c.ref}. Your record shows the reference under each reflection. Nothing was saved.`;
    await upsertAddition(
      this.ctx.db,
      member.id,
      target,
      {
        theme: c.theme,
        changed: c.changed
          ? this.ctx.cipher.encrypt(c.changed, recordChangedPlace(member.id, target.ref))
          : undefined,
      },
      this.ctx.clock.now(),
    );
    const what = [c.theme ? 'the theme' : '', c.changed ? 'how it changed your practice' : '']
      .filter(Boolean)
      .join(' and ');
    return `I've added ${what} to your reflection ${target.ref}. Only you see it, in your record (\`/roundtable me record\`), and it is kept for as long as the reflection itself.`;
  }

  /** Default period: the last 12 months to today. */
  period(from: string | undefined, to: string | undefined): { from: string; to: string } {
    const today = this.ctx.clock.now();
    const t = to ?? today.toISOString().slice(0, 10);
    const f = from ?? new Date(today.getTime() - 365 * DAY_MS).toISOString().slice(0, 10);
    if (f > t) throw new UserError(`The start date ${f} is after the end date ${t}. Try swapping them.`);
    return { from: f, to: t };
  }
}

/** Outbox: the two single-use links to a member's record (the tokens are made in the send, never in Redis). */
const RECORD_LINKS = defineOutbox(
  'record.links',
  z.object({
    memberId: z.string().min(1),
    from: z.string().date(),
    to: z.string().date(),
    // Links queued before layouts existed are the general layout.
    layout: z.enum(RECORD_LAYOUTS).default('general'),
  }),
);

/**
 * The message kind of the record links. The tokens are made here, inside the send, so they never sit in Redis job
 * data. Asked for by one person: never counted. No row says it is owed (it is asked for again, if lost).
 */
function recordLinksKind(
  ctx: ServiceContext,
  records: RecordService,
): MessageKind<
  z.infer<typeof RECORD_LINKS.schema>,
  Claimed & { member: Member; period: { from: string; to: string; layout: RecordLayout } }
> {
  return {
    job: RECORD_LINKS,
    metric: null,
    missed: null,
    async claim(data) {
      const member = await getMember(ctx.db, data.memberId);
      const workspace = member ? await getWorkspace(ctx.db, member.workspace_id) : undefined;
      if (!member || !workspace?.active) return undefined;
      const period = { from: data.from, to: data.to, layout: data.layout ?? 'general' };
      return { workspace, to: { memberId: member.id, userId: member.external_id }, member, period };
    },
    async render(c) {
      const { from, to, layout } = c.period;
      const md = await records.issueToken(c.member.id, 'md', from, to, layout);
      const pdf = await records.issueToken(c.member.id, 'pdf', from, to, layout);
      const base = ctx.settings.publicUrl;
      return {
        message: {
          text: 'Your reflective practice record',
          blocks: [
            {
              type: 'text',
              text: `Here is your reflective practice record from ${from} to ${to}: your own reflections, the learning sessions you said you would attend, and any peer reflective discussions you recorded.`,
            },
            { type: 'link', text: 'Download as PDF', url: `${base}/record/${pdf}` },
            { type: 'link', text: 'Download as Markdown', url: `${base}/record/${md}` },
            {
              type: 'context',
              text: 'Each link works once, for 15 minutes, and only you have it. Roundtable does not keep a copy of the file.',
            },
          ],
        },
      };
    },
    async sent() {},
  };
}

export function recordFeature(ctx: ServiceContext, records: RecordService): Feature {
  return {
    name: 'records',
    commands: {
      'me.record.add': {
        admin: false,
        run: async (c, caller) => ({ message: textMessage(await records.add(caller.member, c)) }),
      },
      'me.record': {
        admin: false,
        queue: true,
        run: async (c, caller) => {
          const { from, to } = records.period(c.from, c.to);
          await ctx.jobs.enqueueOutbox(RECORD_LINKS, {
            platform: caller.workspace.platform,
            workspaceKey: `${caller.workspace.platform}:${caller.workspace.external_id}`,
            memberId: caller.member.id,
            layout: c.layout ?? 'general',
            from,
            to,
          });
          return {
            message: textMessage(
              `I've sent you a private message with links to your record from ${from} to ${to}. Each link works once, for 15 minutes.`,
            ),
          };
        },
      },
    },
    messages: [anyKind(recordLinksKind(ctx, records))],
    aboutMe: async (member) => {
      const open = await countOpenRecordTokens(ctx.db, member.id, ctx.clock.now());
      const added = await countAdditionsOf(ctx.db, member.id);
      const peer = await countEvidenceOf(ctx.db, member.id);
      const extra =
        added + peer > 0
          ? [
              `Added to your reflections: ${added} (themes and how they changed your practice, encrypted, kept as long as the reflection). Peer reflective discussions in your record: ${peer}.`,
            ]
          : [];
      return [
        ...extra,
        `Your reflective practice record is made only when you ask (\`/roundtable me record\`) and is not kept.${open > 0 ? ` ${open} unused download link(s) are still open.` : ''}`,
      ];
    },
  };
}
