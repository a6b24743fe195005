/**
 * The core stays pure: no platform SDK, queue, database or network import, no `process.env`, and no platform words
 * in its code. Only `src/config.ts` reads the environment anywhere in the app.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { files, ROOT } from './source-files.js';

/** Code without comments and string literals' contents, so a word in prose or a message does not count. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

describe('boundaries', () => {
  const core = files(join(ROOT, 'src/core'));

  it('the core imports no platform SDK, queue, database or I/O module', () => {
    const forbidden =
      /from\s+['"](@slack\/|@microsoft\/|botbuilder|botframework|bullmq|ioredis|pg['"]|kysely|node:(fs|http|https|net|child_process))/;
    const offenders = core
      .filter((f) => forbidden.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('the core has no platform words in its code', () => {
    const words = /\b(Slack|Teams|BlockKit|AdaptiveCard|mrkdwn)\b/;
    const offenders = core
      .filter((f) => words.test(codeOnly(readFileSync(f, 'utf8'))))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('only src/config.ts reads the environment', () => {
    const all = ['src', 'adapters', 'db'].flatMap((d) => files(join(ROOT, d)));
    const offenders = all
      .filter((f) => !f.endsWith('src/config.ts') && /process\.env/.test(codeOnly(readFileSync(f, 'utf8'))))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('nothing below an adapter imports a platform SDK', () => {
    const below = ['src', 'db'].flatMap((d) => files(join(ROOT, d)));
    const sdk = /from\s+['"](@slack\/|@microsoft\/|botbuilder|botframework)/;
    const offenders = below.filter((f) => sdk.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('in the Teams adapter only its three SDK files import the Teams SDK (a v2 adapter replaces just those)', () => {
    const sdk = /from\s+['"](@microsoft\/teams|botbuilder|botframework)/;
    const importers = files(join(ROOT, 'adapters/teams'))
      .filter((f) => sdk.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f))
      .sort();
    expect(importers).toEqual([
      'adapters/teams/bot-adapter.ts',
      'adapters/teams/teams-adapter.ts',
      'adapters/teams/teams-app.ts',
    ]);
  });
});
