/**
 * Logs never carry a token, a signing secret, an invite code or any text a person wrote. The main flows run on
 * both real adapters (settings, a check-in answered with a reflection, a peer-support conversation, a report made
 * inside it, a record download), with the logger at debug level; then every log line is scanned.
 */
import { downloadRecord } from '../../helpers/record-link.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NORTH,
  SECRET,
  type FlowsHarness,
  slackButton,
  slackPerson,
  startFlowsHarness,
  teamsPerson,
} from './pairing-harness.js';

const admin = slackPerson('logadmin1', 'Lowri Logadmin', true);
const sam = slackPerson('samlog2', 'Samphire Logworth');
const lea = slackPerson('lealog3', 'Leander Logfield');
const tia = teamsPerson('tialog4', 'Tiamat Logbury');
const teamsAdmin = teamsPerson('tadmin5', 'Tobiah Adminsworth');

const PERSONAL = {
  org: 'Quarrybank Outreach Collective',
  signpost: 'Ring Wellbeing Line on 0800 123 4567',
  reflection: 'Sat with a resident in silence and it helped us both',
  relay: 'Budget panels make me feel unheard lately',
  report: 'The other person used an unkind word about a colleague',
  community: 'Larkspur Valley Partnership',
};

let h: FlowsHarness;

beforeAll(async () => {
  h = await startFlowsHarness('flows-logs', { slack: [admin, sam, lea], teams: [tia], teamsAdmin });
});
afterAll(async () => {
  await h?.close();
});

describe('logs stay clean through the main flows', () => {
  it('runs the flows', async () => {
    await h.command(sam, `me org "${PERSONAL.org}"`);
    await h.command(admin, `signpost "${PERSONAL.signpost}"`);
    const created = await h.command(admin, `community create "${PERSONAL.community}"`);
    const code = /Invite code: (\S+)/.exec(created)?.[1];
    expect(code).toBeDefined();
    await h.teamsSay(teamsAdmin, `community join ${code}`);

    // A check-in answered with a reflection.
    await h.command(admin, 'checkin now to everyone');
    await h.received(sam, 'A moment to reflect');
    const checkin = h.slackInbox(sam).find((m) => JSON.stringify(m.blocks).includes('checkin.submit'))!;
    const submit = slackButton(checkin.blocks, 'checkin.submit')!;
    await h.slackClick(sam, checkin as never, submit.action_id, submit.value, {
      scale: '2',
      reflection: PERSONAL.reflection,
      share: 'true',
    });

    // A peer-support conversation across platforms, with a report inside it.
    await h.command(lea, 'me role leader');
    await h.teamsSay(tia, 'me role leader');
    await h.command(lea, 'pairing join');
    await h.teamsSay(tia, 'pairing join');
    await h.command(admin, 'pairing now');
    await h.received(lea, 'You have been paired with');
    await h.slackDm(lea, PERSONAL.relay);
    await h.received(tia, PERSONAL.relay);
    await h.teamsSay(tia, `report ${PERSONAL.report}`);

    // My record, downloaded.
    await h.command(sam, 'me record');
    await h.received(sam, '/record/');
    const link = h
      .slackInbox(sam)
      .map((m) => JSON.stringify(m.blocks))
      .join('\n')
      .match(/\/record\/([A-Za-z0-9_-]+)/g)!;
    for (const path of link) {
      const res = await downloadRecord(h.app.url, path);
      expect(res.status).toBe(200);
    }
    await h.drained();
  }, 60_000);

  it('no log line carries a secret or anything a person wrote', () => {
    const log = h.app.logs.text();
    expect(log.length).toBeGreaterThan(1000);
    const forbidden = [NORTH.botToken, SECRET, ...Object.values(PERSONAL)];
    const hits = forbidden.filter((needle) => log.includes(needle));
    expect(hits).toEqual([]);
    // Nor the invite code, nor a record token.
    expect(log).not.toMatch(/\/record\/[A-Za-z0-9_-]{20,}/);
    expect(log).not.toMatch(/Invite code/i);
  });
});
