/**
 * The sandbox's fictional people, its one workspace and its channels. Every name and organisation is made up, and
 * says so, so nobody mistakes the sandbox for real data.
 */
import type { Band } from '../../src/core/commands/command.js';
import type { Actor, MentionEntity, Profile } from '../../src/ports.js';

/** The sandbox's workspace id on the 'sandbox' platform (its `workspaces.external_id`). */
export const SANDBOX_WORKSPACE = 'sandbox';
export const SANDBOX_WORKSPACE_NAME = 'Sandbox partnership (fictional)';
/** The channel commands are said in (`to this channel`); every persona is in it. */
export const SANDBOX_CHANNEL = 'general';

/**
 * Every channel the sandbox has, each with every persona in it: `#general`, and `#reflections`, where the
 * README's digest example and the parser's own hints ("to #reflections") send the learning digest. A channel id
 * is its name, so a typed `#name` can be resolved without a picker.
 */
export const SANDBOX_CHANNELS: readonly string[] = [SANDBOX_CHANNEL, 'reflections'];

/** True when the sandbox has this channel. */
export function isSandboxChannel(channelId: string): boolean {
  return SANDBOX_CHANNELS.includes(channelId);
}

/**
 * A typed `#general` or `#reflections` becomes channel markup, as picking the channel from a platform's `#` list
 * would; text inside double quotes (a title, a place) is left alone, and so is a `#name` the sandbox has not got,
 * which the parser then names as unknown.
 */
export function markChannels(text: string): string {
  return text
    .split(/("[^"]*")/)
    .map((part) =>
      part.startsWith('"')
        ? part
        : part.replace(/(^|[\s,])#([A-Za-z0-9_-]+)(?=$|[\s,])/g, (whole, before: string, name: string) => {
            const id = name.toLowerCase();
            return isSandboxChannel(id) ? `${before}<#${id}|${id}>` : whole;
          }),
    )
    .join('');
}
export const SANDBOX_SIGNPOST =
  'This is a sandbox. In a real workspace, this line says where to find support, for example your employee assistance programme.';

export interface Persona {
  /** The persona's user id on the sandbox platform. */
  id: string;
  name: string;
  /** How the page introduces them, e.g. "admin" or "frontline". */
  role: string;
  band: Band;
  /**
   * Said by the persona themselves in the seed (`me lived-experience yes`), as a real person would: never set by
   * an admin, and never in their title, so the page does not tell the other panes.
   */
  livedExperience?: boolean;
  org: string;
  timezone: string;
  admin: boolean;
}

export const PERSONAS: readonly Persona[] = [
  {
    id: 'admin',
    name: 'Ada',
    role: 'admin',
    band: 'manager',
    org: 'Example Council',
    timezone: 'Europe/London',
    admin: true,
  },
  {
    id: 'sam',
    name: 'Sam',
    role: 'frontline',
    band: 'frontline',
    org: 'Example Housing Trust',
    timezone: 'Europe/London',
    admin: false,
  },
  {
    id: 'priya',
    name: 'Priya',
    role: 'frontline',
    band: 'frontline',
    org: 'Sample Outreach Project',
    timezone: 'Europe/London',
    admin: false,
  },
  {
    id: 'morgan',
    name: 'Morgan',
    role: 'senior leader',
    band: 'leader',
    org: 'Demo Probation Service',
    timezone: 'Europe/London',
    admin: false,
  },
  {
    id: 'jordan',
    name: 'Jordan',
    role: 'senior leader',
    band: 'leader',
    org: 'Placeholder Health Trust',
    timezone: 'Europe/Dublin',
    admin: false,
  },
  {
    id: 'kemi',
    name: 'Kemi',
    role: 'frontline',
    band: 'frontline',
    livedExperience: true,
    org: 'Example Recovery Network',
    timezone: 'Europe/London',
    admin: false,
  },
  {
    id: 'lin',
    name: 'Lin',
    role: 'community, librarian',
    band: 'community',
    org: 'Sample Town Library',
    timezone: 'Europe/London',
    admin: false,
  },
];

/** The persona with this id, or undefined. */
export function findPersona(id: string): Persona | undefined {
  return PERSONAS.find((p) => p.id === id);
}

/** How the page titles a persona: "Ada (admin, Example Council)". */
export function personaTitle(p: Persona): string {
  return `${p.name} (${p.role}, ${p.org})`;
}

/** The platform's view of a persona, as a directory would give it. */
export function personaProfile(p: Persona): Profile {
  return { userId: p.id, displayName: p.name, timezone: p.timezone, platformAdmin: false };
}

/** The actor for an event a persona caused. */
export function personaActor(p: Persona): Actor {
  return {
    platform: 'sandbox',
    workspaceId: SANDBOX_WORKSPACE,
    userId: p.id,
    displayName: p.name,
    timezone: p.timezone,
    platformAdmin: false,
  };
}

/**
 * `@Sam` in a typed command means the persona Sam: the sandbox's equivalent of picking a person from the @ list.
 * Every persona is offered; the parser only uses the ones the text mentions.
 */
export function personaMentions(): MentionEntity[] {
  return PERSONAS.map((p) => ({ text: `@${p.name}`, userId: p.id, name: p.name }));
}
