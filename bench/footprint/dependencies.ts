/**
 * The third-party modules the app imports at run time (static, non-type imports under src/, db/ and adapters/),
 * found by reading the sources, so the baseline keeps importing the same set as the app grows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../test/helpers/child.js';

const IMPORT = /^(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Bare specifiers (packages and their subpaths, not `node:` built-ins), sorted. */
export function runtimeDependencies(): string[] {
  const found = new Set<string>();
  for (const dir of ['src', 'db', 'adapters']) {
    for (const file of files(join(ROOT, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[2]!;
        if (m[1] || spec.startsWith('.') || spec.startsWith('node:')) continue;
        found.add(spec);
      }
    }
  }
  return [...found].sort();
}
