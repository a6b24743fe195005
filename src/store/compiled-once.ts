/**
 * A hot query that Kysely builds and compiles once, then runs with fresh values. Building a query with common
 * table expressions and compiling it cost more CPU than its round trip to Postgres (a CPU profile of a 10,000
 * check-in fan-out, issue #19), and the check-in's claim and mark run once per message sent.
 *
 * `build` is called once, with a placeholder in place of each argument, and must pass every argument straight
 * through as a query parameter (no arithmetic, no JSON encoding, no list expanded by `in`: do that before the
 * call). The placeholders are found in the compiled parameters, so each later call only swaps the values in.
 * A builder that used a placeholder in any other way is refused the first time it runs.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database, Executor } from '../../db/schema.js';

const MARK = '\u0000roundtable-arg-';
const MARKED = /^\u0000roundtable-arg-(\d+)\u0000$/;

export function compiledOnce<Args extends unknown[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Executor, ...args: Args) => Promise<Row[]> {
  let compiled: { sql: string; slots: Array<{ arg: number } | { value: unknown }> } | undefined;
  return async (db, ...args) => {
    if (!compiled) {
      const marks = args.map((_, n) => `${MARK}${n}\u0000`) as unknown as Args;
      const query = build(db as Kysely<Database>, ...marks).compile();
      const slots = query.parameters.map((value) => {
        const marked = typeof value === 'string' ? MARKED.exec(value) : null;
        return marked ? { arg: Number(marked[1]) } : { value };
      });
      const used = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
      const changed = query.parameters.some(
        (v) => typeof v === 'string' && v.includes(MARK) && !MARKED.test(v),
      );
      if (used.size !== args.length || changed || query.sql.includes(MARK)) {
        throw new Error('compiledOnce: every argument must be passed straight through as one parameter');
      }
      compiled = { sql: query.sql, slots };
    }
    const parameters = compiled.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    const result = await db.executeQuery(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<Row>);
    return result.rows;
  };
}
