/**
 * What every check-in of one round reads the same, loaded once per round in each worker process instead of once
 * per person: the workspace row, the prompt library as that workspace's rotation sees it (its own prompts in,
 * paused ones out), whether it has any week answer to show (`report respond`), and the cadence's own words for the
 * welcome. A round uses these as they were when its first send ran: a change an admin makes mid-round (a new
 * signpost, a paused prompt) reaches the next round. Never cached here: anything about a person (their row, a
 * lasting stop, their history), which is read fresh for every send.
 *
 * Bounded (at most {@link MAX_ROUNDS} rounds, each for {@link ROUND_FACTS_TTL_MS}), with `lru-cache`. A load that
 * fails is not kept, so the next send tries again.
 */
import { LRUCache } from 'lru-cache';
import type { PromptLibrary } from '../../core/checkins/index.js';
import { getCadence } from '../../store/cadence.repository.js';
import { getOccurrence } from '../../store/occurrence.repository.js';
import { hasReportResponses } from '../../store/report-response.repository.js';
import { getWorkspace, type Workspace } from '../../store/workspace.repository.js';
import type { ServiceContext } from '../context.js';
import { libraryForWorkspace } from './workspace-library.js';

export const MAX_ROUNDS = 500;
export const ROUND_FACTS_TTL_MS = 15 * 60_000;

export interface RoundFacts {
  workspace: Workspace;
  library: PromptLibrary;
  /** False when the workspace has no week answer at all: nobody's check-in need look for one. */
  hasWeekAnswers: boolean;
  /** "every weekday at 09:30" for the welcome; undefined for a `checkin now` round. */
  howOften: string | undefined;
}

export class RoundFactsCache {
  private readonly rounds = new LRUCache<string, Promise<RoundFacts | undefined>>({
    max: MAX_ROUNDS,
    ttl: ROUND_FACTS_TTL_MS,
  });

  constructor(
    private readonly ctx: ServiceContext,
    private readonly base: PromptLibrary,
  ) {}

  /** The facts of `occurrenceId` for members of `workspaceId`; undefined when the workspace is gone. */
  facts(occurrenceId: number, workspaceId: string): Promise<RoundFacts | undefined> {
    const key = `${occurrenceId}:${workspaceId}`;
    let facts = this.rounds.get(key);
    if (!facts) {
      facts = this.load(occurrenceId, workspaceId);
      this.rounds.set(key, facts);
      facts.then(
        (f) => {
          if (!f) this.rounds.delete(key);
        },
        () => this.rounds.delete(key),
      );
    }
    return facts;
  }

  private async load(occurrenceId: number, workspaceId: string): Promise<RoundFacts | undefined> {
    const workspace = await getWorkspace(this.ctx.db, workspaceId);
    if (!workspace) return undefined;
    const library = await libraryForWorkspace(this.ctx, this.base, workspace.id);
    const hasWeekAnswers = await hasReportResponses(this.ctx.db, workspace.id);
    const occurrence = await getOccurrence(this.ctx.db, occurrenceId);
    const cadence =
      occurrence?.cadence_id == null ? undefined : await getCadence(this.ctx.db, occurrence.cadence_id);
    return { workspace, library, hasWeekAnswers, howOften: cadence?.schedule_text };
  }
}
