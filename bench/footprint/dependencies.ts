/**
 * The third-party modules the app loads at start: the bare specifiers of the static, non-type imports reachable
 * from `src/main.ts`, found by reading the sources, so the baseline keeps importing the same set as the app grows.
 * A module the app imports with `await import()` (a platform's SDK when that platform is not configured, pdfkit
 * and resvg until a PDF or a chart is asked for) is not loaded by the idle app, so the baseline leaves it out too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ROOT } from '../../test/helpers/child.js';

const IMPORT = /^(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm;

/** `./x.js` as written in a source file → the `.ts` file it is (or undefined for a non-TypeScript file). */
function sourceOf(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Bare specifiers (packages and their subpaths, not `node:` built-ins) loaded from `entry`, sorted. */
export function runtimeDependencies(entry = join(ROOT, 'src/main.ts')): string[] {
  const found = new Set<string>();
  const visited = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (visited.has(file)) continue;
    visited.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[2]!;
      if (m[1] || spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) {
        const next = sourceOf(file, spec);
        if (next) queue.push(next);
      } else found.add(spec);
    }
  }
  return [...found].sort();
}
