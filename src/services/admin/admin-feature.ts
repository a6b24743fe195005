import type { Form } from '../../core/messages/message.js';
import { textMessage } from '../../core/messages/message.js';
import { isValidZone } from '../../core/schedule/index.js';
import { inTransaction } from '../../store/transaction.js';
import { writeAudit } from '../../store/audit.repository.js';
import { findMember, listAdmins, type Member, updateMember } from '../../store/member.repository.js';
import { updateWorkspace, type Workspace } from '../../store/workspace.repository.js';
import type { Caller, Feature, ServiceContext } from '../context.js';
import { mentionedMember } from '../mentioned-member.js';
import { ADMIN_ONLY } from '../inbound.js';
import { signpostGivesCrisisLines } from '../../core/messages/support.js';
import { SCHEDULE_TASKS } from '../cadences/schedule-jobs.js';

/** `settings crisis-lines off` is refused unless the signpost already gives every line. */
export const CRISIS_LINES_NEEDED =
  'I kept the crisis lines on, so nothing was changed. They can be turned off only when your signpost already gives ' +
  'Samaritans (116 123), SHOUT (85258), NHS 111 and 999, so that nobody is left without them. ' +
  'Add them to `/roundtable signpost "..."` first, then try again.';

type WorkspaceSettings = Pick<Workspace, 'k' | 'retention_days' | 'timezone' | 'signpost' | 'crisis_lines'>;

export function workspaceSettingsForm(caller: Caller): Form {
  const w = caller.workspace;
  return {
    formId: 'settings.workspace',
    title: 'Roundtable settings',
    submitLabel: 'Save',
    blocks: [
      {
        type: 'input',
        id: 'signpost',
        label: 'Support signpost (text or link)',
        optional: true,
        initial: w.signpost ?? undefined,
        maxLength: 500,
      },
      { type: 'input', id: 'k', label: 'Smallest group shown in reports (3-20)', initial: String(w.k) },
      { type: 'input', id: 'retention', label: 'Keep answers for (days)', initial: String(w.retention_days) },
      { type: 'input', id: 'timezone', label: 'Workspace time zone', initial: w.timezone },
      { type: 'context', text: 'Members change their own settings with `/roundtable me ...`.' },
    ],
  };
}

