import type { Workspace } from '../../store/workspace.repository.js';

/** `/roundtable privacy`: generated from this workspace's real settings. */
export function privacyText(workspace: Workspace, readers: string[] = []): string {
  const k = workspace.k;
  return [
    'What Roundtable stores, for how long, and who can see it:',
    `- Your settings (role, organisation, time zone, quiet hours, pause, energy scale on or off, grief questions on or off): kept until you change them or say \`/roundtable forget me\`.`,
    `- Lived experience, if you say you have it (\`/roundtable me lived-experience yes\`): only you can set it, it goes with any role, and nobody sees it by name. Admins see only how many people said so, when at least ${k} did, rounded to the nearest 5.`,
    `- Your check-in answers: the scale step and any reflection you write. Reflections are encrypted. Answers are deleted after ${workspace.retention_days} days.`,
    `- Everything else you write is deleted after ${workspace.retention_days} days too: session reflections and peer support reports. Relayed peer support messages go as soon as they are delivered.`,
    `- Admins only ever see totals over at least ${k} different people, rounded to the nearest 5, never names and never your words. Answering many times still counts you once, and a week with fewer than ${k} people answering shows only "fewer than ${k}" and is kept with no figures.`,
    '- Charts in reports, and the evidence an admin can export for the people who fund this work (`report export`), hold the same totals and nothing else.',
    '- A closed week is fixed once it is read, so nobody can compare two reports to find one answer. Your pause, quiet hours, "not this time" and peer support rating are never shown on their own.',
    `- A reflection you choose to share goes into the learning digest without your name or the time, and only when at least ${k} different people shared; at most one of yours (your latest) is in each digest. Questions about people you support, and questions only one role is asked, never offer sharing.`,
    '- Peer support: your partner sees a made-up name, not yours. Messages are passed on and not kept. Names are shown only if everyone in the group says reveal.',
    '- Peer support reports are read by the safeguarding contacts your partnership names (`/roundtable safeguarding list` for admins), or by your admins when none is named, and never by anyone who was in that conversation, admins included. You are told who will read one before it is sent. A block lasts even after `forget me`, kept only as a scrambled code of the two of you.',
    '- Learning sessions: your replies (going, not this time, waiting list) and your role (and lived experience, if you said so) at the time, so hosts see the mix as counts.',
    `- A question you suggest (\`/roundtable suggest\`) is stored encrypted with nothing about who made it, read only by the prompt panel, and deleted after ${workspace.retention_days} days if the panel has not decided; a declined one is deleted at once. "This didn't land" is counted once per person and shown only as "at least ${k} people"; \`forget me\` deletes yours.`,
    '- Your reflective practice record (`/roundtable me record`) is made when you ask, only for you, and is not kept. What you add to a reflection (a Code theme, how it changed your practice) is encrypted and kept as long as that reflection.',
    `- A reflective discussion you record with your peer support partners (\`/roundtable pairing record\`) goes into each of your records only when all of you agree; nobody is told who agreed first or who said no. It shows the others by their made-up name, and is deleted after ${workspace.retention_days} days.`,
    '- The people who run this Roundtable server can reach the database, but reflections are encrypted with a key kept apart from it.',
    '- `/roundtable stop` ends check-ins and session invitations for good. It is kept as a one-way code made from your id (nothing readable), which stays even after `forget me`.',
    '- `/roundtable me` shows everything stored about you. `/roundtable forget me` deletes it, and a channel or team list will not add you again: only your own `/roundtable` command does.',
    ...readers.map((l) => `- ${l}`),
    '- Nobody reads what you write to me as it arrives: Roundtable is not monitored and is not a crisis service. `/roundtable help` lists support lines.',
  ].join('\n');
}
