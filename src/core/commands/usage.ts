/**
 * One line of usage per command, keyed by the command's head words, with who may use it and under which help
 * topic it appears. Error messages and help text are both built from this table, so they cannot drift apart.
 */
import type { CommandKind, HelpTopic } from './command.js';

export interface CommandSpec {
  /** The words that name the command, e.g. `checkin schedule`. */
  head: string;
  usage: string;
  topic: HelpTopic | 'general';
  /** Only admins may run it (the service enforces this; help text hides it from others). */
  admin: boolean;
  /** What it does, in a few words, for help text. */
  summary: string;
}

const R = '/roundtable';

export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    head: 'checkin schedule',
    usage: `${R} checkin schedule <schedule> [to <audience>]`,
    topic: 'checkin',
    admin: true,
    summary: 'create or replace a check-in cadence',
  },
  {
    head: 'checkin now',
    usage: `${R} checkin now [to <audience>]`,
    topic: 'checkin',
    admin: true,
    summary: 'send one round now',
  },
  {
    head: 'checkin list',
    usage: `${R} checkin list`,
    topic: 'checkin',
    admin: true,
    summary: 'cadences, audiences and next times',
  },
  {
    head: 'checkin pause',
    usage: `${R} checkin pause|resume|delete <id>`,
    topic: 'checkin',
    admin: true,
    summary: 'pause, resume or delete a cadence',
  },
  {
    head: 'checkin resume',
    usage: `${R} checkin pause|resume|delete <id>`,
    topic: 'checkin',
    admin: true,
    summary: '',
  },
  {
    head: 'checkin delete',
    usage: `${R} checkin pause|resume|delete <id>`,
    topic: 'checkin',
    admin: true,
    summary: '',
  },
  {
    head: 'report checkins',
    usage: `${R} report checkins [weeks <N>]`,
    topic: 'checkin',
    admin: true,
    summary:
      'weekly totals of people (rounded to 5), only where enough answered, and how many were sent this week so far',
  },
  {
    head: 'report export',
    usage: `${R} report export [from <YYYY-MM-DD>] [to <YYYY-MM-DD>]`,
    topic: 'checkin',
    admin: true,
    summary:
      'evidence for funders (CSV and a one-page PDF): the same rounded, k-safe figures, as single-use links for 15 minutes',
  },
  {
    head: 'digest schedule',
    usage: `${R} digest schedule <schedule> to #channel`,
    topic: 'checkin',
    admin: true,
    summary: 'share anonymous reflections in a channel, once enough different people shared',
  },
  {
    head: 'digest respond',
    usage: `${R} digest respond <code> "<what we heard, what we will do>"`,
    topic: 'checkin',
    admin: true,
    summary:
      'answer a posted digest; it is posted with the digest and sent to each person who shared, without anyone learning who',
  },
  {
    head: 'digest responses',
    usage: `${R} digest responses`,
    topic: 'checkin',
    admin: true,
    summary: 'posted digests and whether they were answered (unanswered after 30 days first)',
  },
  {
    head: 'report respond',
    usage: `${R} report respond <YYYY-Www>|last week|this week "<what we are doing about this>"`,
    topic: 'checkin',
    admin: true,
    summary:
      'answer a week of the report: shown once at the top of the next check-in of everyone sent one that week',
  },
  {
    head: 'pairing join',
    usage: `${R} pairing join | leave`,
    topic: 'pairing',
    admin: false,
    summary: 'join or leave the peer support pool',
  },
  { head: 'pairing leave', usage: `${R} pairing join | leave`, topic: 'pairing', admin: false, summary: '' },
  {
    head: 'pairing avoid',
    usage: `${R} pairing avoid "<organisation>" | none`,
    topic: 'pairing',
    admin: false,
    summary: 'not be grouped with people from an organisation (never a named person); none clears the list',
  },
  {
    head: 'pairing schedule',
    usage: `${R} pairing schedule <schedule> [size 2|3|4]`,
    topic: 'pairing',
    admin: true,
    summary: 'how often rounds start, and group size',
  },
  {
    head: 'pairing now',
    usage: `${R} pairing now | end`,
    topic: 'pairing',
    admin: true,
    summary: 'start a round now, or end the current one',
  },
  { head: 'pairing end', usage: `${R} pairing now | end`, topic: 'pairing', admin: true, summary: '' },
  {
    head: 'pairing status',
    usage: `${R} pairing status`,
    topic: 'pairing',
    admin: true,
    summary: 'pool size and rounds, as rounded counts only; ratings a week after a round ends',
  },
  {
    head: 'pairing record',
    usage: `${R} pairing record "<theme>" | pairing record agree|decline <ref>`,
    topic: 'pairing',
    admin: false,
    summary:
      'record, once everyone in your conversation agrees, that you had a reflective discussion about a theme',
  },

  {
    head: 'session add',
    usage: `${R} session add "<title>" on <YYYY-MM-DD> at <time> [for <N>m|<N>h] [capacity <N>] [where "<text or URL>"] [topic "<topic>"] [mix <band> <N>%|<N>, ...] [to <audience>]`,
    topic: 'session',
    admin: true,
    summary: 'add a session to the menu',
  },
  {
    head: 'session list',
    usage: `${R} session list  (or: ${R} menu)`,
    topic: 'session',
    admin: false,
    summary: 'upcoming sessions, with buttons to join',
  },
  {
    head: 'session cancel',
    usage: `${R} session cancel <id>`,
    topic: 'session',
    admin: true,
    summary: 'cancel a session (`session list` shows its id)',
  },
  {
    head: 'session mix',
    usage: `${R} session mix <id>`,
    topic: 'session',
    admin: true,
    summary: 'how the mix of roles compares with the target (`session list` shows the id)',
  },
  {
    head: 'me',
    usage: `${R} me`,
    topic: 'me',
    admin: false,
    summary: 'your settings and exactly what is stored about you',
  },
  {
    head: 'me role',
    usage: `${R} me role <band>`,
    topic: 'me',
    admin: false,
    summary: 'your role: frontline, manager, leader or community',
  },
  {
    head: 'me lived-experience',
    usage: `${R} me lived-experience yes|no`,
    topic: 'me',
    admin: false,
    summary: 'whether you have lived experience, with any role; nobody sees it by name',
  },
  {
    head: 'me scale',
    usage: `${R} me scale on|off`,
    topic: 'me',
    admin: false,
    summary: 'the energy scale on your check-ins, on or off',
  },
  {
    head: 'me grief',
    usage: `${R} me grief on|off`,
    topic: 'me',
    admin: false,
    summary:
      'questions about the deaths of people you supported, only if you choose them (off unless you say on)',
  },
  { head: 'me org', usage: `${R} me org "<name>"`, topic: 'me', admin: false, summary: 'your organisation' },
  {
    head: 'me timezone',
    usage: `${R} me timezone <IANA zone>`,
    topic: 'me',
    admin: false,
    summary: 'your time zone, e.g. Europe/London',
  },
  {
    head: 'me quiet',
    usage: `${R} me quiet <HH:MM>-<HH:MM>`,
    topic: 'me',
    admin: false,
    summary: 'hours when I stay quiet',
  },
  {
    head: 'me pause',
    usage: `${R} me pause [for <N> weeks]`,
    topic: 'me',
    admin: false,
    summary: 'pause everything; it resumes by itself',
  },
  {
    head: 'me resume',
    usage: `${R} me resume`,
    topic: 'me',
    admin: false,
    summary: 'start again after a pause',
  },
  {
    head: 'me record',
    usage: `${R} me record [nmc|swe|hcpc|general] [from <YYYY-MM-DD>] [to <YYYY-MM-DD>]`,
    topic: 'me',
    admin: false,
    summary:
      'your own reflections, as a record (laid out for the NMC, Social Work England or the HCPC if you like)',
  },
  {
    head: 'me record add',
    usage: `${R} me record add <ref>|last [theme prioritise-people|practise-effectively|preserve-safety|promote-professionalism] [changed "<how it changed my practice>"]`,
    topic: 'me',
    admin: false,
    summary: 'add a Code theme or how it changed your practice to one of your reflections',
  },

  {
    head: 'forget me',
    usage: `${R} forget me`,
    topic: 'me',
    admin: false,
    summary: 'delete all your data (I ask first)',
  },
  {
    head: 'stop',
    usage: `${R} stop | start`,
    topic: 'general',
    admin: false,
    summary: 'no check-ins or session invitations, ever, until you say start',
  },
  { head: 'start', usage: `${R} stop | start`, topic: 'general', admin: false, summary: '' },
  {
    head: 'admins',
    usage: `${R} admins`,
    topic: 'general',
    admin: false,
    summary: 'who the admins are, and who reads reports',
  },
  {
    head: 'privacy',
    usage: `${R} privacy`,
    topic: 'general',
    admin: false,
    summary: 'what is stored, for how long, who can see what',
  },
  {
    head: 'help',
    usage: `${R} help [checkin|pairing|session|me|admin]`,
    topic: 'general',
    admin: false,
    summary: 'this help',
  },
  {
    head: 'admin add',
    usage: `${R} admin add|remove @user`,
    topic: 'admin',
    admin: true,
    summary: 'make someone an admin, or stop',
  },
  { head: 'admin remove', usage: `${R} admin add|remove @user`, topic: 'admin', admin: true, summary: '' },
  {
    head: 'admin list',
    usage: `${R} admin list`,
    topic: 'admin',
    admin: true,
    summary: 'who the admins are',
  },
  {
    head: 'safeguarding add',
    usage: `${R} safeguarding add|remove @user`,
    topic: 'admin',
    admin: true,
    summary: 'name who reads peer support reports, or stop',
  },
  {
    head: 'safeguarding remove',
    usage: `${R} safeguarding add|remove @user`,
    topic: 'admin',
    admin: true,
    summary: '',
  },
  {
    head: 'safeguarding list',
    usage: `${R} safeguarding list`,
    topic: 'admin',
    admin: true,
    summary: 'who reads peer support reports',
  },
  {
    head: 'role',
    usage: `${R} role @user <band>`,
    topic: 'admin',
    admin: true,
    summary: "set someone's role (not lived experience: only the person can say that)",
  },
  {
    head: 'signpost',
    usage: `${R} signpost "<text or URL>"`,
    topic: 'admin',
    admin: true,
    summary: 'the support shown in every check-in',
  },
  {
    head: 'settings k',
    usage: `${R} settings k <3-20>`,
    topic: 'admin',
    admin: true,
    summary: 'fewest people a total is shown for',
  },
  {
    head: 'settings retention',
    usage: `${R} settings retention <N> days`,
    topic: 'admin',
    admin: true,
    summary: 'how long answers, reflections and reports are kept',
  },
  {
    head: 'settings timezone',
    usage: `${R} settings timezone <IANA zone>`,
    topic: 'admin',
    admin: true,
    summary: "the workspace's time zone",
  },
  {
    head: 'settings crisis-lines',
    usage: `${R} settings crisis-lines on|off`,
    topic: 'admin',
    admin: true,
    summary: 'the built-in UK crisis lines (off only when the signpost gives them)',
  },
  {
    head: 'status',
    usage: `${R} status`,
    topic: 'admin',
    admin: true,
    summary: 'cadences, next runs and counts',
  },
  {
    head: 'community create',
    usage: `${R} community create "<name>"`,
    topic: 'admin',
    admin: true,
    summary: 'start a community; gives an invite code',
  },
  {
    head: 'community join',
    usage: `${R} community join <code> | leave`,
    topic: 'admin',
    admin: true,
    summary: 'join or leave a community',
  },
  {
    head: 'community leave',
    usage: `${R} community join <code> | leave`,
    topic: 'admin',
    admin: true,
    summary: '',
  },
  {
    head: 'suggest',
    usage: `${R} suggest "<a question>"`,
    topic: 'checkin',
    admin: false,
    summary: 'suggest a check-in question; the prompt panel sees it without your name',
  },
  {
    head: 'prompts changes',
    usage: `${R} prompts changes`,
    topic: 'checkin',
    admin: false,
    summary: 'what the prompt panel decided: questions added, paused after feedback, declined',
  },
  {
    head: 'prompts review',
    usage: `${R} prompts review`,
    topic: 'checkin',
    admin: false,
    summary: 'prompt panel: open suggestions and paused questions (admins see only whether any wait)',
  },
  {
    head: 'prompts accept',
    usage: `${R} prompts accept <id> themes <theme>[, ...] [bands <band>[, ...]] [model <model> stage <stage>] [weight light|heavy]`,
    topic: 'checkin',
    admin: false,
    summary: "prompt panel: add a suggestion to this workspace's own questions",
  },
  {
    head: 'prompts edit',
    usage: `${R} prompts edit <id> "<new wording>" themes <theme>[, ...] [bands ...] [model ... stage ...] [weight ...]`,
    topic: 'checkin',
    admin: false,
    summary: 'prompt panel: reword a suggestion and add it',
  },
  {
    head: 'prompts decline',
    usage: `${R} prompts decline <id> ["<reason>"]`,
    topic: 'checkin',
    admin: false,
    summary: 'prompt panel: decline a suggestion (its words are deleted; the reason is listed)',
  },
  {
    head: 'prompts restore',
    usage: `${R} prompts restore <prompt id>`,
    topic: 'checkin',
    admin: false,
    summary: 'prompt panel: bring back a question paused after feedback',
  },
  {
    head: 'prompts share',
    usage: `${R} prompts share <prompt id>`,
    topic: 'checkin',
    admin: false,
    summary: "prompt panel: offer one of this workspace's own questions to the community's other panels",
  },
  {
    head: 'panel add',
    usage: `${R} panel add|remove @user`,
    topic: 'admin',
    admin: true,
    summary: 'name who is on the prompt panel, or stop',
  },
  { head: 'panel remove', usage: `${R} panel add|remove @user`, topic: 'admin', admin: true, summary: '' },
  {
    head: 'panel list',
    usage: `${R} panel list`,
    topic: 'admin',
    admin: true,
    summary: 'who is on the prompt panel',
  },
];

