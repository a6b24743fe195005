/**
 * The top frames of a V8 CPU profile (`.cpuprofile`, written with `--cpu-prof`) by self time, and the share of
 * time under our own code (`src/`, `adapters/`, `db/`) against libraries and Node itself.
 * Usage: `npx tsx bench/lib/profile-top.ts <file.cpuprofile> [n]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, nArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [n]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  const m = /\/(src|adapters|db|node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(url);
  return m ? m[1]! : url ? 'node' : '(native)';
};
const frames = new Map<string, number>();
const places = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const name = n.callFrame.functionName || '(anonymous)';
  const key = `${name}  ${n.callFrame.url.replace(/^.*?\/(src|adapters|db|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  frames.set(key, (frames.get(key) ?? 0) + us);
  const p = where(n.callFrame.url);
  places.set(p, (places.get(p) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`;
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
console.log('\nby place (self time):');
for (const [p, us] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`  ${pct(us).padStart(6)}  ${p}`);
console.log('\ntop frames (self time):');
for (const [f, us] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, Number(nArg ?? 25)))
  console.log(`  ${pct(us).padStart(6)}  ${f}`);
