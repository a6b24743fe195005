/**
 * Co-production of the prompt library (issue 17), as a feature:
 *
 * - `suggest "<a question>"`: anyone; stored encrypted, with nothing that links it to the person;
 * - `panel add|remove @user | list` (admins): who is on the prompt panel;
 * - `prompts review|accept|edit|decline|restore` (the panel): suggestions join this workspace's own library
 *   through the library's validation; questions paused after feedback come back;
 * - "This didn't land" on every check-in: one per person and prompt; once k different people in the workspace said
 *   so, the prompt is paused there and goes to the panel;
 * - `prompts changes` (anyone): "You said, we did", the panel's decisions, newest first, naming nobody.
 */
import {
  effectiveK,
  findPrompt,
  OWN_PROMPT_PREFIX,
  type PromptLibrary,
  PROMPT_MODELS,
  ownPrompt,
  suggestionProblems,
  THEMES,
  tidySuggestion,
} from '../../core/checkins/index.js';
import { textMessage } from '../../core/messages/message.js';
import type { ActionChosen, ActionResult, Reply } from '../../ports.js';
import { prompts } from '../../prompts-loader.js';
import { writeAudit } from '../../store/audit.repository.js';
import { suggestionPlace } from '../../store/cipher-places.js';
import { findMember, type Member } from '../../store/member.repository.js';
import {
  acceptSuggestion,
  addPanelMember,
  checkinDeliveryOf,
  countMemberFlags,
  declineSuggestion,
  deleteMemberFlags,
  deletePanelMembership,
  flagPrompt,
  getSuggestion,
  insertDecision,
  insertSuggestion,
  isPanelMember,
  latestDecisions,
  listPanel,
  openSuggestions,
  otherCommunityWorkspaces,
  receivedShare,
  pausedPrompts,
  pausePrompt,
  type PromptDecision,
  removePanelMember,
  restorePrompt,
} from '../../store/prompt-coproduction.repository.js';
import type { Caller, Feature, ServiceContext } from '../context.js';
import { mentionedMember } from '../mentioned-member.js';
import { PREVIEW_VALUE } from './sender.js';
import { libraryForWorkspace } from './workspace-library.js';

/** The acknowledgement of "This didn't land" (docs/PROMPTS.md: short, warm, no exclamation marks). */
export const FLAG_THANKS =
  'Thank you — that helps us ask better questions. Nobody sees who said so; a question is paused once enough people have.';
export const FLAG_ALREADY =
  'You have already told us this one did not land. Thank you, that is counted once.';
export const FLAG_NOT_YOURS =
  "I couldn't find that check-in among yours, so nothing was counted. Your own check-ins arrive as direct messages.";
export const FLAG_PREVIEW = 'That was a preview, so nothing was counted.';
export const SUGGEST_THANKS =
  'Thank you for the suggestion. It goes to the prompt panel without your name: nothing about who suggested it ' +
  'is kept. `/roundtable prompts changes` shows what the panel decides.';
export const PANEL_ONLY =
  'Only the prompt panel reviews suggestions, so nothing was changed. You can send it a question with ' +
  '`/roundtable suggest "..."`, and `/roundtable prompts changes` shows what it decided.';

/** How many decisions `prompts changes` lists. */
const CHANGES_SHOWN = 20;
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const DAY_MS = 24 * 3600_000;

const nameOf = (m: Pick<Member, 'display_name'>) => m.display_name ?? 'someone without a name';

/** A validation problem, said kindly: the rules speak of "text"; people speak of "it". */
function kindly(problem: string): string {
  return problem.replace(/^text /, 'it ');
}

