/**
 * The typed commands of docs/COMMANDS.md: what the parser produces and the services execute.
 * Platform references are already resolved to ids: a Slack `<@U123|ada>` or a Teams `<at>Ada</at>` mention
 * becomes `{ userId: 'U123', name: 'ada' }`.
 */
import type { PromptModel, PromptStage, Theme, Weight } from '../checkins/prompt-tags.js';
import type { RecordLayout } from '../records/record-layouts.js';
import type { CodeTheme } from '../records/record-model.js';
import type { Schedule } from '../schedule/schedule.js';

/** A person's role. Lived experience is not one of them: it goes with any role ({@link LIVED_EXPERIENCE}). */
export const BANDS = ['frontline', 'manager', 'leader', 'community'] as const;
export type Band = (typeof BANDS)[number];

/**
 * Lived experience: a private attribute a person says about themselves (`me lived-experience yes`), never set by
 * an admin. An audience (`to role lived-experience`), a mix target (`lived-experience 2`) or a prompt's tag may
 * still name it: there it means the people who said they have it, whatever their band.
 */
export const LIVED_EXPERIENCE = 'lived-experience' as const;
export type LivedExperience = typeof LIVED_EXPERIENCE;

/** What an audience, a mix target or a prompt tag may name: a band, or the people with lived experience. */
export const GROUPS = [...BANDS, LIVED_EXPERIENCE] as const;
export type Group = (typeof GROUPS)[number];

export interface UserRef {
  userId: string;
  name?: string;
}

export interface ChannelRef {
  channelId: string;
  name?: string;
}

/** Who a check-in, session or digest goes to. Default when omitted: `this-channel`. */
export type Audience =
  | { kind: 'channel'; channel: ChannelRef }
  | { kind: 'this-channel' }
  | { kind: 'this-team' }
  | { kind: 'role'; band: Group }
  | { kind: 'everyone' };

/** A band's share of a session: `40%` or a count of people. */
export interface MixTarget {
  band: Group;
  percent?: number;
  count?: number;
}

/** Tags a prompt panel gives a suggestion it accepts (`prompts accept <id> themes ...`). */
export interface PromptTagsGiven {
  model?: PromptModel;
  stage?: PromptStage;
  bands?: Group[];
  themes?: Theme[];
  weight?: Weight;
}

export type HelpTopic = 'checkin' | 'pairing' | 'session' | 'me' | 'admin';

