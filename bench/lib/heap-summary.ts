/**
 * `npx tsx bench/lib/heap-summary.ts <file.heapsnapshot> [--top N]`: what a V8 heap snapshot holds, as text
 * short enough for a benchmark note. The total, the loaded scripts (modules) counted by package, the top
 * constructors by retained and by self size, the largest single retainers, and the top packages by what their
 * functions retain.
 *
 * Retained sizes come from the dominator tree over the snapshot's edges (weak edges left out), computed with the
 * iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast Dominance Algorithm"). A group's retained
 * size counts a node only when no node above it in the dominator tree is in the same group, so nothing is counted
 * twice. Chrome DevTools treats some internal edges specially, so its figures may differ a little.
 */
import { readFileSync } from 'node:fs';

interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface SizeRow {
  name: string;
  count: number;
  selfBytes: number;
  retainedBytes: number;
}

export interface PackageRow {
  name: string;
  scripts: number;
  sourceBytes: number;
  retainedBytes: number;
}

export interface HeapSummary {
  totalBytes: number;
  /** The single objects that retain most (the synthetic roots left out), each with the edge it is held by. */
  largest: Array<{ name: string; heldAs: string; retainedBytes: number }>;
  nodes: number;
  /** Distinct scripts with a file name (the app's modules, node_modules and Node's own `node:` modules). */
  scripts: number;
  byConstructor: SizeRow[];
  byPackage: PackageRow[];
}

/** `node_modules/<pkg>` (scoped too), `node:*` for Node's own, else the path under the project (`src/…`). */
export function packageOf(scriptName: string): string {
  const path = scriptName.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith('node:')) return 'node: (built-in)';
  for (const top of ['/src/', '/adapters/', '/db/', '/bench/', '/test/']) {
    const at = path.lastIndexOf(top);
    if (at >= 0) {
      const parts = path.slice(at + 1).split('/');
      return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : `${parts[0]}/`;
    }
  }
  return '(other)';
}

