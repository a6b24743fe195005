import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { ManifestUtil } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';
import { colorIcon, outlineIcon } from '../../../adapters/teams/app-icons.js';
import { buildManifest, checkManifestValues, readTemplate } from '../../../adapters/teams/app-manifest.js';
import { packageApp } from '../../../adapters/teams/package-app.js';
import { crc32 } from '../../../adapters/teams/zip-writer.js';

const require = createRequire(import.meta.url);
const values = {
  teamsAppId: '11111111-2222-3333-4444-555555555555',
  publicUrl: 'https://roundtable.example.org/',
  appVersion: '0.1.0',
};

function schema(version: string): unknown {
  return JSON.parse(
    readFileSync(
      require.resolve(
        `@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
      ),
      'utf8',
    ),
  );
}

/** Read a ZIP's entries back (local headers in order), checking each CRC. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const crc = zip.readUInt32LE(at + 14);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    const raw = zip.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(crc32(data)).toBe(crc);
    out.set(name, data);
    at = start + size;
  }
  expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
  return out;
}

/** Decode our own PNGs (RGBA, filter 0) back to pixels. */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('ascii');
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, pixels };
}

describe('Teams app package', () => {
  it('has a manifest valid against the official v1.17 schema once filled', async () => {
    const manifest = buildManifest(values);
    const errors = await ManifestUtil.validateManifestAgainstSchema(
      manifest as never,
      schema('1.17') as never,
    );
    expect(errors).toEqual([]);
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.validDomains).toEqual(['roundtable.example.org']);
    const bot = (manifest.bots as { botId: string; scopes: string[] }[])[0]!;
    expect(bot.botId).toBe(values.teamsAppId);
    expect(bot.scopes).toEqual(['personal', 'team']);
  });

  it('is also valid against the newest bundled schema', async () => {
    const manifest = buildManifest(values);
    const errors = await ManifestUtil.validateManifestAgainstSchema(
      { ...manifest, $schema: undefined, manifestVersion: '1.24' } as never,
      schema('1.24') as never,
    );
    expect(errors).toEqual([]);
  });

  it('the validator fails a broken manifest (the check can fail)', async () => {
    const manifest = buildManifest(values);
    const broken = { ...manifest, id: 'not-a-guid' };
    const errors = await ManifestUtil.validateManifestAgainstSchema(broken as never, schema('1.17') as never);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('leaves no placeholder unfilled and refuses bad values', () => {
    // Placeholders are `$` + `{{NAME}}`; built from parts so no string looks like a template by mistake.
    const open = '$' + '{{';
    expect(JSON.stringify(buildManifest(values))).not.toContain(open);
    expect(readTemplate()).toContain(`${open}TEAMS_APP_ID}}`);
    expect(() => buildManifest(values, `{"x":"${open}UNKNOWN}}"}`)).toThrow(/UNKNOWN/);
    expect(checkManifestValues({ teamsAppId: 'abc', publicUrl: 'http://x', appVersion: '1' })).toHaveLength(
      3,
    );
    expect(checkManifestValues(values)).toEqual([]);
  });

  it('draws a 192x192 opaque colour icon and a 32x32 white-on-transparent outline icon', () => {
    const color = decodePng(colorIcon());
    expect([color.width, color.height]).toEqual([192, 192]);
    for (let i = 3; i < color.pixels.length; i += 4) expect(color.pixels[i]).toBe(255);
    const outline = decodePng(outlineIcon());
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let solid = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      expect([outline.pixels[i], outline.pixels[i + 1], outline.pixels[i + 2]]).toEqual([255, 255, 255]);
      if (outline.pixels[i + 3] === 0) transparent += 1;
      if (outline.pixels[i + 3] === 255) solid += 1;
    }
    expect(transparent).toBeGreaterThan(500);
    expect(solid).toBeGreaterThan(50);
  });

  it('zips the manifest and both icons at the archive root', () => {
    const file = packageApp(values, join(mkdtempSync(join(tmpdir(), 'rt-teams-')), 'app.zip'));
    const entries = unzip(readFileSync(file));
    expect([...entries.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(JSON.parse(entries.get('manifest.json')!.toString()).id).toBe(values.teamsAppId);
    expect(entries.get('color.png')).toEqual(colorIcon());
  });
});
