/**
 * "You said, we did": what admins say back about a learning digest or a week of the report, and how it
 * reaches the people it is about. Pure wording and codes; the services store, post and send.
 *
 * A digest's response goes to the channel the digest was posted in and, by direct message, to each person whose
 * reflection went into that digest. Nothing here names or counts those people: the digest already had at least k.
 */
import type { Block, Message } from '../messages/message.js';
import { supportBlocks } from './checkin-messages.js';

/** Longest response an admin or leader may write (one message on every platform, with room for the framing). */
export const RESPONSE_MAX_LENGTH = 1500;

/** Unanswered digests older than this are listed as overdue by `digest responses`. */
export const RESPONSE_DUE_DAYS = 30;

/** Letters and digits that cannot be misread for each other (no 0/O, 1/I/L, U/V). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
const CODE_LENGTH = 4;
const CODE = new RegExp(`^D-[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** A fresh digest code like `D-7K2Q`, from a source of numbers in [0, 1). */
export function newDigestCode(random: () => number): string {
  let code = 'D-';
  for (let i = 0; i < CODE_LENGTH; i++) {
    const at = Math.min(CODE_ALPHABET.length - 1, Math.floor(random() * CODE_ALPHABET.length));
    code += CODE_ALPHABET[at];
  }
  return code;
}

/** The canonical code for what someone typed (`d-7k2q` → `D-7K2Q`), or undefined when it cannot be one. */
export function normaliseDigestCode(typed: string): string | undefined {
  const code = typed.trim().toUpperCase();
  return CODE.test(code) ? code : undefined;
}

/** The digest footer line that names the digest and how to answer it. */
export function digestFooterLine(code: string): string {
  return `Digest ${code} · admins can answer it with \`/roundtable digest respond ${code} "what we heard, what we will do"\``;
}

/** Add the code to a rendered digest (the footer, and the notification text). */
export function withDigestCode(message: Message, code: string): Message {
  return {
    text: `${message.text} (${code})`,
    blocks: [...message.blocks, { type: 'context', text: digestFooterLine(code) }],
  };
}

function dateLabel(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
}

/** The response posted in the digest's channel. */
export function digestResponsePost(input: {
  code: string;
  postedAt: Date;
  zone: string;
  response: string;
}): Message {
  const title = `You said, we did: digest ${input.code}`;
  return {
    text: `${title}. ${input.response}`,
    blocks: [
      {
        type: 'section',
        title,
        text: `About the learning digest of ${dateLabel(input.postedAt, input.zone)}.`,
      },
      { type: 'text', text: input.response },
      {
        type: 'context',
        text: 'Everyone whose reflection was in that digest has been sent this privately. Nobody was told who they are.',
      },
    ],
  };
}

export interface ResponseDmInput {
  workspaceName: string;
  response: string;
  signpost?: string;
  crisisLines?: boolean;
}

/** The direct message to one person whose reflection was in the digest. */
export function digestResponseDm(input: ResponseDmInput): Message {
  const opening = `You shared a reflection in a recent learning digest. Here is what ${input.workspaceName} said about it:`;
  const blocks: Block[] = [
    { type: 'section', title: 'You said, we did', text: opening },
    { type: 'text', text: input.response },
    {
      type: 'context',
      text:
        'This came to everyone whose reflection was in that digest. Nobody was told who you are or which reflection was yours. ' +
        'You do not need to reply.',
    },
    ...supportBlocks(input.signpost, input.crisisLines ?? true),
  ];
  return { text: `You said, we did. ${opening} ${input.response}`, blocks };
}

/** One posted digest, for `digest responses`. */
export interface DigestPostSummary {
  code: string;
  postedAt: Date;
  respondedAt: Date | null;
}

/**
 * `digest responses`: digests still waiting for an answer (overdue ones first: older than {@link RESPONSE_DUE_DAYS}
 * days), then the answered ones. Codes and dates only: never how many people shared.
 */
export function renderDigestResponses(posts: readonly DigestPostSummary[], now: Date, zone: string): Message {
  const due = now.getTime() - RESPONSE_DUE_DAYS * 24 * 3600_000;
  const open = posts.filter((p) => p.respondedAt === null);
  const overdue = open.filter((p) => p.postedAt.getTime() < due);
  const recent = open.filter((p) => p.postedAt.getTime() >= due);
  const answered = posts.filter((p) => p.respondedAt !== null);
  const line = (p: DigestPostSummary) => `${p.code} · posted ${dateLabel(p.postedAt, zone)}`;
  const blocks: Block[] = [
    {
      type: 'section',
      title: 'Digest responses',
      text: 'Each posted learning digest can be answered once, with what you heard and what you will do.',
    },
  ];
  if (posts.length === 0) {
    blocks.push({ type: 'text', text: 'No learning digest has been posted yet.' });
  }
  if (overdue.length > 0) {
    blocks.push({
      type: 'section',
      title: `Not answered after ${RESPONSE_DUE_DAYS} days`,
      text: overdue.map(line).join('\n'),
    });
  }
  if (recent.length > 0) {
    blocks.push({ type: 'section', title: 'Waiting for an answer', text: recent.map(line).join('\n') });
  }
  if (answered.length > 0) {
    blocks.push({
      type: 'section',
      title: 'Answered',
      text: answered.map((p) => `${line(p)} · answered ${dateLabel(p.respondedAt!, zone)}`).join('\n'),
    });
  }
  if (open.length > 0) {
    blocks.push({ type: 'context', text: 'Answer one with `/roundtable digest respond <code> "…"`.' });
  }
  const summary =
    overdue.length > 0
      ? `${overdue.length === 1 ? 'One digest has' : `${overdue.length} digests have`} not been answered after ${RESPONSE_DUE_DAYS} days.`
      : 'Digest responses.';
  return { text: summary, blocks };
}
