/**
 * Support lines: the partnership's signpost and the built-in UK crisis lines, in one place, so every check-in,
 * low-answer message, pairing introduction, `help` and the reply to a person writing to the bot say the same.
 */

/** The built-in UK lines, shown unless an admin turned them off where the signpost already gives them. */
export const UK_CRISIS_LINES = [
  'Samaritans: call 116 123 (free, any time)',
  'SHOUT: text SHOUT to 85258',
  'NHS 111: call 111 and choose option 2 for mental health',
  'In an emergency, call 999',
] as const;

/** Said once wherever support lines appear: what Roundtable is not. */
export const NOT_A_CRISIS_SERVICE =
  'Nobody watches these messages as they arrive: Roundtable is not monitored and is not a crisis service.';

/** The numbers a signpost must give before the built-in lines may be turned off (digits only). */
const REQUIRED_NUMBERS = ['116123', '85258', '111', '999'] as const;

export interface SupportSettings {
  /** The partnership's signpost (text or URL), or null. */
  signpost: string | null;
  /** The workspace's `settings crisis-lines`; the lines still show when the signpost does not give them. */
  crisis_lines: boolean;
}

/** Whether a signpost names every built-in line's number, so the built-in lines may be turned off. */
export function signpostGivesCrisisLines(signpost: string | null | undefined): boolean {
  const digits = (signpost ?? '').replace(/[^\d]/g, ' ');
  const squeezed = (signpost ?? '').replace(/[\s-]/g, '');
  return REQUIRED_NUMBERS.every((n) => squeezed.includes(n) || digits.includes(n));
}

/** Whether the built-in crisis lines are shown for this workspace. */
export function showCrisisLines(workspace: SupportSettings): boolean {
  return workspace.crisis_lines || !signpostGivesCrisisLines(workspace.signpost);
}

/** The support lines of a workspace, each a plain sentence: the signpost first, then the crisis lines. */
export function supportLines(workspace: SupportSettings): string[] {
  const lines: string[] = [];
  const signpost = workspace.signpost?.trim();
  if (signpost) lines.push(`Your partnership's support: ${signpost}`);
  if (showCrisisLines(workspace)) lines.push(...UK_CRISIS_LINES);
  return lines;
}

/** The support lines as one block of text, with the "not a crisis service" sentence at the end. */
export function supportText(workspace: SupportSettings): string {
  return [...supportLines(workspace), NOT_A_CRISIS_SERVICE].join('\n');
}

/**
 * The reply to a person who writes to the bot something that is not a command (outside a pairing): answered as a
 * person, never with a syntax error or admin commands. Says that nobody reads these messages, gives the support
 * lines, and the few things they can do.
 */
export function personReplyText(workspace: SupportSettings): string {
  return [
    'Thank you for writing. Nobody reads what you send me here, so I cannot answer as a person would, and I am sorry if today is hard.',
    'If you would like to talk to someone:',
    ...supportLines(workspace).map((l) => `- ${l}`),
    NOT_A_CRISIS_SERVICE,
    '',
    'Things you can say to me:',
    '- `help`: what Roundtable can do',
    '- `me pause`: a break from check-ins for a while',
    '- `stop`: no more check-ins, until you say `start`',
  ].join('\n');
}
