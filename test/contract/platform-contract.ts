/**
 * What every chat platform adapter must do, as one suite each adapter's rig runs (the way vercel/chat and BullMQ
 * share tests across backends): send a DM and update it, answer a command said in a channel privately (Slack: an
 * ephemeral reply; Teams, which has none: the person's 1:1 chat), page a roster, surface a 429 as `RateLimited` with the
 * delay, and map every failure the platform can answer to the delivery engine's outcome (`src/delivery/outcome.ts`):
 * retryable, "maybe delivered", or permanent with its reason (the user is gone, the bot was removed, the person
 * blocked the bot, the message was refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textMessage } from '../../src/core/messages/message.js';
import { classifyOutcome, type DeliveryOutcome } from '../../src/delivery/outcome.js';
import { NotFound, RateLimited, Unauthorized } from '../../src/errors.js';
import type { PlatformAdapter } from '../../src/http/platform-adapter.js';
import type { PlatformAudience } from '../../src/ports.js';

export type ContractFailure =
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'user-gone' | 'bot-removed' | 'blocked' | 'rejected' | 'retryable' | 'maybe-delivered' }
  /** The platform takes the post and never answers (the rig's adapter runs with a short timeout). */
  | { kind: 'no-answer' };

export interface ContractRig {
  adapter: PlatformAdapter;
  workspaceId: string;
  /** A person the bot may message. */
  userId: string;
  /** A roster of `n` people on the fake, served over several pages; returns the audience and the user ids. */
  setRoster(n: number): Promise<{ audience: PlatformAudience; userIds: string[] }>;
  /** How many pages the last roster read asked for. */
  rosterPagesRead(): number;
  /**
   * Make the platform answer the next send with this failure, the way it really answers it. Returns false when
   * the platform has no such answer (Slack has no "blocked": a Slack user cannot block an app's DMs).
   */
  failNextSend(failure: ContractFailure): boolean;
  /** How many message posts the platform has received so far (answered or not). */
  postsMade(): number;
  /** The texts the person has seen, newest version of each message. */
  textsSeenBy(userId: string): string[];
  /**
   * Say a command in a channel, as `userId`, through the platform's real signed request; once the app has
   * answered, what only that person saw and what everyone in the channel saw.
   */
  commandInChannel(userId: string, words: string): Promise<{ privately: string[]; inChannel: string[] }>;
  close(): Promise<void>;
}

export function describePlatformContract(name: string, makeRig: () => Promise<ContractRig>): void {
  describe(`${name} adapter contract`, () => {
    let rig: ContractRig;
    beforeAll(async () => {
      rig = await makeRig();
    });
    afterAll(async () => {
      await rig?.close();
    });

    it('sends a direct message and updates it in place', async () => {
      const target = { workspaceId: rig.workspaceId, userId: rig.userId };
      const ref = await rig.adapter.messenger.sendDirect(target, textMessage('Time for a check-in'));
      expect(ref.platform).toBe(rig.adapter.platform);
      expect(rig.textsSeenBy(rig.userId).at(-1)).toContain('Time for a check-in');
      await rig.adapter.messenger.update(ref, textMessage('Thank you'));
      expect(rig.textsSeenBy(rig.userId).at(-1)).toContain('Thank you');
    });

    it('reaches each person of a batch read ahead with prepareDirects, and the same way again without it', async () => {
      const messenger = rig.adapter.messenger;
      const target = { workspaceId: rig.workspaceId, userId: rig.userId };
      await messenger.prepareDirects?.(rig.workspaceId, [rig.userId, 'someone-unknown']);
      await messenger.sendDirect(target, textMessage('First of a batch'));
      expect(rig.textsSeenBy(rig.userId).some((t) => t.includes('First of a batch'))).toBe(true);
      // What was read ahead served one send; the next reads afresh and still arrives.
      await messenger.sendDirect(target, textMessage('Second, on its own'));
      expect(rig.textsSeenBy(rig.userId).some((t) => t.includes('Second, on its own'))).toBe(true);
    });

    it('answers a command said in a channel privately, so the channel sees none of it', async () => {
      const { privately, inChannel } = await rig.commandInChannel(rig.userId, 'help');
      const answer = privately.join('\n');
      expect(answer).toMatch(/check-in/i);
      // Whatever the channel saw (Teams: a note that the answer went to the private chat), not the answer.
      const firstLine = answer.split('\n').find((l) => l.trim().length > 20)!;
      for (const seen of inChannel) expect(seen).not.toContain(firstLine.trim());
    });

    it('reads every page of a roster', async () => {
      const { audience, userIds } = await rig.setRoster(7);
      const people = await rig.adapter.directory.listAudience(rig.workspaceId, audience);
      expect(people.map((p) => p.userId).sort()).toEqual([...userIds].sort());
      expect(rig.rosterPagesRead()).toBeGreaterThan(1);
    });

    it('surfaces a 429 as RateLimited carrying the Retry-After delay', async () => {
      rig.failNextSend({ kind: 'rate-limited', retryAfterSeconds: 7 });
      const error = await rig.adapter.messenger
        .sendDirect({ workspaceId: rig.workspaceId, userId: rig.userId }, textMessage('one'))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimited);
      expect((error as RateLimited).retryAfterMs).toBe(7000);
    });

    const OUTCOMES: Array<[ContractFailure, DeliveryOutcome]> = [
      [{ kind: 'retryable' }, { kind: 'retryable' }],
      [{ kind: 'maybe-delivered' }, { kind: 'maybe-delivered' }],
      [{ kind: 'no-answer' }, { kind: 'maybe-delivered' }],
      [{ kind: 'user-gone' }, { kind: 'permanent', reason: 'user-gone' }],
      [{ kind: 'bot-removed' }, { kind: 'permanent', reason: 'bot-removed' }],
      [{ kind: 'blocked' }, { kind: 'permanent', reason: 'blocked' }],
      [{ kind: 'rejected' }, { kind: 'permanent', reason: 'rejected' }],
    ];
    it.each(OUTCOMES)('a %o answer is the outcome %o', async (failure, expected) => {
      if (!rig.failNextSend(failure)) return; // the platform never answers this way
      const error = await rig.adapter.messenger
        .sendDirect({ workspaceId: rig.workspaceId, userId: rig.userId }, textMessage('one'))
        .then(() => undefined)
        .catch((e: unknown) => e);
      expect(error).toBeDefined();
      expect(classifyOutcome(error)).toEqual(expected);
    });

    it('posts a message the platform took and never answered only once: the adapter itself does not retry it', async () => {
      const before = rig.postsMade();
      expect(rig.failNextSend({ kind: 'no-answer' })).toBe(true);
      const error = await rig.adapter.messenger
        .sendDirect({ workspaceId: rig.workspaceId, userId: rig.userId }, textMessage('are you there'))
        .catch((e: unknown) => e);
      expect(classifyOutcome(error)).toEqual({ kind: 'maybe-delivered' });
      expect(rig.postsMade() - before).toBe(1);
    });

    it('maps a user who is gone to NotFound and a removed bot to Unauthorized', async () => {
      const target = { workspaceId: rig.workspaceId, userId: rig.userId };
      rig.failNextSend({ kind: 'user-gone' });
      await expect(rig.adapter.messenger.sendDirect(target, textMessage('x'))).rejects.toBeInstanceOf(
        NotFound,
      );
      rig.failNextSend({ kind: 'bot-removed' });
      await expect(rig.adapter.messenger.sendDirect(target, textMessage('x'))).rejects.toBeInstanceOf(
        Unauthorized,
      );
    });
  });
}
