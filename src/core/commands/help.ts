/**
 * Short plain-text help, built from the same usage table the parser's errors use.
 */
import type { HelpTopic } from './command.js';
import { COMMAND_SPECS, type CommandSpec } from './usage.js';

const TITLES: Record<HelpTopic | 'general', string> = {
  checkin: 'Check-ins',
  pairing: 'Peer support',
  session: 'Sessions',
  me: 'You',
  admin: 'Admin',
  general: 'Roundtable',
};

const INTRO: Record<HelpTopic | 'general', string> = {
  checkin:
    'Short reflective check-ins. Answers are shared only as totals, and only when enough people answer.',
  pairing:
    'Anonymous peer support for leaders, in pairs or small circles. Inside a conversation, write "help" to me for the words I understand: "support" sends everyone the support lines without your name, and "report" goes to your safeguarding contacts (I say who before it is sent), never to anyone in the conversation.',
  session: 'Short learning sessions, with a good mix of roles in the room.',
  me: 'Your own settings. Only you see these replies.',
  admin: 'For admins of this workspace.',
  general: 'Reflective practice and peer support. Say "/roundtable help <topic>" for more.',
};

/**
 * Help for one topic, or an overview. Admin-only commands are listed only in the `admin` topic or when
 * `isAdmin` is true; a non-admin asking about an admin-only topic is told who can help.
 */
export function helpText(topic: HelpTopic | undefined, isAdmin: boolean): string {
  if (!topic) return overview(isAdmin);
  const specs = visible(topic, isAdmin || topic === 'admin');
  const lines = [`${TITLES[topic]}: ${INTRO[topic]}`, ...specs.map(line)];
  if (specs.length === 0 || (!isAdmin && COMMAND_SPECS.some((s) => s.topic === topic && s.admin))) {
    lines.push(
      topic === 'checkin'
        ? 'Check-ins are set up by your admins. You can pause them with "/roundtable me pause".'
        : 'Your admins can set these up for you.',
    );
  }
  return lines.join('\n');
}

function overview(isAdmin: boolean): string {
  const lines = [`${TITLES.general}: ${INTRO.general}`];
  for (const topic of ['general', 'me', 'pairing', 'session'] as const)
    lines.push(...visible(topic, false).map(line));
  lines.push(`Topics: checkin, pairing, session, me${isAdmin ? ', admin' : ''}.`);
  return lines.join('\n');
}

function visible(topic: HelpTopic | 'general', withAdmin: boolean): CommandSpec[] {
  const seen = new Set<string>();
  return COMMAND_SPECS.filter((s) => {
    if (s.topic !== topic || (s.admin && !withAdmin) || seen.has(s.usage)) return false;
    seen.add(s.usage);
    return true;
  });
}

function line(spec: CommandSpec): string {
  return spec.summary ? `${spec.usage} - ${spec.summary}` : spec.usage;
}
