/**
 * Member controls: `me` and its settings, pause/resume, privacy, help, `forget me`, and the `/roundtable` alone
 * view. Anyone may use these, for themselves only.
 */
import { helpText } from '../../core/commands/index.js';
import type { Form, Message } from '../../core/messages/message.js';
import { textMessage } from '../../core/messages/message.js';
import { supportText } from '../../core/messages/support.js';
import { forgetTeamsRefsOf } from '../../store/platform-refs.repository.js';
import { BANDS } from '../../core/commands/command.js';
import { CHECKIN_IDS, WELCOME_BAND_NONE } from '../../core/checkins/checkin-messages.js';
import { effectiveK } from '../../core/checkins/k-rule.js';
import { isValidZone } from '../../core/schedule/index.js';
import {
  deleteMember,
  isPaused,
  setCheckinConsent,
  setLivedExperience,
  updateMember,
} from '../../store/member.repository.js';
import type { Caller, Feature, ServiceContext } from '../context.js';
import { privacyText } from './privacy-text.js';
import { readersLines, reportReaders } from './report-readers.js';
import { isStopped, markForgotten, setStopped } from './suppression.js';
import { workspaceSettingsForm } from '../admin/admin-feature.js';
import { SCHEDULE_TASKS } from '../cadences/schedule-jobs.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Who can see a person's word on lived experience: said every time it is changed. */
function livedExperienceWhoSees(k: number): string {
  return `Nobody sees this by name, admins included: they only ever see counts of at least ${effectiveK(k)} people, rounded to the nearest 5.`;
}
export function livedExperienceReply(on: boolean, k: number): string {
  return on
    ? `Thank you for saying. You will also get questions written for people with lived experience, alongside your role's. ${livedExperienceWhoSees(k)} \`/roundtable me lived-experience no\` takes it back at any time.`
    : `Understood. Roundtable no longer holds that you have lived experience. ${livedExperienceWhoSees(k)}`;
}
export const SCALE_OFF =
  'Done. Your check-ins will not ask about your energy. `/roundtable me scale on` brings the scale back.';
export const GRIEF_ON =
  'Done. Now and then a check-in may ask about grief for someone you supported who has died, always with bereavement support alongside (Cruse, 0808 808 1677). You can skip any question, and `/roundtable me grief off` stops them.';
export const GRIEF_OFF =
  'Done. Your check-ins will not ask about grief. `/roundtable me grief on` brings those questions back.';
export const SCALE_ON =
  'Done. Your check-ins will ask about your energy again. Answering it is always optional.';

/** The `me` line about lived experience: shown to the person only. */
function livedExperienceLine(on: boolean, k: number): string {
  return `Lived experience: ${on ? 'yes' : 'not said'} (only you see this; admins see only counts of at least ${effectiveK(k)} people)`;
}

export const FORGOTTEN =
  'Done. Everything Roundtable stored about you has been deleted, and it will not add you again from a channel or team list. Only a `/roundtable` command from you brings you back. If you said `stop`, that stays.';
export const STOPPED =
  'Understood. I will not send you check-ins or session invitations again. Say `/roundtable start` if you ever want them back. Help and support are still here whenever you write to me.';
export const STARTED =
  'Thank you. Check-ins and session invitations can reach you again. `/roundtable stop` ends them at any time.';
export const CONSENT_YES =
  'Thank you. Check-ins will come at the times your admins set. Skipping is always fine, and `/roundtable stop` ends them at any time.';
/** `me pause` without a length pauses for this long; it always resumes by itself. */
const DEFAULT_PAUSE_WEEKS = 2;