/** Usage of each command by head (`checkin schedule`), plus each group (`checkin`) and `''` for all of them. */
export const USAGE: Record<string, string> = buildUsage();

/** The first word of every command, for "did you mean" on the first word. */
export const HEADS: readonly string[] = [...new Set(COMMAND_SPECS.map((s) => s.head.split(' ')[0]!)), 'menu'];

/** Commands only admins may run. The parser does not check rights; the service does, using this. */
export const ADMIN_ONLY: ReadonlySet<CommandKind> = new Set<CommandKind>([
  'checkin.schedule',
  'checkin.now',
  'checkin.list',
  'checkin.pause',
  'checkin.resume',
  'checkin.delete',
  'report.checkins',
  'report.export',
  'digest.schedule',
  'digest.respond',
  'digest.responses',
  'report.respond',
  'pairing.schedule',
  'pairing.now',
  'pairing.end',
  'pairing.status',
  'session.add',
  'session.cancel',
  'session.mix',
  'admin.add',
  'admin.remove',
  'admin.list',
  'safeguarding.add',
  'safeguarding.remove',
  'safeguarding.list',
  'role.set',
  'signpost',
  'settings.k',
  'settings.retention',
  'settings.timezone',
  'settings.crisis-lines',
  'status',
  'community.create',
  'community.join',
  'community.leave',
  'panel.add',
  'panel.remove',
  'panel.list',
]);

