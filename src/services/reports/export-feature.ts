/**
 * `report export [from] [to]` (admins): evidence for the people who fund the work, as a CSV and a one-page PDF,
 * reached through two single-use links (like record links: random 144-bit tokens, only their hash stored, 15
 * minutes, used once, `GET` shows a page and `POST /export` gives the file). The files are made from the same
 * k-safe figures as the reports when a link is used, and never stored. The link works only for the admin it was
 * made for, while they are still an admin of that workspace.
 */
import { Temporal } from 'temporal-polyfill';
import { wholeWeeksBefore } from '../../core/checkins/index.js';
import type { MixTarget } from '../../core/commands/command.js';
import {
  buildEvidence,
  type Evidence,
  type EvidenceRound,
  evidenceCsv,
} from '../../core/reports/evidence-export.js';
import { hashSecret } from '../../crypto.js';
import { UserError } from '../../errors.js';
import { getMember } from '../../store/member.repository.js';
import { poolKeyOf } from '../../store/pairing-pool.repository.js';
import {
  digestsAnswered,
  digestsPosted,
  insertExportLink,
  openExportLinks,
  peekExportLink,
  redeemExportLink,
  roundsInPeriod,
  sessionsHeld,
} from '../../store/report-export.repository.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import type { Feature, ServiceContext } from '../context.js';
import { weekFigures } from '../checkins/report.js';
import { frozenRating, RATING_WINDOW_MS, ratingsShownFrom } from '../pairing/pairing-status.js';

export const EXPORT_LINK_TTL_MS = 15 * 60_000;
/** The longest period one export covers (the weekly figures go back at most this far). */
const MAX_WEEKS = 104;
const DEFAULT_DAYS = 91;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

function dayIn(date: Date, zone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime())
    .toZonedDateTimeISO(zone)
    .toPlainDate()
    .toString();
}

function startOfDay(day: string, zone: string): Date {
  return new Date(Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: zone }).epochMilliseconds);
}

export class ExportService {
  constructor(private readonly ctx: ServiceContext) {}

  /** The period asked for, checked: default the last 13 weeks to today, never in the future, at most two years. */
  period(
    workspace: Workspace,
    from: string | undefined,
    to: string | undefined,
  ): { from: string; to: string } {
    const today = dayIn(this.ctx.clock.now(), workspace.timezone);
    const t = to ?? today;
    const f = from ?? Temporal.PlainDate.from(t).subtract({ days: DEFAULT_DAYS }).toString();
    if (f > t) throw new UserError(`The start date ${f} is after the end date ${t}. Try swapping them.`);
    if (f > today)
      throw new UserError(
        `${f} has not happened yet, so there is nothing to export. Choose an earlier start date.`,
      );
    const earliest = Temporal.PlainDate.from(today).subtract({ weeks: MAX_WEEKS }).toString();
    if (f < earliest)
      throw new UserError(
        `An export can go back two years at most, to ${earliest}. Choose a start date on or after it.`,
      );
    return { from: f, to: t };
  }

  /** Two single-use links, one per format; returns the raw tokens (shown once, to the admin). */
  async issue(
    memberId: string,
    workspaceId: string,
    from: string,
    to: string,
  ): Promise<{ csv: string; pdf: string }> {
    const expires = new Date(this.ctx.clock.now().getTime() + EXPORT_LINK_TTL_MS);
    const out = { csv: '', pdf: '' };
    for (const format of ['csv', 'pdf'] as const) {
      const token = this.ctx.random.bytes(18).toString('base64url');
      await insertExportLink(
        this.ctx.db,
        hashSecret(token),
        { memberId, workspaceId, format, from, to },
        expires,
      );
      out[format] = token;
    }
    return out;
  }

