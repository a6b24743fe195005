/**
 * `npm run teams:package`: the package's version is `package.json`'s (Teams wants a higher version for every
 * update an admin uploads), and a deployment with several bot registrations gets one package per registration.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { appVersion, packageAll } from '../../../adapters/teams/package-app.js';

const A = 'aaaaaaaa-1111-4111-8111-111111111111';
const B = 'bbbbbbbb-2222-4222-8222-222222222222';
const version = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** The manifest.json entry of a package (the first entry in the archive). */
function manifestOf(file: string): { id: string; version: string; bots: { botId: string }[] } {
  const zip = readFileSync(file);
  const method = zip.readUInt16LE(8);
  const size = zip.readUInt32LE(18);
  const nameLength = zip.readUInt16LE(26);
  const extra = zip.readUInt16LE(28);
  expect(zip.subarray(30, 30 + nameLength).toString()).toBe('manifest.json');
  const raw = zip.subarray(30 + nameLength + extra, 30 + nameLength + extra + size);
  return JSON.parse((method === 8 ? inflateRawSync(raw) : raw).toString());
}

describe('Teams app package version', () => {
  it("is package.json's version", () => {
    expect(appVersion()).toBe(version);
    const [file] = packageAll({ TEAMS_APP_ID: A, PUBLIC_URL: 'https://roundtable.example.org' }, tmp());
    expect(manifestOf(file!).version).toBe(version);
  });

  it('builds one package per registration, each with its own bot id and the same version', () => {
    const dir = tmp();
    const files = packageAll(
      { TEAMS_APP_ID: A, TEAMS_APP_ID_2: B, PUBLIC_URL: 'https://roundtable.example.org' },
      dir,
    );
    expect(files).toEqual([join(dir, 'roundtable-teams.zip'), join(dir, 'roundtable-teams-2.zip')]);
    const [first, second] = files.map(manifestOf);
    expect([first!.id, first!.bots[0]!.botId, first!.version]).toEqual([A, A, version]);
    expect([second!.id, second!.bots[0]!.botId, second!.version]).toEqual([B, B, version]);
  });

  it('names the variable that is wrong', () => {
    expect(() =>
      packageAll({ TEAMS_APP_ID: A, TEAMS_APP_ID_2: 'nope', PUBLIC_URL: 'https://x.org' }, tmp()),
    ).toThrow(/^TEAMS_APP_ID_2 must be/);
  });
});

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'rt-teams-pkg-'));
}