const ADMIN_USAGES = new Set(COMMAND_SPECS.filter((s) => s.admin).map((s) => s.usage));

/**
 * A usage text with the admin-only lines taken out, for a member's error message: they are shown only what they
 * can use. When nothing is left, the help line.
 */
export function memberUsage(usage: string): string {
  const lines = usage.split('\n').filter((l) => !ADMIN_USAGES.has(l));
  return lines.length > 0 ? lines.join('\n') : USAGE['']!;
}

/** Whether a command kind is for admins only. */
export function isAdminCommand(kind: CommandKind): boolean {
  return ADMIN_ONLY.has(kind);
}

function buildUsage(): Record<string, string> {
  const usage: Record<string, string> = {};
  const groups = new Map<string, string[]>();
  for (const spec of COMMAND_SPECS) {
    usage[spec.head] = spec.usage;
    const group = spec.head.split(' ')[0]!;
    const lines = groups.get(group) ?? [];
    if (!lines.includes(spec.usage)) lines.push(spec.usage);
    groups.set(group, lines);
  }
  // A group's usage lists all its commands (`me` alone is also a command: its errors show the whole group).
  for (const [group, lines] of groups) usage[group] = lines.join('\n');
  usage.menu = usage['session list']!;
  usage[''] = `${R} help [checkin|pairing|session|me|admin]`;
  return usage;
}