  /** The format of a link that still works, without using it (the page a link preview may fetch). */
  async peek(token: string): Promise<'csv' | 'pdf' | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    return peekExportLink(this.ctx.db, hashSecret(token), this.ctx.clock.now());
  }

  /** Use a link, once: the file, made now; undefined for a used, expired, forged or unknown one. */
  async redeem(token: string): Promise<ExportFile | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const now = this.ctx.clock.now();
    const link = await redeemExportLink(this.ctx.db, hashSecret(token), now);
    if (!link) return undefined;
    const workspace = await getWorkspace(this.ctx.db, link.workspaceId);
    // Still an admin of that workspace (an admin removed since cannot use a link made before).
    const member = await getMember(this.ctx.db, link.memberId);
    const admin = member && (member.admin || member.platform_admin || member.installer);
    if (!workspace?.active || !admin || member.workspace_id !== workspace.id) return undefined;
    const evidence = await this.gather(workspace, link.from, link.to);
    const stem = `roundtable-evidence-${link.from}-to-${link.to}`;
    if (link.format === 'pdf') {
      // pdfkit and the fonts load with the first PDF asked for (then the module cache holds them), not at start.
      const { renderEvidencePdf } = await import('./evidence-pdf.js');
      return {
        filename: `${stem}.pdf`,
        contentType: 'application/pdf',
        body: await renderEvidencePdf(evidence, now),
      };
    }
    return {
      filename: `${stem}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: Buffer.from(evidenceCsv(evidence), 'utf8'),
    };
  }

  /** Every figure of the period, from the store, through the disclosure rule (in the core). */
  async gather(workspace: Workspace, from: string, to: string): Promise<Evidence> {
    const now = this.ctx.clock.now();
    const zone = workspace.timezone;
    const start = startOfDay(from, zone);
    const end = startOfDay(Temporal.PlainDate.from(to).add({ days: 1 }).toString(), zone);

    // Whole weeks inside the period, read (and frozen) exactly as `report checkins` reads them.
    const all = wholeWeeksBefore(now, MAX_WEEKS, zone);
    const first = all.findIndex((r) => r.start >= start && r.end <= end);
    const inPeriod = new Set(all.filter((r) => r.start >= start && r.end <= end).map((r) => r.isoWeek));
    const weeks =
      first < 0
        ? []
        : (await weekFigures(this.ctx, workspace, MAX_WEEKS - first)).filter((w) => inPeriod.has(w.isoWeek));

    const sessions = (await sessionsHeld(this.ctx.db, workspace.id, start, end, now)).map((s) => ({
      title: s.title,
      date: dayIn(s.startsAt, zone),
      capacity: s.capacity,
      mix: s.mix as MixTarget[],
      goingByBand: s.goingByBand,
    }));

    const rounds: EvidenceRound[] = [];
    for (const r of await roundsInPeriod(this.ctx.db, poolKeyOf(workspace), start, end)) {
      let rating: EvidenceRound['rating'] = { kind: 'open' };
      if (r.endedAt && now.getTime() - r.endedAt.getTime() < RATING_WINDOW_MS)
        rating = { kind: 'waiting', shownFrom: ratingsShownFrom(r.endedAt) };
      else if (r.endedAt) {
        const f = await frozenRating(this.ctx.db, r.id, workspace.k, now);
        rating = { kind: 'frozen', raters: f.raters, sum: f.ratingSum };
      }
      rounds.push({
        number: r.number,
        started: dayIn(r.startedAt, zone),
        groupsFormed: r.groupsFormed,
        groupsWithMessages: r.groupsWithMessages,
        rating,
      });
    }

    return buildEvidence({
      from,
      to,
      k: workspace.k,
      weeks,
      sessions,
      rounds,
      digestsPosted: await digestsPosted(this.ctx.db, workspace.id, start, end),
      digestsAnswered: await digestsAnswered(this.ctx.db, workspace.id, start, end),
    });
  }
}

export function exportFeature(ctx: ServiceContext, exports: ExportService): Feature {
  return {
    name: 'exports',
    commands: {
      'report.export': {
        admin: true,
        run: async (c, caller) => {
          const { from, to } = exports.period(caller.workspace, c.from, c.to);
          const links = await exports.issue(caller.member.id, caller.workspace.id, from, to);
          const base = ctx.settings.publicUrl;
          return {
            message: {
              text: `Evidence from ${from} to ${to}`,
              blocks: [
                {
                  type: 'text',
                  text: `Here is the evidence from ${from} to ${to}: check-ins, learning sessions, peer support and digests, every figure through the disclosure rule.`,
                },
                { type: 'link', text: 'Download the one-page PDF', url: `${base}/export/${links.pdf}` },
                { type: 'link', text: 'Download the CSV', url: `${base}/export/${links.csv}` },
                {
                  type: 'context',
                  text: 'Each link works once, for 15 minutes, and only while you are an admin. Roundtable does not keep a copy of the files.',
                },
              ],
            },
          };
        },
      },
    },
    aboutMe: async (member) => {
      const open = await openExportLinks(ctx.db, member.id, ctx.clock.now());
      return open > 0 ? [`${open} unused evidence export link(s) are still open.`] : [];
    },
  };
}
