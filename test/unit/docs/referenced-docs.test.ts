/**
 * Every document the code points to exists: a `docs/…md`, `README.md` or other `.md` path named anywhere in the
 * sources (comments included) must be a file in the repository, found from the repository root or beside the file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `.md` paths named in a source, leaving out web addresses (another site's documents). */
function namedDocuments(source: string): string[] {
  const withoutUrls = source.replace(/\bhttps?:\/\/\S+/g, '');
  return [...withoutUrls.matchAll(/[A-Za-z0-9_./-]*[A-Za-z0-9_-]+\.md\b/g)].map((m) => m[0]);
}

describe('documents the code points to', () => {
  it('finds a named document and leaves web addresses out', () => {
    expect(
      namedDocuments('// see docs/PITFALLS.md and https://example.com/x/README.md, SECURITY.md'),
    ).toEqual(['docs/PITFALLS.md', 'SECURITY.md']);
  });

  it('every .md path named in src, adapters, db and test exists', () => {
    const missing: string[] = [];
    for (const f of ['src', 'adapters', 'db', 'test'].flatMap((d) => files(join(ROOT, d)))) {
      for (const doc of namedDocuments(readFileSync(f, 'utf8'))) {
        if (!existsSync(join(ROOT, doc)) && !existsSync(join(dirname(f), doc))) {
          missing.push(`${relative(ROOT, f)}: ${doc}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
