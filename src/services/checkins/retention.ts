/**
 * The daily privacy sweep. For every workspace: freeze every closed week still inside the retention window (so the
 * report cannot be subtracted), then delete each kind of free text a person wrote once it is older than the
 * workspace's `retention_days`:
 *
 * - check-in answers (`checkin_answers`: the scale step and the reflection), by when they were answered;
 * - after-session reflections (`session_reflections`), by when they were answered;
 * - peer support reports (`pairing_reports`), by when they were made, whether or not anyone read them;
 * - sandbox history (`sandbox_messages`), by when it was shown;
 * - suggested prompts the panel has not decided on (`prompt_suggestions`), by the day they were made (a decided one
 *   keeps no text);
 * - posted digests' encrypted sharers and response (`digest_posts`), by when the digest was posted (the code and
 *   dates stay, so `digest responses` still shows it was answered);
 * - week answers (`report_responses`, with who was shown them), by when they were written;
 * - peer reflection evidence (`peer_evidence`, and proposals still waiting), by when it was made.
 *
 * Records of deliveries that did not arrive (`delivery_misses`, no text) go after 30 days.
 *
 * What a member added to a reflection (`record_additions`: its theme and "how it changed my practice") hangs off
 * that reflection by a foreign key and goes with it.
 *
 * Relayed peer support messages are deleted as soon as every recipient has them; any still undelivered after
 * {@link UNDELIVERED_RELAY_MS} go too (the shortest retention is longer). Inbound de-duplication keys go after a
 * day. Last, values still in the unbound `v1` ciphertext format are rewritten bound to their place (`v2`).
 */
import { Unreadable } from '../../crypto.js';
import { MISSED_WINDOW_DAYS } from '../../delivery/missed.js';
import { deleteAnswersBefore } from '../../store/checkin-answer.repository.js';
import { deleteMissesBefore } from '../../store/delivery-miss.repository.js';
import { ENCRYPTED_COLUMNS } from '../../store/cipher-places.js';
import { deleteOpenSuggestionsBefore } from '../../store/prompt-coproduction.repository.js';
import { expireDigestPostsBefore } from '../../store/digest-post.repository.js';
import { deleteReportResponsesBefore } from '../../store/report-response.repository.js';
import { deletePeerEvidenceBefore } from '../../store/record-evidence.repository.js';
import { deleteFinishedRelays, deleteStaleRelays } from '../../store/pairing-relay.repository.js';
import {
  deleteReportsBefore,
  deleteSandboxMessagesBefore,
  deleteSessionReflectionsBefore,
  legacyValues,
  pruneInboundEvents,
  replaceValue,
} from '../../store/retention.repository.js';
import { deleteExpiredExportLinks } from '../../store/report-export.repository.js';
import { listWorkspaces } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';
import { DAY_MS } from './job-names.js';
import { weekFigures } from './report.js';

/** Relayed text that could not be delivered in this time is deleted (never longer than the 7-day minimum retention). */
export const UNDELIVERED_RELAY_MS = 7 * DAY_MS;
/** Slack retries an event for up to about an hour, and a signed request is valid for five minutes. */
const INBOUND_KEYS_MS = DAY_MS;
const REBIND_BATCH = 500;

export interface RetentionResult {
  checkinAnswers: number;
  sessionReflections: number;
  reports: number;
  sandboxMessages: number;
  /** Suggested prompts the panel did not decide on within the retention period. */
  suggestions: number;
  peerEvidence: number;
  undeliveredRelays: number;
  /** Posted digests whose sharers and response were emptied. */
  digestPosts: number;
  /** Week answers (`report respond`) deleted. */
  reportResponses: number;
  rebound: number;
}

/** Run the sweep for every workspace. */
export async function runRetention(ctx: ServiceContext): Promise<RetentionResult> {
  const workspaces = await listWorkspaces(ctx.db);
  const now = ctx.clock.now();
  const result: RetentionResult = {
    checkinAnswers: 0,
    sessionReflections: 0,
    reports: 0,
    sandboxMessages: 0,
    suggestions: 0,
    peerEvidence: 0,
    undeliveredRelays: 0,
    digestPosts: 0,
    reportResponses: 0,
    rebound: 0,
  };
  for (const workspace of workspaces) {
    const weeks = Math.min(104, Math.max(1, Math.ceil(workspace.retention_days / 7) + 1));
    await weekFigures(ctx, workspace, weeks);
    const before = new Date(now.getTime() - workspace.retention_days * DAY_MS);
    result.checkinAnswers += await deleteAnswersBefore(ctx.db, workspace.id, before);
    result.sessionReflections += await deleteSessionReflectionsBefore(ctx.db, workspace.id, before);
    result.reports += await deleteReportsBefore(ctx.db, workspace.id, before);
    result.sandboxMessages += await deleteSandboxMessagesBefore(ctx.db, workspace.id, before);
    result.suggestions += await deleteOpenSuggestionsBefore(ctx.db, workspace.id, before);
    result.digestPosts += await expireDigestPostsBefore(ctx.db, workspace.id, before);
    result.reportResponses += await deleteReportResponsesBefore(ctx.db, workspace.id, before);
    result.peerEvidence += await deletePeerEvidenceBefore(ctx.db, workspace.id, before);
  }
  await deleteFinishedRelays(ctx.db);
  result.undeliveredRelays = await deleteStaleRelays(ctx.db, new Date(now.getTime() - UNDELIVERED_RELAY_MS));
  await pruneInboundEvents(ctx.db, new Date(now.getTime() - INBOUND_KEYS_MS));
  await deleteMissesBefore(ctx.db, new Date(now.getTime() - MISSED_WINDOW_DAYS * DAY_MS));
  // Evidence export links past their 15 minutes are of no use to anyone.
  await deleteExpiredExportLinks(ctx.db, now);
  result.rebound = await rebindLegacy(ctx);
  ctx.logger.info({ ...result }, 'retention sweep done');
  return result;
}

/**
 * Rewrite every `v1` value (written before ciphertexts were bound to their place) as a `v2` value bound to the row
 * it is in. A value that does not decrypt is left as it is (it reads as unreadable anyway). Returns how many.
 */
export async function rebindLegacy(ctx: ServiceContext): Promise<number> {
  let rebound = 0;
  for (const col of ENCRYPTED_COLUMNS) {
    const skipped = new Set<string>();
    for (;;) {
      const rows = (await legacyValues(ctx.db, col, REBIND_BATCH + skipped.size)).filter(
        (r) => !skipped.has(r.value),
      );
      if (rows.length === 0) break;
      for (const { row, value } of rows) {
        const place = col.place(row);
        let plain: string;
        try {
          plain = ctx.cipher.decrypt(value, place);
        } catch (error) {
          if (!(error instanceof Unreadable)) throw error;
          skipped.add(value);
          continue;
        }
        if (await replaceValue(ctx.db, col, row, value, ctx.cipher.encrypt(plain, place))) rebound++;
        else skipped.add(value);
      }
    }
  }
  return rebound;
}