/** Summarise a parsed snapshot. */
export function summarise(raw: RawSnapshot): HeapSummary {
  const meta = raw.snapshot.meta;
  const NF = meta.node_fields.length;
  const EF = meta.edge_fields.length;
  const TYPE = meta.node_fields.indexOf('type');
  const NAME = meta.node_fields.indexOf('name');
  const SELF = meta.node_fields.indexOf('self_size');
  const EDGES = meta.node_fields.indexOf('edge_count');
  const E_TYPE = meta.edge_fields.indexOf('type');
  const E_NAME = meta.edge_fields.indexOf('name_or_index');
  const E_TO = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const WEAK = edgeTypes.indexOf('weak');
  const T_OBJECT = nodeTypes.indexOf('object');
  const T_NATIVE = nodeTypes.indexOf('native');
  const T_CLOSURE = nodeTypes.indexOf('closure');
  const T_CODE = nodeTypes.indexOf('code');
  const { nodes, edges, strings } = raw;
  const n = nodes.length / NF;

  const firstEdge = new Uint32Array(n + 1);
  for (let i = 0, e = 0; i < n; i++) {
    firstEdge[i] = e;
    e += nodes[i * NF + EDGES]! * EF;
    firstEdge[i + 1] = e;
  }
  const self = (v: number) => nodes[v * NF + SELF]!;
  const edgeName = (e: number) => {
    const t = edgeTypes[edges[e + E_TYPE]!];
    return t === 'element' || t === 'hidden' ? '' : strings[edges[e + E_NAME]!]!;
  };

  // Predecessors (strong edges only), as a CSR array.
  const predCount = new Uint32Array(n + 1);
  for (let e = 0; e < edges.length; e += EF) {
    if (edges[e + E_TYPE] !== WEAK) predCount[edges[e + E_TO]! / NF + 1]!++;
  }
  for (let i = 0; i < n; i++) predCount[i + 1]! += predCount[i]!;
  const preds = new Uint32Array(predCount[n]!);
  const fill = predCount.slice(0, n);
  for (let v = 0; v < n; v++) {
    for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += EF) {
      if (edges[e + E_TYPE] !== WEAK) preds[fill[edges[e + E_TO]! / NF]!++] = v;
    }
  }

  // Post-order from the root (node 0) by an explicit stack.
  const order = new Int32Array(n).fill(-1); // post-order number
  const post: number[] = [];
  const stack = new Uint32Array(n);
  const cursor = new Uint32Array(n);
  const seen = new Uint8Array(n);
  let top = 0;
  stack[top++] = 0;
  seen[0] = 1;
  cursor[0] = firstEdge[0]!;
  while (top > 0) {
    const v = stack[top - 1]!;
    let pushed = false;
    while (cursor[v]! < firstEdge[v + 1]!) {
      const e = cursor[v]!;
      cursor[v] = e + EF;
      if (edges[e + E_TYPE] === WEAK) continue;
      const w = edges[e + E_TO]! / NF;
      if (seen[w]) continue;
      seen[w] = 1;
      cursor[w] = firstEdge[w]!;
      stack[top++] = w;
      pushed = true;
      break;
    }
    if (!pushed) {
      order[v] = post.length;
      post.push(v);
      top--;
    }
  }

  // Immediate dominators.
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = idom[a]!;
      while (order[b]! < order[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = post.length - 2; k >= 0; k--) {
      const v = post[k]!;
      let d = -1;
      for (let p = predCount[v]!; p < predCount[v + 1]!; p++) {
        const u = preds[p]!;
        if (idom[u] === -1) continue;
        d = d === -1 ? u : intersect(u, d);
      }
      if (d !== -1 && idom[v] !== d) {
        idom[v] = d;
        changed = true;
      }
    }
  }

  const retained = new Float64Array(n);
  for (const v of post) {
    retained[v]! += self(v);
    if (v !== 0) retained[idom[v]!]! += retained[v]!;
  }

  // Scripts: the targets of a SharedFunctionInfo's `script` edge; a closure's package is its script's.
  const scriptName = new Map<number, string>();
  const sfiScript = new Map<number, number>();
  for (let v = 0; v < n; v++) {
    if (nodes[v * NF + TYPE] !== T_CODE) continue;
    for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += EF) {
      if (edgeName(e) !== 'script') continue;
      const s = edges[e + E_TO]! / NF;
      sfiScript.set(v, s);
      if (!scriptName.has(s)) scriptName.set(s, strings[nodes[s * NF + NAME]!]!);
    }
  }
  const pkgOfScript = new Map<number, string>();
  const packages = new Map<string, PackageRow>();
  const row = (name: string) => {
    let r = packages.get(name);
    if (!r) {
      r = { name, scripts: 0, sourceBytes: 0, retainedBytes: 0 };
      packages.set(name, r);
    }
    return r;
  };
  const names = new Set<string>();
  for (const [s, name] of scriptName) {
    if (!name || !(name.includes('/') || name.startsWith('node:'))) continue;
    const pkg = packageOf(name);
    pkgOfScript.set(s, pkg);
    if (names.has(name)) continue;
    names.add(name);
    const r = row(pkg);
    r.scripts++;
    for (let e = firstEdge[s]!; e < firstEdge[s + 1]!; e += EF) {
      if (edgeName(e) === 'source') r.sourceBytes += self(edges[e + E_TO]! / NF);
    }
  }

  const groupOf = new Array<string | undefined>(n);
  const pkgOf = new Array<string | undefined>(n);
  for (let v = 0; v < n; v++) {
    const t = nodes[v * NF + TYPE]!;
    groupOf[v] = t === T_OBJECT || t === T_NATIVE ? strings[nodes[v * NF + NAME]!]! : `(${nodeTypes[t]})`;
    if (t !== T_CLOSURE) continue;
    for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += EF) {
      if (edgeName(e) !== 'shared') continue;
      const script = sfiScript.get(edges[e + E_TO]! / NF);
      pkgOf[v] = script === undefined ? undefined : pkgOfScript.get(script);
    }
  }

  // Dominator-tree pre-order, counting a node's retained size for its group only when no dominator is in it.
  const childStart = new Uint32Array(n + 1);
  for (let v = 1; v < n; v++) if (idom[v]! >= 0) childStart[idom[v]! + 1]!++;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const children = new Uint32Array(childStart[n]!);
  const at = childStart.slice(0, n);
  for (let v = 1; v < n; v++) if (idom[v]! >= 0) children[at[idom[v]!]!++] = v;
  const ctors = new Map<string, SizeRow>();
  const activeGroup = new Map<string, number>();
  const activePkg = new Map<string, number>();
  const walk: number[] = [0];
  const leaving = new Uint8Array(n);
  while (walk.length > 0) {
    const v = walk.pop()!;
    const g = groupOf[v]!;
    const p = pkgOf[v];
    if (leaving[v]) {
      activeGroup.set(g, activeGroup.get(g)! - 1);
      if (p) activePkg.set(p, activePkg.get(p)! - 1);
      continue;
    }
    let c = ctors.get(g);
    if (!c) {
      c = { name: g, count: 0, selfBytes: 0, retainedBytes: 0 };
      ctors.set(g, c);
    }
    c.count++;
    c.selfBytes += self(v);
    if (!activeGroup.get(g)) c.retainedBytes += retained[v]!;
    activeGroup.set(g, (activeGroup.get(g) ?? 0) + 1);
    if (p) {
      if (!activePkg.get(p)) row(p).retainedBytes += retained[v]!;
      activePkg.set(p, (activePkg.get(p) ?? 0) + 1);
    }
    leaving[v] = 1;
    walk.push(v);
    for (let k = childStart[v]!; k < childStart[v + 1]!; k++) walk.push(children[k]!);
  }

  let total = 0;
  for (let v = 0; v < n; v++) total += self(v);
  // How a node is held, for naming (`require.cache`, `sourceMaps`, ...): its first strong referrer's edge.
  const heldAs = (v: number) => {
    for (let p = predCount[v]!; p < predCount[v + 1]!; p++) {
      const u = preds[p]!;
      for (let e = firstEdge[u]!; e < firstEdge[u + 1]!; e += EF) {
        if (edges[e + E_TO]! / NF !== v || edges[e + E_TYPE] === WEAK) continue;
        const label = edgeName(e) || `[${edges[e + E_NAME]}]`;
        return `${strings[nodes[u * NF + NAME]!]!.replace(/\s+/g, ' ').slice(0, 30)}.${label}`;
      }
    }
    return '';
  };
  const nameOf = (v: number) => {
    const t = nodes[v * NF + TYPE]!;
    const name = strings[nodes[v * NF + NAME]!]!.replace(/\s+/g, ' ');
    return t === T_OBJECT || t === T_NATIVE ? name : `(${nodeTypes[t]}) ${name}`;
  };
  const T_SYNTHETIC = nodeTypes.indexOf('synthetic');
  const big: number[] = [];
  for (let v = 1; v < n; v++) {
    if (nodes[v * NF + TYPE] === T_SYNTHETIC || idom[v]! < 0) continue;
    big.push(v);
  }
  big.sort((a, b) => retained[b]! - retained[a]!);
  // Only the outermost of nested big objects: skip one dominated by an object already listed.
  const listed = new Set<number>();
  const largest: HeapSummary['largest'] = [];
  for (const v of big) {
    if (largest.length >= 15) break;
    let up = idom[v]!;
    let inside = false;
    while (up > 0) {
      if (listed.has(up)) {
        inside = true;
        break;
      }
      up = idom[up]!;
    }
    if (inside) continue;
    listed.add(v);
    largest.push({ name: nameOf(v), heldAs: heldAs(v), retainedBytes: retained[v]! });
  }
  return {
    totalBytes: total,
    largest,
    nodes: n,
    scripts: names.size,
    byConstructor: [...ctors.values()],
    byPackage: [...packages.values()],
  };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

