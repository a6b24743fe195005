/**
 * Joining and leaving the pool, who may join, and communities: the invite code is shown once and only its hash
 * is stored; a Teams workspace joining a Slack workspace's community makes one pool; `pairing status` shows
 * counts only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../src/crypto.js';
import { type Harness, leader, person, received, say, startHarness } from './pairing-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('pairing-community');
});
afterAll(async () => {
  await h?.close();
});

describe('the pool', () => {
  it('a leader joins and leaves, privately', async () => {
    const lee = person('slack', 'Lee Leader');
    await say(h, lee, 'me role leader');
    const joined = await h.app.services.inbound.command({ actor: lee, text: 'pairing join' });
    expect(joined.visibility ?? 'private').toBe('private');
    expect(joined.message?.text).toContain('You are in the peer support pool');
    const rows = await h.app.db.selectFrom('pairing_pool').selectAll().execute();
    expect(rows).toHaveLength(1);

    const left = await h.app.services.inbound.command({ actor: lee, text: 'pairing leave' });
    expect(left.visibility ?? 'private').toBe('private');
    expect(left.message?.text).toContain('You have left the peer support pool');
    expect(await h.app.db.selectFrom('pairing_pool').selectAll().execute()).toHaveLength(0);
    expect(await say(h, lee, 'pairing leave')).toContain('not in the peer support pool');
  });

  it('someone who is not a leader is refused kindly and told how to set their role', async () => {
    const mo = person('slack', 'Mo Manager');
    await say(h, mo, 'me role manager');
    const text = await say(h, mo, 'pairing join');
    expect(text).toContain('senior leaders');
    expect(text).toContain('set as manager');
    expect(text).toContain('me role leader');
    const nobody = person('teams', 'Nia Norole');
    expect(await say(h, nobody, 'pairing join')).toContain('not set yet');
    expect(await h.app.db.selectFrom('pairing_pool').selectAll().execute()).toHaveLength(0);
  });

  it('pairing now, end and status are for admins only', async () => {
    const lee = person('slack', 'Lou Leader');
    await leader(h, lee);
    for (const words of ['pairing now', 'pairing end', 'pairing status'])
      expect(await say(h, lee, words)).toContain('Only Roundtable admins');
    await say(h, lee, 'pairing leave');
  });
});

describe('communities', () => {
  let code = '';

  it('create shows the invite code once and stores only its hash', async () => {
    const reply = await say(h, h.slackAdmin, 'community create "North and South Partnership"');
    const match = /Invite code: ([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})/.exec(reply);
    expect(match).not.toBeNull();
    code = match![1]!;
    const rows = await h.app.db.selectFrom('communities').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.invite_hash).toBe(hashSecret(code.replaceAll('-', '')));
    expect(JSON.stringify(rows)).not.toContain(code.replaceAll('-', ''));
    expect(JSON.stringify(rows)).not.toContain(code);
    // Nowhere else either: not in the audit log, not in the logs.
    const audit = await h.app.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(code);
    expect(h.app.logs.text()).not.toContain(code);
    // Asking again does not show it again.
    expect(await say(h, h.slackAdmin, 'community create "Again"')).not.toContain(code);
  });

  it('a non-admin cannot join; a wrong code is refused; the Teams admin joins with the code', async () => {
    const someone = person('teams', 'Ola Other');
    expect(await say(h, someone, `community join ${code}`)).toContain('Only Roundtable admins');
    expect(await say(h, h.teamsAdmin, 'community join ABCD-EFGH-JKLM')).toContain('does not match');
    const joined = await say(h, h.teamsAdmin, `community join ${code.toLowerCase()}`);
    expect(joined).toContain('has joined the community "North and South Partnership" (2 workspaces)');
    const workspaces = await h.app.db.selectFrom('workspaces').select(['platform', 'community_id']).execute();
    expect(new Set(workspaces.map((w) => w.community_id)).size).toBe(1);
  });

  it('leaders of both workspaces form one pool, and a round pairs across platforms', async () => {
    const ann = person('slack', 'Ann North');
    const bo = person('teams', 'Bo South');
    await leader(h, ann);
    await leader(h, bo);
    expect(await say(h, h.teamsAdmin, 'pairing now')).toContain(
      'Round started: groups formed for fewer than 5 people',
    );
    await received(h, ann, 'You have been paired with');
    await received(h, bo, 'You have been paired with');
    const status = await say(h, h.slackAdmin, 'pairing status');
    // Under k, every count about people is "fewer than 5" (the disclosure rule); rounds are not about people.
    expect(status).toContain('Leaders in the pool: fewer than 5');
    expect(status).toContain('Rounds so far: 1');
    expect(status).toContain('Groups formed: fewer than 5');
    expect(status).toContain('Groups that exchanged messages: fewer than 5 of fewer than 5');
    expect(status).toContain('"Did this help?": no round has ended yet');
    for (const a of [ann, bo]) {
      expect(status).not.toContain(a.displayName!);
      expect(status).not.toContain(a.userId);
    }
    // The same counts from the other workspace: one pool.
    expect(await say(h, h.teamsAdmin, 'pairing status')).toContain('Rounds so far: 1');
    expect(await say(h, h.slackAdmin, 'pairing end')).toContain('Round 1 has ended');
  });

  it('leaving the community gives the workspace its own pool again', async () => {
    expect(await say(h, h.teamsAdmin, 'community leave')).toContain('has left the community');
    // Its own pool again: no rounds of its own yet.
    expect(await say(h, h.teamsAdmin, 'pairing status')).toContain('Rounds so far: 0');
    expect(await say(h, h.slackAdmin, 'pairing status')).toContain('Rounds so far: 1');
    expect(await say(h, h.teamsAdmin, `community join ${code}`)).toContain('has joined');
  });
});

describe('scheduled rounds in a community', () => {
  it("the first workspace's firing starts the round; another firing within hours is skipped", async () => {
    expect(await say(h, h.slackAdmin, 'pairing schedule every week on monday at 09:00')).toContain(
      'pairing rounds (groups of 2)',
    );
    await say(h, h.teamsAdmin, 'pairing schedule every week on monday at 09:00');
    const cadences = await h.app.db
      .selectFrom('cadences')
      .innerJoin('workspaces', 'workspaces.id', 'cadences.workspace_id')
      .select(['cadences.id', 'cadences.zone', 'workspaces.platform'])
      .where('kind', '=', 'pairing')
      .execute();
    expect(cadences).toHaveLength(2);
    // A week after the round started by `pairing now`: the next Monday, 09:00.
    h.app.clock.advance(7 * 24 * 3600_000);
    const at = h.app.clock.now();
    const slackCadence = cadences.find((c) => c.platform === 'slack')!;
    const teamsCadence = cadences.find((c) => c.platform === 'teams')!;
    await h.app.services.cadences.fire(slackCadence.id, slackCadence.zone, at);
    await h.app.services.cadences.fire(teamsCadence.id, teamsCadence.zone, at);
    const occurrences = await h.app.db
      .selectFrom('occurrences')
      .select(['cadence_id', 'status', 'skip_reason'])
      .orderBy('id')
      .execute();
    expect(occurrences).toEqual([
      { cadence_id: slackCadence.id, status: 'done', skip_reason: null },
      { cadence_id: teamsCadence.id, status: 'done', skip_reason: 'no round: recent' },
    ]);
    const rounds = await h.app.db
      .selectFrom('pairing_rounds')
      .select(['number', 'ends_at', 'ended_at'])
      .orderBy('number')
      .execute();
    // Round 2 runs until the next firing, a week later.
    expect(rounds.at(-1)).toEqual({
      number: 2,
      ends_at: new Date(at.getTime() + 7 * 24 * 3600_000),
      ended_at: null,
    });
    // A retried firing of the same occurrence does not start another round.
    await h.app.services.cadences.fire(slackCadence.id, slackCadence.zone, at);
    expect(await h.app.db.selectFrom('pairing_rounds').selectAll().execute()).toHaveLength(2);
  });
});