export type Command =
  // `/roundtable` alone: settings modal (admins) or member view.
  | { kind: 'open' }
  | { kind: 'help'; topic?: HelpTopic }
  | { kind: 'privacy' }
  // check-ins
  | { kind: 'checkin.schedule'; schedule: Schedule; audience?: Audience }
  | { kind: 'checkin.now'; audience?: Audience }
  | { kind: 'checkin.list' }
  | { kind: 'checkin.pause' | 'checkin.resume' | 'checkin.delete'; id: number }
  | { kind: 'report.checkins'; weeks?: number }
  | { kind: 'report.export'; from?: string; to?: string }
  | { kind: 'digest.schedule'; schedule: Schedule; channel: ChannelRef }
  /** "You said, we did": answer a posted digest by its code (admins). */
  | { kind: 'digest.respond'; code: string; text: string }
  | { kind: 'digest.responses' }
  /** "What we are doing about this" for a week: `YYYY-Www`, or `last` / `this` week in the workspace's zone. */
  | { kind: 'report.respond'; week: string; text: string }
  // peer support
  | { kind: 'pairing.join' | 'pairing.leave' }
  /** "Not with people from <organisation>"; `none` clears the list. */
  | { kind: 'pairing.avoid'; org: string | 'none' }
  | { kind: 'pairing.schedule'; schedule: Schedule; size?: 2 | 3 | 4 }
  | { kind: 'pairing.now' | 'pairing.end' | 'pairing.status' }
  /** Propose peer reflection evidence for the caller's open group: "we had a reflective discussion about <theme>". */
  | { kind: 'pairing.record'; theme: string }
  | { kind: 'pairing.record.agree' | 'pairing.record.decline'; ref: string }
  // sessions
  | {
      kind: 'session.add';
      title: string;
      /** Local date and time in the workspace's zone: `YYYY-MM-DD` and `HH:MM`. */
      date: string;
      time: string;
      durationMinutes?: number;
      capacity?: number;
      where?: string;
      topic?: string;
      mix?: MixTarget[];
      audience?: Audience;
    }
  | { kind: 'session.list' }
  | { kind: 'session.cancel' | 'session.mix'; id: number }
  // members
  | { kind: 'me' }
  | { kind: 'me.role'; band: Band }
  /** The person's own word on lived experience; nobody else can set it. */
  | { kind: 'me.lived-experience'; on: boolean }
  /** The energy scale on their check-ins, on or off. */
  | { kind: 'me.scale'; on: boolean }
  /** Questions about the deaths of people supported (the opt-in set `grief`), on or off. */
  | { kind: 'me.grief'; on: boolean }
  | { kind: 'me.org'; org: string }
  | { kind: 'me.timezone'; zone: string }
  | { kind: 'me.quiet'; start: string; end: string }
  | { kind: 'me.pause'; weeks?: number }
  | { kind: 'me.resume' }
  | { kind: 'me.record'; layout?: RecordLayout; from?: string; to?: string }
  /** Add a Code theme and/or "how it changed my practice" to one of the caller's reflections (`last` = latest). */
  | { kind: 'me.record.add'; ref: string; theme?: CodeTheme; changed?: string }
  | { kind: 'forget' }
  // a lasting stop (also the DM words "stop", "unsubscribe", "opt out"), and its undoing
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'admins' }
  // admin and partnership
  | { kind: 'admin.add' | 'admin.remove'; user: UserRef }
  | { kind: 'admin.list' }
  | { kind: 'safeguarding.add' | 'safeguarding.remove'; user: UserRef }
  | { kind: 'safeguarding.list' }
  | { kind: 'role.set'; user: UserRef; band: Band }
  | { kind: 'signpost'; text: string }
  | { kind: 'settings.k'; k: number }
  | { kind: 'settings.retention'; days: number }
  | { kind: 'settings.timezone'; zone: string }
  | { kind: 'settings.crisis-lines'; on: boolean }
  | { kind: 'status' }
  | { kind: 'community.create'; name: string }
  | { kind: 'community.join'; code: string }
  | { kind: 'community.leave' }
  // co-production of the prompt library (issue 17)
  | { kind: 'suggest'; text: string }
  | { kind: 'panel.add' | 'panel.remove'; user: UserRef }
  | { kind: 'panel.list' }
  | { kind: 'prompts.review' | 'prompts.changes' }
  | { kind: 'prompts.accept'; id: string; tags: PromptTagsGiven }
  | { kind: 'prompts.edit'; id: string; text: string; tags: PromptTagsGiven }
  | { kind: 'prompts.decline'; id: string; reason?: string }
  | { kind: 'prompts.restore' | 'prompts.share'; promptId: string };

export type CommandKind = Command['kind'];

/** Input that is not a command. Never thrown: returned by the parser. */
export interface ParseError {
  kind: 'error';
  /** A plain sentence naming what was wrong, e.g. `"fortnightly" is not a schedule unit.` */
  message: string;
  /** The offending word, when there is one. */
  word?: string;
  /** The usage line of the nearest command. */
  usage: string;
  /** A near-miss keyword: `did you mean "checkin"?` */
  suggestion?: string;
}

/** Context the parser needs to resolve platform mention markup. */
export interface ParseContext {
  /** Teams mention entities: `<at>Name</at>` → user id. */
  mentions?: Array<{ text: string; userId: string; name: string }>;
  /** Default zone for schedules when none is given (the workspace's zone for pairing/sessions/digests). */
  workspaceZone?: string;
  /** The current instant: anchors "every 2 weeks" and refuses session dates already past. Defaults to the clock. */
  now?: Date;
  /** Known channels, to resolve a plain `#name` (sent when the platform did not mark the channel up). */
  channels?: Array<{ name: string; channelId: string }>;
}