/** The summary as plain text: `top` rows per table. */
export function formatSummary(s: HeapSummary, top = 15): string {
  const lines = [
    `heap ${mb(s.totalBytes)} in ${s.nodes.toLocaleString('en-GB')} objects; ${s.scripts} scripts loaded`,
    '',
    `top constructors by retained size (count, self, retained):`,
  ];
  const ctor = (r: SizeRow) =>
    `  ${r.name.slice(0, 48).padEnd(48)} ${String(r.count).padStart(9)} ${mb(r.selfBytes).padStart(10)} ${mb(r.retainedBytes).padStart(10)}`;
  const byRetained = [...s.byConstructor].sort((a, b) => b.retainedBytes - a.retainedBytes);
  lines.push(...byRetained.slice(1, top + 1).map(ctor)); // the first is the synthetic root: everything
  lines.push('', 'top constructors by self size (count, self, retained):');
  const bySelf = [...s.byConstructor].sort((a, b) => b.selfBytes - a.selfBytes);
  lines.push(...bySelf.slice(0, top).map(ctor));
  lines.push('', 'largest single retainers (outermost only; held as; retained):');
  lines.push(
    ...s.largest
      .slice(0, top)
      .map(
        (r) =>
          `  ${r.name.slice(0, 30).padEnd(30)} ${r.heldAs.slice(0, 46).padEnd(46)} ${mb(r.retainedBytes).padStart(10)}`,
      ),
  );
  lines.push('', 'packages by what their functions retain (scripts, source, retained):');
  const pkgs = [...s.byPackage].sort((a, b) => b.retainedBytes - a.retainedBytes);
  lines.push(
    ...pkgs
      .slice(0, top)
      .map(
        (r) =>
          `  ${r.name.slice(0, 40).padEnd(40)} ${String(r.scripts).padStart(5)} ${mb(r.sourceBytes).padStart(10)} ${mb(r.retainedBytes).padStart(10)}`,
      ),
  );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 15;
  if (args.length !== 1) {
    process.stderr.write('usage: npx tsx bench/lib/heap-summary.ts <file.heapsnapshot> [--top N]\n');
    process.exit(2);
  }
  const raw = JSON.parse(readFileSync(args[0]!, 'utf8')) as RawSnapshot;
  process.stdout.write(`${formatSummary(summarise(raw), top)}\n`);
}
