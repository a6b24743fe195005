/**
 * The layers point one way: adapters → services → store → database, with the core beneath them all and pure.
 * - the core imports no service, store, adapter or job module;
 * - the store imports no service;
 * - services import no adapter; the delivery engine (`src/delivery/`) neither, and it runs no query either;
 * - adapters reach people and workspaces through the services, not the store (type imports are fine);
 * - services run no query of their own: SQL lives in `src/store/*.repository.ts`;
 * - adapters run queries only on their own tables, in their own `*.repository.ts` files (and the sandbox's store).
 * A lazy `await import('...')` counts as an import like a static one.
 * What is left of the old arrows is an explicit allow-list that may only shrink: a new file or a new query in a
 * listed file fails here. When you move a query into the store, lower (or delete) its line.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { files, ROOT } from './source-files.js';

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The modules a file imports at run time (`import type` is left out: types carry no arrow at run time). */
function valueImports(source: string): string[] {
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm;
  for (const m of withoutComments(source).matchAll(re)) {
    if (!m[2]) out.push(m[3]!);
  }
  for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  // A module loaded lazily (`await import('...')`, e.g. pdfkit on the first PDF) is an arrow all the same.
  for (const m of withoutComments(source).matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

/** Which layer an import from `file` lands in, resolved to a repository path. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return relative(ROOT, join(file, '..', spec));
}

function offenders(dirs: string[], forbidden: RegExp): string[] {
  return dirs
    .flatMap((d) => files(join(ROOT, d)))
    .flatMap((f) =>
      valueImports(readFileSync(f, 'utf8'))
        .map((spec) => target(f, spec))
        .filter((t) => forbidden.test(t))
        .map((t) => `${relative(ROOT, f)} → ${t}`),
    )
    .sort();
}

/**
 * Files under adapters/ that still import the store at run time, and why. Platform-owned tables (Slack
 * installations, Teams conversation references) are the adapter's own and keep their cipher places in the store;
 * the sandbox seeds demo data.
 */
const ADAPTER_STORE_ALLOWED = new Set([
  'adapters/sandbox/seed.ts',
  'adapters/sandbox/message-store.ts',
  'adapters/slack/installation.repository.ts',
]);

/**
 * Service files that run queries of their own, with how many: none any more, and it stays so (SQL lives in the
 * store). A query here is a `selectFrom`/`insertInto`/`updateTable`/`deleteFrom`/`transaction` call or a raw `sql`
 * tag; transactions go through `inTransaction` (src/store/transaction.ts).
 */
const SERVICE_QUERIES_ALLOWED: Record<string, number> = {};

/** Adapter files that run queries and are not repositories: the sandbox keeps its own demo messages and seed. */
const ADAPTER_QUERIES_ALLOWED = new Set(['adapters/sandbox/message-store.ts', 'adapters/sandbox/seed.ts']);

const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|transaction)\s*\(|\bsql\s*`/g;

describe('layers', () => {
  it('the core imports no service, store, adapter or job module', () => {
    expect(offenders(['src/core'], /^(src\/(services|store|jobs|http)|adapters)\//)).toEqual([]);
  });

  it('the store imports no service, adapter or job module', () => {
    expect(offenders(['src/store'], /^(src\/(services|jobs|http)|adapters)\//)).toEqual([]);
  });

  it('services import no adapter', () => {
    expect(offenders(['src/services'], /^adapters\//)).toEqual([]);
  });

  it('the delivery engine imports no adapter and runs no query of its own', () => {
    expect(offenders(['src/delivery'], /^(adapters|src\/http)\//)).toEqual([]);
    for (const f of files(join(ROOT, 'src/delivery'))) {
      expect([...withoutComments(readFileSync(f, 'utf8')).matchAll(QUERY)], relative(ROOT, f)).toEqual([]);
    }
  });

  it('adapters write people and workspaces through the services, not the store', () => {
    const found = offenders(['adapters'], /^src\/store\//).filter(
      (line) => !ADAPTER_STORE_ALLOWED.has(line.split(' → ')[0]!),
    );
    expect(found).toEqual([]);
  });

  it('adapters run queries only in their own repository files', () => {
    const found: string[] = [];
    for (const f of files(join(ROOT, 'adapters'))) {
      const file = relative(ROOT, f);
      if (file.endsWith('.repository.ts') || ADAPTER_QUERIES_ALLOWED.has(file)) continue;
      for (const m of withoutComments(readFileSync(f, 'utf8')).matchAll(QUERY))
        found.push(`${file}: ${m[0]}`);
    }
    expect(found).toEqual([]);
  });

  it('the Teams adapter stores members only through the services', () => {
    const found = offenders(['adapters/teams'], /^src\/store\/(member|workspace|suppression)\.repository/);
    expect(found).toEqual([]);
  });

  it('services run no query of their own beyond the shrinking allow-list', () => {
    const counts: Record<string, number> = {};
    for (const f of files(join(ROOT, 'src/services'))) {
      const n = [...withoutComments(readFileSync(f, 'utf8')).matchAll(QUERY)].length;
      if (n > 0) counts[relative(ROOT, f)] = n;
    }
    expect(counts).toEqual(SERVICE_QUERIES_ALLOWED);
  });

  it('only the delivery engine sends messages and handles outbox jobs', () => {
    const SEND = /\.(sendDirect|sendToChannel|onOutbox)\s*\(/g;
    const found: string[] = [];
    for (const f of files(join(ROOT, 'src'))) {
      const file = relative(ROOT, f);
      if (file.startsWith('src/delivery/') || file.startsWith('src/jobs/') || file === 'src/ports.ts')
        continue;
      for (const m of withoutComments(readFileSync(f, 'utf8')).matchAll(SEND)) found.push(`${file}: ${m[1]}`);
    }
    expect(found).toEqual([]);
  });
});