function line(decision: PromptDecision): string {
  const day = decision.decided_at.toISOString().slice(0, 10);
  switch (decision.decision) {
    case 'added':
      return `${day} Added: ${decision.detail}`;
    case 'edited':
      return `${day} Added, reworded by the panel: ${decision.detail}`;
    case 'paused':
      return `${day} Paused after feedback: ${decision.detail}`;
    case 'restored':
      return `${day} Back in use after the panel looked again: ${decision.detail}`;
    case 'shared':
      return `${day} Offered to the other workspaces of the community: ${decision.detail}`;
    default:
      return `${day} Declined a suggestion${decision.detail ? `: ${decision.detail}` : ' (no reason given)'}`;
  }
}

export function coproductionFeature(ctx: ServiceContext, base: PromptLibrary = prompts().checkins): Feature {
  const now = () => ctx.clock.now();

  async function onPanel(caller: Caller): Promise<boolean> {
    return isPanelMember(ctx.db, caller.workspace.id, caller.member.id);
  }

  /** A fresh suggestion code: 5 characters, no look-alikes. */
  function code(): string {
    let out = '';
    for (let i = 0; i < 5; i++) {
      out +=
        CODE_ALPHABET[
          Math.min(CODE_ALPHABET.length - 1, Math.floor(ctx.random.next() * CODE_ALPHABET.length))
        ];
    }
    return out;
  }

  async function promptText(workspaceId: string, promptId: string): Promise<string | undefined> {
    const library = await libraryForWorkspace(ctx, base, workspaceId);
    return findPrompt(library, promptId)?.text;
  }

  async function review(caller: Caller): Promise<Reply> {
    const open = await openSuggestions(ctx.db, caller.workspace.id);
    const paused = await pausedPrompts(ctx.db, caller.workspace.id);
    if (!(await onPanel(caller))) {
      if (!caller.admin) return { message: textMessage(PANEL_ONLY) };
      // Admins appointed the panel; they see whether it has work, never the words or how many.
      const waiting = open.length > 0 || paused.length > 0;
      return {
        message: textMessage(
          (waiting
            ? 'There is something waiting for the prompt panel.'
            : 'Nothing is waiting for the prompt panel.') +
            ' Only panel members see suggestions. `/roundtable panel list` shows who is on it.',
        ),
      };
    }
    if (open.length === 0 && paused.length === 0) {
      return {
        message: textMessage(
          'Nothing is waiting for the panel: no open suggestions and no paused questions.',
        ),
      };
    }
    const k = effectiveK(caller.workspace.k);
    const lines: string[] = [];
    if (open.length > 0) {
      lines.push('Open suggestions (nobody knows who made them):');
      for (const s of open) {
        let text: string;
        try {
          text = s.text ? ctx.cipher.decrypt(s.text, suggestionPlace(caller.workspace.id, s.id)) : '';
        } catch {
          text = '(this suggestion could not be read)';
        }
        lines.push(
          `- \`${s.id}\` ${text}${s.shared_from ? ' (shared by another workspace of your community)' : ''}`,
        );
      }
    }
    if (paused.length > 0) {
      lines.push(`Paused here after at least ${k} people said they didn't land:`);
      for (const id of paused) lines.push(`- \`${id}\` ${(await promptText(caller.workspace.id, id)) ?? ''}`);
    }
    lines.push(
      'Accept: `/roundtable prompts accept <id> themes <theme>[, ...] [bands <band>, ...] [model <model> stage <stage>] [weight light|heavy]`',
      'Reword and accept: `/roundtable prompts edit <id> "<new wording>" themes ...`',
      'Decline: `/roundtable prompts decline <id> ["<reason>"]` · Bring back: `/roundtable prompts restore <prompt id>`',
      `Themes: ${THEMES.filter((t) => t !== 'grief').join(', ')}. Models: ${PROMPT_MODELS.join(', ')}.`,
    );
    return { message: textMessage(lines.join('\n')) };
  }

  async function accept(
    caller: Caller,
    id: string,
    tags: Parameters<typeof ownPrompt>[2],
    newText?: string,
  ): Promise<Reply> {
    if (!(await onPanel(caller))) return { message: textMessage(PANEL_ONLY) };
    const suggestion = await getSuggestion(ctx.db, caller.workspace.id, id);
    if (suggestion?.status !== 'open' || !suggestion.text) {
      return {
        message: textMessage(
          `I couldn't find an open suggestion \`${id}\`, so nothing changed. \`/roundtable prompts review\` lists them.`,
        ),
      };
    }
    const text =
      newText !== undefined
        ? tidySuggestion(newText)
        : ctx.cipher.decrypt(suggestion.text, suggestionPlace(caller.workspace.id, id));
    if ((tags.themes ?? []).includes('grief')) {
      return {
        message: textMessage(
          'Grief questions are opt-in only and stay in the reviewed library, so nothing changed. Choose another theme.',
        ),
      };
    }
    const promptId = `${OWN_PROMPT_PREFIX}${id}`;
    const checked = ownPrompt(promptId, text, tags);
    if (!checked.ok) {
      return {
        message: textMessage(
          `That question can't join the library as it is, so nothing changed: ${checked.errors.map(kindly).join('; ')}. ` +
            'You can reword it with `/roundtable prompts edit <id> "<new wording>" themes ...`.',
        ),
      };
    }
    const { id: _id, text: _text, ...tagValues } = checked.value;
    const done = await acceptSuggestion(ctx.db, {
      workspaceId: caller.workspace.id,
      suggestionId: id,
      promptId,
      text,
      tags: tagValues as Parameters<typeof acceptSuggestion>[1]['tags'],
      edited: newText !== undefined,
      at: now(),
    });
    if (!done) {
      return { message: textMessage(`Suggestion \`${id}\` was decided already, so nothing changed.`) };
    }
    return {
      message: textMessage(
        `Added to this workspace's own questions as \`${promptId}\`. It joins the check-ins here from the next round, and \`/roundtable prompts changes\` lists it for everyone.`,
      ),
    };
  }

  async function flag(event: ActionChosen, caller: Caller): Promise<ActionResult> {
    if (event.value === PREVIEW_VALUE) return { reply: textMessage(FLAG_PREVIEW) };
    const deliveryId = /^\d{1,9}$/.test(event.value) ? Number(event.value) : Number.NaN;
    const delivery = Number.isFinite(deliveryId) ? await checkinDeliveryOf(ctx.db, deliveryId) : undefined;
    // Someone else's delivery (a forged id) gets the same words as one that does not exist.
    if (!delivery || delivery.memberId !== caller.member.id || delivery.workspaceId !== caller.workspace.id) {
      return { reply: textMessage(FLAG_NOT_YOURS) };
    }
    const people = await flagPrompt(ctx.db, {
      workspaceId: caller.workspace.id,
      promptId: delivery.promptId,
      memberId: caller.member.id,
      at: now(),
    });
    if (people === undefined) return { reply: textMessage(FLAG_ALREADY) };
    if (people >= effectiveK(caller.workspace.k)) {
      if (await pausePrompt(ctx.db, caller.workspace.id, delivery.promptId, now())) {
        await insertDecision(ctx.db, {
          workspaceId: caller.workspace.id,
          subjectId: delivery.promptId,
          decision: 'paused',
          detail: (await promptText(caller.workspace.id, delivery.promptId)) ?? delivery.promptId,
          at: now(),
        });
      }
    }
    return { reply: textMessage(FLAG_THANKS) };
  }

  /** Store an encrypted suggestion under a fresh code; false only if no free code was found. */
  async function storeSuggestion(workspaceId: string, text: string, sharedFrom?: string): Promise<boolean> {
    const at = now();
    const day = new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = code();
      const stored = await insertSuggestion(ctx.db, {
        id,
        workspaceId,
        text: ctx.cipher.encrypt(text, suggestionPlace(workspaceId, id)),
        day,
        sharedFrom,
      });
      if (stored) return true;
    }
    return false;
  }

  async function share(caller: Caller, promptId: string): Promise<Reply> {
    if (!(await onPanel(caller))) return { message: textMessage(PANEL_ONLY) };
    if (!caller.workspace.community_id) {
      return {
        message: textMessage(
          'This workspace is not in a community, so there is nobody to share with. Nothing was changed. An admin can join one with `/roundtable community join <code>`.',
        ),
      };
    }
    const own = promptId.startsWith(OWN_PROMPT_PREFIX)
      ? findPrompt(await libraryForWorkspace(ctx, base, caller.workspace.id), promptId)
      : undefined;
    if (!own) {
      return {
        message: textMessage(
          `\`${promptId}\` is not one of this workspace's own questions, so nothing was shared. Questions from the shared library are in every workspace already; \`/roundtable prompts changes\` shows the ones your panel added.`,
        ),
      };
    }
    const sharedFrom = `${caller.workspace.id}/${promptId}`;
    let offered = 0;
    for (const workspaceId of await otherCommunityWorkspaces(
      ctx.db,
      caller.workspace.community_id,
      caller.workspace.id,
    )) {
      if (await receivedShare(ctx.db, workspaceId, sharedFrom)) continue;
      if (await storeSuggestion(workspaceId, own.text, sharedFrom)) offered++;
    }
    if (offered === 0) {
      return {
        message: textMessage(
          'Every other workspace of the community has been offered this question already, so nothing changed.',
        ),
      };
    }
    await insertDecision(ctx.db, {
      workspaceId: caller.workspace.id,
      subjectId: promptId,
      decision: 'shared',
      detail: own.text,
      at: now(),
    });
    return {
      message: textMessage(
        `Offered to the other workspaces of your community. It reaches each one's prompt panel as a suggestion, to accept, reword or decline.`,
      ),
    };
  }

  return {
    name: 'coproduction',
    commands: {
      suggest: {
        admin: false,
        run: async (c, caller) => {
          const text = tidySuggestion(c.text);
          const problems = suggestionProblems(text);
          if (problems.length > 0) {
            return {
              message: textMessage(
                `Thank you for the thought. I couldn't pass it on as it is, so nothing was saved: ${kindly(problems[0]!)}. Could you try it another way?`,
              ),
            };
          }
          if (!(await storeSuggestion(caller.workspace.id, text))) throw new Error('no free suggestion code');
          const panel = await listPanel(ctx.db, caller.workspace.id);
          const wait =
            panel.length === 0 ? ' This workspace has no prompt panel yet, so it will wait for one.' : '';
          return { message: textMessage(`${SUGGEST_THANKS}${wait}`) };
        },
      },
      'panel.add': {
        admin: true,
        run: async (c, caller) => {
          const member = await mentionedMember(ctx, caller, c.user);
          if (!(await addPanelMember(ctx.db, caller.workspace.id, member.id, now()))) {
            return { message: textMessage(`${nameOf(member)} is already on the prompt panel.`) };
          }
          await writeAudit(ctx.db, {
            workspaceId: caller.workspace.id,
            actorMemberId: caller.member.id,
            targetMemberId: member.id,
            action: 'panel.add',
            before: { panel: false },
            after: { panel: true },
            at: now(),
          });
          return {
            message: textMessage(
              `${nameOf(member)} is now on the prompt panel. They review suggested questions with \`/roundtable prompts review\`, and never learn who suggested one.`,
            ),
          };
        },
      },
      'panel.remove': {
        admin: true,
        run: async (c, caller) => {
          const member = await findMember(ctx.db, caller.workspace.id, c.user.userId);
          if (!member || !(await removePanelMember(ctx.db, caller.workspace.id, member.id))) {
            return { message: textMessage('That person is not on the prompt panel, so nothing changed.') };
          }
          await writeAudit(ctx.db, {
            workspaceId: caller.workspace.id,
            actorMemberId: caller.member.id,
            targetMemberId: member.id,
            action: 'panel.remove',
            before: { panel: true },
            after: { panel: false },
            at: now(),
          });
          return { message: textMessage(`${nameOf(member)} is no longer on the prompt panel.`) };
        },
      },
      'panel.list': {
        admin: true,
        run: async (_c, caller) => {
          const panel = await listPanel(ctx.db, caller.workspace.id);
          if (panel.length === 0) {
            return {
              message: textMessage(
                'Nobody is on the prompt panel yet. `/roundtable panel add @user` names someone, often a person with lived experience.',
              ),
            };
          }
          return {
            message: textMessage(
              [
                'The prompt panel (they review suggested questions):',
                ...panel.map((m) => `- ${m.displayName ?? 'someone without a name'}`),
              ].join('\n'),
            ),
          };
        },
      },
      'prompts.review': { admin: false, run: async (_c, caller) => review(caller) },
      'prompts.accept': { admin: false, run: async (c, caller) => accept(caller, c.id, c.tags) },
      'prompts.edit': { admin: false, run: async (c, caller) => accept(caller, c.id, c.tags, c.text) },
      'prompts.decline': {
        admin: false,
        run: async (c, caller) => {
          if (!(await onPanel(caller))) return { message: textMessage(PANEL_ONLY) };
          const done = await declineSuggestion(ctx.db, {
            workspaceId: caller.workspace.id,
            suggestionId: c.id,
            reason: c.reason ?? null,
            at: now(),
          });
          if (!done) {
            return {
              message: textMessage(
                `I couldn't find an open suggestion \`${c.id}\`, so nothing changed. \`/roundtable prompts review\` lists them.`,
              ),
            };
          }
          return {
            message: textMessage(
              `Declined. Its words are deleted; \`/roundtable prompts changes\` lists the decision${c.reason ? ' with your reason' : ''}, never the suggestion.`,
            ),
          };
        },
      },
      'prompts.restore': {
        admin: false,
        run: async (c, caller) => {
          if (!(await onPanel(caller))) return { message: textMessage(PANEL_ONLY) };
          if (!(await restorePrompt(ctx.db, caller.workspace.id, c.promptId))) {
            return {
              message: textMessage(
                `\`${c.promptId}\` is not paused here, so nothing changed. \`/roundtable prompts review\` lists the paused questions.`,
              ),
            };
          }
          await insertDecision(ctx.db, {
            workspaceId: caller.workspace.id,
            subjectId: c.promptId,
            decision: 'restored',
            detail: (await promptText(caller.workspace.id, c.promptId)) ?? c.promptId,
            at: now(),
          });
          return {
            message: textMessage(
              `\`${c.promptId}\` is back in the check-ins here. Its feedback starts again from nobody.`,
            ),
          };
        },
      },
      'prompts.share': { admin: false, run: async (c, caller) => share(caller, c.promptId) },
      'prompts.changes': {
        admin: false,
        run: async (_c, caller) => {
          const decisions = await latestDecisions(ctx.db, caller.workspace.id, CHANGES_SHOWN);
          if (decisions.length === 0) {
            return {
              message: textMessage(
                'The prompt panel has not changed any questions yet. `/roundtable suggest "..."` sends it one.',
              ),
            };
          }
          return {
            message: textMessage(
              [
                'You said, we did: the prompt panel’s decisions, newest first (nobody is named).',
                ...decisions.map(line),
              ].join('\n'),
            ),
          };
        },
      },
    },
    actions: {
      'prompts.flag': (event, caller) => flag(event, caller),
    },
    aboutMe: async (member) => {
      const lines: string[] = [];
      const flags = await countMemberFlags(ctx.db, member.id);
      if (flags > 0) {
        lines.push(
          `"This didn't land": ${flags} question${flags === 1 ? '' : 's'} (counted with others, never shown by name)`,
        );
      }
      if (await isPanelMember(ctx.db, member.workspace_id, member.id)) lines.push('Prompt panel: yes');
      return lines;
    },
    forget: async (member) => {
      // Suggestions have no link to anyone, so there is nothing of theirs to find there.
      await deleteMemberFlags(ctx.db, member.id);
      await deletePanelMembership(ctx.db, member.id);
    },
  };
}