export function memberFeature(ctx: ServiceContext, features: () => Feature[]): Feature {
  const now = () => ctx.clock.now();

  async function aboutMe(caller: Caller): Promise<Message> {
    const m = caller.member;
    const lines = [
      'This is everything Roundtable stores about you:',
      `- Your ${caller.workspace.platform === 'sandbox' ? 'sandbox' : caller.workspace.platform === 'slack' ? 'Slack' : 'Teams'} id ${m.external_id}, name ${m.display_name ?? '(none given)'}${m.email ? `, email ${m.email}` : ''}`,
      `- Role: ${m.band ?? 'not set'}; organisation: ${m.org ?? 'not set'}`,
      `- ${livedExperienceLine(m.lived_experience, caller.workspace.k)}`,
      `- Energy scale on check-ins: ${m.energy_scale ? 'on' : 'off'}`,
      `- Questions about grief: ${m.grief_prompts ? 'on (you chose them)' : 'off'}`,
      ...(m.band_answered_at
        ? [
            `- You answered the welcome's role question on ${new Date(m.band_answered_at).toISOString().slice(0, 10)}, so it is not asked again`,
          ]
        : []),
      `- Time zone: ${m.timezone ?? `not set (the workspace's, ${caller.workspace.timezone}, is used)`}`,
      `- Quiet hours: ${m.quiet_start && m.quiet_end ? `${m.quiet_start}-${m.quiet_end}` : 'none'}`,
      `- Paused: ${isPaused(m, now()) ? `until ${new Date(m.paused_until!).toISOString().slice(0, 10)}` : 'no'}`,
      `- Admin: ${caller.admin ? 'yes' : 'no'}`,
      (await isStopped(ctx.db, ctx.people, caller.workspace, m.external_id))
        ? '- Stopped: yes. No check-ins or session invitations until you say `/roundtable start`. This is kept as a one-way code made from your id, which stays even after `forget me`.'
        : `- Stopped: no${m.checkins_consent === 'yes' ? ' (you said yes to check-ins)' : ''}. \`/roundtable stop\` ends check-ins and session invitations for good.`,
    ];
    for (const f of features()) {
      if (f.aboutMe) lines.push(...(await f.aboutMe(m)).map((l) => `- ${l}`));
    }
    lines.push(
      '',
      '`/roundtable me record` gives you your own reflections as a file. `/roundtable forget me` deletes all of this.',
    );
    return textMessage(lines.join('\n'));
  }

  function mySettingsForm(caller: Caller): Form {
    const m = caller.member;
    return {
      formId: 'settings.me',
      title: 'My Roundtable settings',
      submitLabel: 'Save',
      blocks: [
        {
          type: 'choice',
          id: 'band',
          label: 'Your role',
          optional: true,
          initial: m.band ?? undefined,
          options: BANDS.map((b) => ({ label: b, value: b })),
        },
        {
          type: 'choice',
          id: 'livedExperience',
          label: `Do you have lived experience? Only you see this; admins see only counts of at least ${effectiveK(caller.workspace.k)} people.`,
          optional: true,
          initial: m.lived_experience ? 'yes' : 'no',
          options: [
            { label: 'Yes', value: 'yes' },
            { label: 'No, or prefer not to say', value: 'no' },
          ],
        },
        {
          type: 'choice',
          id: 'scale',
          label: 'Energy scale on my check-ins',
          optional: true,
          initial: m.energy_scale ? 'on' : 'off',
          options: [
            { label: 'On', value: 'on' },
            { label: 'Off', value: 'off' },
          ],
        },
        {
          type: 'input',
          id: 'org',
          label: 'Your organisation',
          optional: true,
          initial: m.org ?? undefined,
          maxLength: 100,
        },
        {
          type: 'input',
          id: 'timezone',
          label: 'Time zone (e.g. Europe/London)',
          optional: true,
          initial: m.timezone ?? undefined,
        },
        {
          type: 'input',
          id: 'quiet',
          label: 'Quiet hours (e.g. 18:00-08:00)',
          optional: true,
          initial: m.quiet_start && m.quiet_end ? `${m.quiet_start}-${m.quiet_end}` : undefined,
        },
      ],
    };
  }

  return {
    name: 'members',
    commands: {
      open: {
        admin: false,
        run: async (_c, caller) => {
          return { form: caller.admin ? workspaceSettingsForm(caller) : mySettingsForm(caller) };
        },
      },
      help: {
        admin: false,
        run: async (c, caller) => ({
          message: textMessage(`${helpText(c.topic, caller.admin)}\n\n${supportText(caller.workspace)}`),
        }),
      },
      privacy: {
        admin: false,
        run: async (_c, caller) => ({
          message: textMessage(
            privacyText(caller.workspace, readersLines(await reportReaders(ctx, caller.workspace))),
          ),
        }),
      },
      admins: {
        admin: false,
        run: async (_c, caller) => ({
          message: textMessage(
            [
              'Who can see what in this workspace:',
              ...readersLines(await reportReaders(ctx, caller.workspace)),
            ].join('\n'),
          ),
        }),
      },
      stop: {
        admin: false,
        run: async (_c, caller) => {
          await setStopped(ctx.db, ctx.people, caller.workspace, caller.member, true, now());
          return { message: textMessage(STOPPED) };
        },
      },
      start: {
        admin: false,
        run: async (_c, caller) => {
          await setStopped(ctx.db, ctx.people, caller.workspace, caller.member, false, now());
          await setCheckinConsent(ctx.db, caller.member.id, now());
          return { message: textMessage(STARTED) };
        },
      },
      me: { admin: false, run: async (_c, caller) => ({ message: await aboutMe(caller) }) },
      'me.role': {
        admin: false,
        run: async (c, caller) => {
          await updateMember(ctx.db, caller.member.id, { band: c.band }, now());
          return { message: textMessage(`Thanks. Your role is now ${c.band}.`) };
        },
      },
      'me.lived-experience': {
        admin: false,
        run: async (c, caller) => {
          await setLivedExperience(ctx.db, caller.member.id, c.on, now());
          return { message: textMessage(livedExperienceReply(c.on, caller.workspace.k)) };
        },
      },
      'me.grief': {
        admin: false,
        run: async (c, caller) => {
          await updateMember(ctx.db, caller.member.id, { grief_prompts: c.on }, now());
          return { message: textMessage(c.on ? GRIEF_ON : GRIEF_OFF) };
        },
      },
      'me.scale': {
        admin: false,
        run: async (c, caller) => {
          await updateMember(ctx.db, caller.member.id, { energy_scale: c.on }, now());
          return { message: textMessage(c.on ? SCALE_ON : SCALE_OFF) };
        },
      },
      'me.org': {
        admin: false,
        run: async (c, caller) => {
          await updateMember(ctx.db, caller.member.id, { org: c.org.slice(0, 100) }, now());
          return { message: textMessage('Thanks. Your organisation is saved.') };
        },
      },
      'me.timezone': {
        admin: false,
        run: async (c, caller) => {
          await updateMember(
            ctx.db,
            caller.member.id,
            { timezone: c.zone, timezone_source: 'member' },
            now(),
          );
          await ctx.jobs
            .enqueueTask(SCHEDULE_TASKS.reconcile, {}, { jobId: 'reconcile-after-zone' })
            .catch(() => {});
          return { message: textMessage(`Thanks. Your time zone is now ${c.zone}.`) };
        },
      },
      'me.quiet': {
        admin: false,
        run: async (c, caller) => {
          await updateMember(ctx.db, caller.member.id, { quiet_start: c.start, quiet_end: c.end }, now());
          return { message: textMessage(`Thanks. I won't message you between ${c.start} and ${c.end}.`) };
        },
      },
      'me.pause': {
        admin: false,
        run: async (c, caller) => {
          const weeks = c.weeks ?? DEFAULT_PAUSE_WEEKS;
          const until = new Date(now().getTime() + weeks * WEEK_MS);
          await updateMember(ctx.db, caller.member.id, { paused_until: until }, now());
          return {
            message: textMessage(
              `Paused. I won't send you anything until ${until.toISOString().slice(0, 10)}, then I'll start again by myself. \`/roundtable me resume\` ends the pause sooner.`,
            ),
          };
        },
      },
      'me.resume': {
        admin: false,
        run: async (_c, caller) => {
          await updateMember(ctx.db, caller.member.id, { paused_until: null }, now());
          return { message: textMessage('Welcome back. Your pause has ended.') };
        },
      },
      forget: {
        admin: false,
        run: async () => ({
          message: {
            text: 'Delete all your Roundtable data?',
            blocks: [
              {
                type: 'text',
                text: 'This deletes everything Roundtable stores about you: your settings, your answers and reflections, your pairings and your session replies. It cannot be undone. Totals that never identified you stay.',
              },
              {
                type: 'buttons',
                buttons: [
                  {
                    actionId: 'me.forget.confirm',
                    label: 'Yes, delete my data',
                    value: 'confirm',
                    style: 'danger',
                  },
                  { actionId: 'me.forget.cancel', label: 'Keep my data', value: 'cancel' },
                ],
              },
            ],
          },
        }),
      },
    },
    actions: {
      // The welcome's "Yes, send me check-ins" and "Not for me" (also the stop choice on later check-ins).
      'consent.': async (event, caller) => {
        const yes = event.actionId === 'consent.yes';
        await setStopped(ctx.db, ctx.people, caller.workspace, caller.member, !yes, now());
        if (yes) {
          await setCheckinConsent(ctx.db, caller.member.id, now());
        }
        return { reply: textMessage(yes ? CONSENT_YES : STOPPED) };
      },
      // The welcome's one question about role: a band, or "Prefer not to say". Either way it is not asked again.
      'welcome.band.': async (event, caller) => {
        const answer = event.actionId.slice(CHECKIN_IDS.welcomeBand.length);
        const band = (BANDS as readonly string[]).includes(answer) ? answer : null;
        if (band === null && answer !== WELCOME_BAND_NONE)
          return { reply: textMessage('I did not recognise that choice, so nothing was changed.') };
        await updateMember(
          ctx.db,
          caller.member.id,
          { band: band ?? caller.member.band, band_answered_at: now() },
          now(),
        );
        return {
          reply: textMessage(
            band
              ? `Thanks. Your role is now ${band}. \`/roundtable me role\` changes it at any time.`
              : 'That is fine. I will not ask again. `/roundtable me role` is there if you ever want to say.',
          ),
        };
      },
      'me.forget.': async (event, caller) => {
        if (event.actionId !== 'me.forget.confirm') return { update: textMessage('Nothing was deleted.') };
        await forgetMember(ctx, caller, features());
        return { update: textMessage(FORGOTTEN) };
      },
    },
    forms: {
      'settings.me': async (event, caller) => {
        const errors: Record<string, string> = {};
        const v = event.values;
        const patch: Parameters<typeof updateMember>[2] = {};
        if (v.band) {
          if ((BANDS as readonly string[]).includes(v.band)) patch.band = v.band;
          else errors.band = `Choose one of: ${BANDS.join(', ')}.`;
        }
        let lived: boolean | undefined;
        if (v.livedExperience === 'yes' || v.livedExperience === 'no') lived = v.livedExperience === 'yes';
        else if (v.livedExperience) errors.livedExperience = 'Choose yes, or no.';
        if (v.scale === 'on' || v.scale === 'off') patch.energy_scale = v.scale === 'on';
        else if (v.scale) errors.scale = 'Choose on, or off.';
        if (v.org !== undefined) patch.org = v.org.trim() === '' ? null : v.org.trim().slice(0, 100);
        if (v.timezone) {
          if (isValidZone(v.timezone.trim())) {
            patch.timezone = v.timezone.trim();
            patch.timezone_source = 'member';
          } else
            errors.timezone = `"${v.timezone.slice(0, 40)}" is not a time zone I know. Try Europe/London.`;
        }
        if (v.quiet) {
          const m = /^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]):([0-5]\d)$/.exec(v.quiet.trim());
          if (m) {
            patch.quiet_start = `${m[1]}:${m[2]}`;
            patch.quiet_end = `${m[3]}:${m[4]}`;
          } else errors.quiet = 'Use two 24-hour times, like 18:00-08:00.';
        }
        if (Object.keys(errors).length > 0) return { errors };
        await updateMember(ctx.db, caller.member.id, patch, now());
        if (lived !== undefined && lived !== caller.member.lived_experience)
          await setLivedExperience(ctx.db, caller.member.id, lived, now());
        return { reply: textMessage('Your settings are saved.') };
      },
    },
  };
}

/**
 * Delete every personal row of a member: features first (rows not tied by a foreign key), then the member row,
 * whose ON DELETE CASCADE / SET NULL reaches everything else.
 */
export async function forgetMember(ctx: ServiceContext, caller: Caller, features: Feature[]): Promise<void> {
  for (const f of features) await f.forget?.(caller.member);
  // Final (issue 15): a keyed hash, nothing else, so no roster read stores or messages them again.
  await markForgotten(ctx.db, ctx.people, caller.workspace, caller.member.external_id);
  await forgetTeamsRefsOf(ctx.db, caller.member.id);
  await deleteMember(ctx.db, caller.member.id);
  // Jobs waiting in Redis that name them (relay retries, session messages, previews) go too.
  const jobs = await ctx.jobs.removeMemberJobs(caller.member.id).catch(() => 0);
  ctx.logger.info({ workspace: caller.workspace.id, jobs }, 'member forgotten');
}