export function adminFeature(ctx: ServiceContext): Feature {
  const now = () => ctx.clock.now();

  async function changeSettings(
    caller: Caller,
    patch: Partial<WorkspaceSettings>,
    action: string,
  ): Promise<void> {
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(patch) as Array<keyof WorkspaceSettings>)
      before[key] = caller.workspace[key];
    await inTransaction(ctx.db, async (tx) => {
      await updateWorkspace(tx, caller.workspace.id, patch, now());
      await writeAudit(tx, {
        workspaceId: caller.workspace.id,
        actorMemberId: caller.member.id,
        action,
        before,
        after: patch,
        at: now(),
      });
    });
  }

  const name = (m: Member) => m.display_name ?? 'someone without a name';

  return {
    name: 'admin',
    commands: {
      'admin.add': {
        admin: true,
        run: async (c, caller) => {
          const target = await mentionedMember(ctx, caller, c.user);
          if (target.admin) return { message: textMessage(`${name(target)} is already an admin.`) };
          await inTransaction(ctx.db, async (tx) => {
            await updateMember(tx, target.id, { admin: true }, now());
            await writeAudit(tx, {
              workspaceId: caller.workspace.id,
              actorMemberId: caller.member.id,
              targetMemberId: target.id,
              action: 'admin.add',
              before: { admin: false },
              after: { admin: true },
              at: now(),
            });
          });
          return { message: textMessage(`${name(target)} is now a Roundtable admin.`) };
        },
      },
      'admin.remove': {
        admin: true,
        run: async (c, caller) => {
          const target = await findMember(ctx.db, caller.workspace.id, c.user.userId);
          if (!target || !(target.admin || target.installer)) {
            if (target?.platform_admin) {
              return {
                message: textMessage(
                  `${name(target)} is an admin because they administer the workspace itself, so I can't remove them.`,
                ),
              };
            }
            return { message: textMessage('That person is not a Roundtable admin, so nothing changed.') };
          }
          const admins = await listAdmins(ctx.db, caller.workspace.id);
          if (admins.length <= 1) {
            return { message: textMessage('That would leave no admins. Add another admin first.') };
          }
          await inTransaction(ctx.db, async (tx) => {
            await updateMember(tx, target.id, { admin: false, installer: false }, now());
            await writeAudit(tx, {
              workspaceId: caller.workspace.id,
              actorMemberId: caller.member.id,
              targetMemberId: target.id,
              action: 'admin.remove',
              before: { admin: true },
              after: { admin: false },
              at: now(),
            });
          });
          return { message: textMessage(`${name(target)} is no longer a Roundtable admin.`) };
        },
      },
      'admin.list': {
        admin: false,
        run: async (_c, caller) => {
          const admins = await listAdmins(ctx.db, caller.workspace.id);
          if (admins.length === 0) return { message: textMessage('There are no Roundtable admins yet.') };
          const lines = admins.map(
            (m) =>
              `- ${name(m)}${m.platform_admin && !m.admin ? ' (workspace admin)' : m.installer ? ' (installed Roundtable)' : ''}`,
          );
          return { message: textMessage(['Roundtable admins:', ...lines].join('\n')) };
        },
      },
      'role.set': {
        admin: true,
        run: async (c, caller) => {
          const target = await mentionedMember(ctx, caller, c.user);
          await inTransaction(ctx.db, async (tx) => {
            await updateMember(tx, target.id, { band: c.band }, now());
            await writeAudit(tx, {
              workspaceId: caller.workspace.id,
              actorMemberId: caller.member.id,
              targetMemberId: target.id,
              action: 'role.set',
              before: { band: target.band },
              after: { band: c.band },
              at: now(),
            });
          });
          return { message: textMessage(`${name(target)}'s role is now ${c.band}.`) };
        },
      },
      signpost: {
        admin: true,
        run: async (c, caller) => {
          await changeSettings(caller, { signpost: c.text.slice(0, 500) }, 'settings.signpost');
          return {
            message: textMessage(
              'The support signpost is saved. It will appear in every check-in and support message.',
            ),
          };
        },
      },
      'settings.k': {
        admin: true,
        run: async (c, caller) => {
          await changeSettings(caller, { k: c.k }, 'settings.k');
          return {
            message: textMessage(
              `Reports now show a figure only when at least ${c.k} different people are in it, rounded to the nearest 5.`,
            ),
          };
        },
      },
      'settings.retention': {
        admin: true,
        run: async (c, caller) => {
          await changeSettings(caller, { retention_days: c.days }, 'settings.retention');
          return { message: textMessage(`Answers are now kept for ${c.days} days, then deleted.`) };
        },
      },
      'settings.crisis-lines': {
        admin: true,
        run: async (c, caller) => {
          if (!c.on && !signpostGivesCrisisLines(caller.workspace.signpost)) {
            return { message: textMessage(CRISIS_LINES_NEEDED) };
          }
          await changeSettings(caller, { crisis_lines: c.on }, 'settings.crisis-lines');
          return {
            message: textMessage(
              c.on
                ? 'The UK crisis lines (Samaritans, SHOUT, NHS 111, 999) will appear in every check-in and support message.'
                : 'The built-in crisis lines are off: your signpost gives them. If the signpost ever stops naming them, they come back by themselves.',
            ),
          };
        },
      },
      'settings.timezone': {
        admin: true,
        run: async (c, caller) => {
          await changeSettings(caller, { timezone: c.zone }, 'settings.timezone');
          await ctx.jobs.enqueueTask(SCHEDULE_TASKS.reconcile, {}).catch(() => {});
          return { message: textMessage(`The workspace time zone is now ${c.zone}.`) };
        },
      },
    },
    forms: {
      'settings.workspace': async (event, caller) => {
        if (!caller.admin) return { reply: textMessage(ADMIN_ONLY) };
        const v = event.values;
        const errors: Record<string, string> = {};
        const patch: Partial<WorkspaceSettings> = {};
        const k = Number(v.k);
        if (v.k !== undefined) {
          if (Number.isInteger(k) && k >= 3 && k <= 20) patch.k = k;
          else errors.k = 'Choose a whole number from 3 to 20. It is never below 3, to protect anonymity.';
        }
        const days = Number(v.retention);
        if (v.retention !== undefined) {
          if (Number.isInteger(days) && days >= 7 && days <= 3650) patch.retention_days = days;
          else errors.retention = 'Choose a whole number of days from 7 to 3650.';
        }
        if (v.timezone !== undefined) {
          if (isValidZone(v.timezone.trim())) patch.timezone = v.timezone.trim();
          else errors.timezone = 'That is not a time zone I know. Try Europe/London.';
        }
        if (v.signpost !== undefined)
          patch.signpost = v.signpost.trim() === '' ? null : v.signpost.trim().slice(0, 500);
        if (Object.keys(errors).length > 0) return { errors };
        await changeSettings(caller, patch, 'settings.form');
        return { reply: textMessage('Settings saved.') };
      },
    },
  };
}
