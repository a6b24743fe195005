/**
 * What every chat platform adapter must do, as one suite each adapter's rig runs (the way vercel/chat and BullMQ
 * share tests across backends): send a DM and update it, page a roster, surface a 429 as `RateLimited` with the
 * delay, and map permanent failures (the user is gone, the bot was removed) to the port's typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textMessage } from '../../src/core/messages/message.js';
import { NotFound, RateLimited, Unauthorized } from '../../src/errors.js';
import type { PlatformAdapter } from '../../src/http/platform-adapter.js';
import type { PlatformAudience } from '../../src/ports.js';

export interface ContractRig {
  adapter: PlatformAdapter;
  workspaceId: string;
  /** A person the bot may message. */
  userId: string;
  /** A roster of `n` people on the fake, served over several pages; returns the audience and the user ids. */
  setRoster(n: number): Promise<{ audience: PlatformAudience; userIds: string[] }>;
  /** How many pages the last roster read asked for. */
  rosterPagesRead(): number;
  /** The platform's answer to the next send: a 429 with Retry-After seconds, or a permanent failure. */
  failNextSend(
    failure: { kind: 'rate-limited'; retryAfterSeconds: number } | { kind: 'user-gone' | 'bot-removed' },
  ): void;
  /** The texts the person has seen, newest version of each message. */
  textsSeenBy(userId: string): string[];
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
