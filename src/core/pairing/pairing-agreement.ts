/**
 * The peer support agreement, in one place for a practice lead to read and approve: the confidentiality
 * agreement with its limits (as action learning sets and peer supervision contract it), and the contracting
 * question every new group starts with. Plain UK English, no exclamation marks.
 */

/** The ground rules every introduction carries, limits of confidentiality included. */
export const CONFIDENTIALITY_AGREEMENT: readonly string[] = [
  'What is said here stays between you. Please do not share it or copy it elsewhere.',
  'The limit: if someone may be at risk of serious harm, a safeguarding contact is told. Anyone can do that with "report", and the others are not told who did.',
  'Reports are read only by the safeguarding contacts your partnership has named (or, if none, by your Roundtable admins), never by anyone in this conversation.',
  'Roundtable does not read or monitor these conversations, and it is not a crisis service. Your chat tool keeps its own history of these messages, which your organisation can export.',
  'You are anonymous to each other. Talk about situations, not names, so the people you work with stay anonymous too.',
  'Be kind, listen more than you advise, and take only what helps.',
  'Anyone can end, report or block at any time, with no reason needed.',
];

/** The first question of every new group: what each person wants from it, and what they would rather keep out. */
export const CONTRACTING_QUESTION =
  'Before anything else: what would you like from these conversations, and is there anything you would rather keep out of them? There is no wrong answer, and skipping it is fine.';
