/**
 * Maximum-weight matching in general (not only bipartite) graphs: Edmonds' blossom method with the primal-dual
 * approach, in O(n^3). A TypeScript port of the structure of Joris van Rantwijk's public-domain `mwmatching`,
 * after Galil, "Efficient Algorithms for Finding Maximum Matching in Graphs" (ACM Computing Surveys, 1986).
 *
 * Terms used below (S- and T-blossoms, base, slack) are Galil's. Vertex duals are stored doubled so that, with
 * integer weights, every quantity stays an integer; use integer weights for exact optima.
 *
 * The file runs past the usual 400 lines on purpose: the helpers below share one set of arrays and only make
 * sense together, so splitting them would scatter the algorithm without making any part usable alone.
 */

/** An undirected edge `[i, j, weight]` between vertices `i` and `j` (0-based, `i !== j`). */
export type WeightedEdge = readonly [i: number, j: number, weight: number];

export interface MatchingOptions {
  /** Only consider matchings with the largest possible number of edges (then the heaviest of those). */
  maxCardinality?: boolean;
  /** Number of vertices, so isolated vertices at the end still get a slot in the result. */
  vertexCount?: number;
}

/**
 * Compute a maximum-weight matching.
 * @param edges at most one edge per pair of vertices; no self-loops. Integer weights give exact results.
 * @param options `maxCardinality` and `vertexCount`.
 * @returns `mate`, where `mate[v]` is the vertex matched to `v`, or -1 if `v` is single.
 */
export function maxWeightMatching(edges: readonly WeightedEdge[], options: MatchingOptions = {}): number[] {
  const maxCardinality = options.maxCardinality ?? false;
  let n = options.vertexCount ?? 0;
  for (const [i, j] of edges) {
    if (i === j || i < 0 || j < 0) throw new RangeError(`invalid edge ${i}-${j}`);
    n = Math.max(n, i + 1, j + 1);
  }
  if (edges.length === 0) return new Array<number>(n).fill(-1);

  const nedge = edges.length;
  const ei = new Int32Array(nedge);
  const ej = new Int32Array(nedge);
  const ew = new Float64Array(nedge);
  let maxWeight = 0;
  for (let k = 0; k < nedge; k++) {
    const e = edges[k]!;
    ei[k] = e[0];
    ej[k] = e[1];
    ew[k] = e[2];
    if (e[2] > maxWeight) maxWeight = e[2];
  }

  // endpoint[p]: the vertex at endpoint p; endpoints 2k and 2k+1 belong to edge k.
  const endpoint = new Int32Array(2 * nedge);
  for (let k = 0; k < nedge; k++) {
    endpoint[2 * k] = ei[k]!;
    endpoint[2 * k + 1] = ej[k]!;
  }
  // neighbend[v]: remote endpoints of the edges at v.
  const neighbend: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < nedge; k++) {
    neighbend[ei[k]!]!.push(2 * k + 1);
    neighbend[ej[k]!]!.push(2 * k);
  }

  // mate[v]: remote endpoint of v's matched edge, or -1.
  const mate = new Int32Array(n).fill(-1);
  // label[b]: 0 free, 1 S, 2 T (5 is a temporary breadcrumb in scanBlossom).
  const label = new Int32Array(2 * n);
  // labelend[b]: remote endpoint of the edge through which b got its label.
  const labelend = new Int32Array(2 * n).fill(-1);
  // inblossom[v]: top-level blossom containing vertex v.
  const inblossom = new Int32Array(n);
  for (let v = 0; v < n; v++) inblossom[v] = v;
  const blossomparent = new Int32Array(2 * n).fill(-1);
  const blossomchilds: (number[] | null)[] = new Array(2 * n).fill(null);
  const blossombase = new Int32Array(2 * n).fill(-1);
  for (let v = 0; v < n; v++) blossombase[v] = v;
  // blossomendps[b][i]: endpoint of childs[i] on the edge to childs[i + 1].
  const blossomendps: (number[] | null)[] = new Array(2 * n).fill(null);
  // bestedge: least-slack edge to an S-vertex (free v) or to another S-blossom (S b).
  const bestedge = new Int32Array(2 * n).fill(-1);
  const blossombestedges: (number[] | null)[] = new Array(2 * n).fill(null);
  const unusedblossoms: number[] = [];
  for (let b = n; b < 2 * n; b++) unusedblossoms.push(b);
  // dualvar[v] = 2 u(v) for vertices; z(b) for non-trivial blossoms.
  const dualvar = new Float64Array(2 * n);
  for (let v = 0; v < n; v++) dualvar[v] = maxWeight;
  const allowedge = new Uint8Array(nedge);
  const bestedgeto = new Int32Array(2 * n).fill(-1);
  let queue: number[] = [];

  const slack = (k: number): number => dualvar[ei[k]!]! + dualvar[ej[k]!]! - 2 * ew[k]!;

  const leaves = (b: number, out: number[] = []): number[] => {
    if (b < n) out.push(b);
    else for (const t of blossomchilds[b]!) leaves(t, out);
    return out;
  };

  const assignLabel = (w: number, t: number, p: number): void => {
    const b = inblossom[w]!;
    label[w] = label[b] = t;
    labelend[w] = labelend[b] = p;
    bestedge[w] = bestedge[b] = -1;
    if (t === 1) {
      // b became S: its vertices can now be scanned.
      leaves(b, queue);
    } else if (t === 2) {
      // b became T: its base's mate becomes S.
      const base = blossombase[b]!;
      assignLabel(endpoint[mate[base]!]!, 1, mate[base]! ^ 1);
    }
  };

  // Trace back from v and w: returns the base of a new blossom, or -1 for an augmenting path.
  const scanBlossom = (v0: number, w0: number): number => {
    let v = v0;
    let w = w0;
    const path: number[] = [];
    let base = -1;
    while (v !== -1 || w !== -1) {
      let b = inblossom[v]!;
      if (label[b]! & 4) {
        base = blossombase[b]!;
        break;
      }
      path.push(b);
      label[b] = 5;
      if (labelend[b] === -1) {
        v = -1;
      } else {
        v = endpoint[labelend[b]!]!;
        b = inblossom[v]!;
        v = endpoint[labelend[b]!]!;
      }
      if (w !== -1) {
        const tmp = v;
        v = w;
        w = tmp;
      }
    }
    for (const b of path) label[b] = 1;
    return base;
  };

  const addBlossom = (base: number, k: number): void => {
    let v = ei[k]!;
    let w = ej[k]!;
    const bb = inblossom[base]!;
    let bv = inblossom[v]!;
    let bw = inblossom[w]!;
    const b = unusedblossoms.pop()!;
    blossombase[b] = base;
    blossomparent[b] = -1;
    blossomparent[bb] = b;
    const path: number[] = [];
    const endps: number[] = [];
    while (bv !== bb) {
      blossomparent[bv] = b;
      path.push(bv);
      endps.push(labelend[bv]!);
      v = endpoint[labelend[bv]!]!;
      bv = inblossom[v]!;
    }
    path.push(bb);
    path.reverse();
    endps.reverse();
    endps.push(2 * k);
    while (bw !== bb) {
      blossomparent[bw] = b;
      path.push(bw);
      endps.push(labelend[bw]! ^ 1);
      w = endpoint[labelend[bw]!]!;
      bw = inblossom[w]!;
    }
    blossomchilds[b] = path;
    blossomendps[b] = endps;
    label[b] = 1;
    labelend[b] = labelend[bb]!;
    dualvar[b] = 0;
    for (const leaf of leaves(b)) {
      // T-vertices inside the new S-blossom become S and must be scanned.
      if (label[inblossom[leaf]!] === 2) queue.push(leaf);
      inblossom[leaf] = b;
    }
    // Least-slack edges from the new blossom to each neighbouring S-blossom. `bestedgeto` is shared between
    // calls and reset through `touched`, because blossoms are built thousands of times on dense graphs.
    const touched: number[] = [];
    const consider = (kk: number): void => {
      let j = ej[kk]!;
      if (inblossom[j] === b) j = ei[kk]!;
      const bj = inblossom[j]!;
      if (bj === b || label[bj] !== 1) return;
      const current = bestedgeto[bj]!;
      if (current === -1) {
        touched.push(bj);
        bestedgeto[bj] = kk;
      } else if (slack(kk) < slack(current)) {
        bestedgeto[bj] = kk;
      }
    };
    for (const sub of path) {
      const known = blossombestedges[sub];
      if (known) {
        for (const kk of known) consider(kk);
      } else {
        // No list yet for this sub-blossom: look at every edge of its vertices.
        for (const leaf of leaves(sub)) for (const p of neighbend[leaf]!) consider(p >> 1);
      }
      blossombestedges[sub] = null;
      bestedge[sub] = -1;
    }
    touched.sort((x, y) => x - y);
    const list: number[] = [];
    for (const bj of touched) {
      list.push(bestedgeto[bj]!);
      bestedgeto[bj] = -1;
    }
    blossombestedges[b] = list;
    bestedge[b] = -1;
    for (const kk of list) if (bestedge[b] === -1 || slack(kk) < slack(bestedge[b]!)) bestedge[b] = kk;
  };

  const expandBlossom = (b: number, endStage: boolean): void => {
    const childs = blossomchilds[b]!;
    for (const s of childs) {
      blossomparent[s] = -1;
      if (s < n) inblossom[s] = s;
      else if (endStage && dualvar[s] === 0) expandBlossom(s, endStage);
      else for (const leaf of leaves(s)) inblossom[leaf] = s;
    }
    if (!endStage && label[b] === 2) {
      // A T-blossom expanded mid-stage: relabel its sub-blossoms from the entry child to the base.
      const endps = blossomendps[b]!;
      const entrychild = inblossom[endpoint[labelend[b]! ^ 1]!]!;
      let j = childs.indexOf(entrychild);
      let jstep: number;
      let endptrick: number;
      if (j & 1) {
        j -= childs.length;
        jstep = 1;
        endptrick = 0;
      } else {
        jstep = -1;
        endptrick = 1;
      }
      const at = (arr: number[], idx: number): number => arr[idx < 0 ? idx + arr.length : idx]!;
      let p = labelend[b]!;
      while (j !== 0) {
        label[endpoint[p ^ 1]!] = 0;
        label[endpoint[at(endps, j - endptrick) ^ endptrick ^ 1]!] = 0;
        assignLabel(endpoint[p ^ 1]!, 2, p);
        allowedge[at(endps, j - endptrick) >> 1] = 1;
        j += jstep;
        p = at(endps, j - endptrick) ^ endptrick;
        allowedge[p >> 1] = 1;
        j += jstep;
      }
      // The base sub-blossom gets T without passing the label on to its mate.
      const bv = at(childs, j);
      label[endpoint[p ^ 1]!] = label[bv] = 2;
      labelend[endpoint[p ^ 1]!] = labelend[bv] = p;
      bestedge[bv] = -1;
      j += jstep;
      while (at(childs, j) !== entrychild) {
        const sub = at(childs, j);
        if (label[sub] === 1) {
          j += jstep;
          continue;
        }
        let reached = -1;
        for (const leaf of leaves(sub)) {
          if (label[leaf] !== 0) {
            reached = leaf;
            break;
          }
        }
        if (reached !== -1) {
          label[reached] = 0;
          label[endpoint[mate[blossombase[sub]!]!]!] = 0;
          assignLabel(reached, 2, labelend[reached]!);
        }
        j += jstep;
      }
    }
    label[b] = labelend[b] = -1;
    blossomchilds[b] = blossomendps[b] = null;
    blossombase[b] = -1;
    blossombestedges[b] = null;
    bestedge[b] = -1;
    unusedblossoms.push(b);
  };

  // Swap matched and unmatched edges along the alternating path from v to the base of blossom b.
  const augmentBlossom = (b: number, v: number): void => {
    let t = v;
    while (blossomparent[t] !== b) t = blossomparent[t]!;
    if (t >= n) augmentBlossom(t, v);
    const childs = blossomchilds[b]!;
    const endps = blossomendps[b]!;
    const i = childs.indexOf(t);
    let j = i;
    let jstep: number;
    let endptrick: number;
    if (i & 1) {
      j -= childs.length;
      jstep = 1;
      endptrick = 0;
    } else {
      jstep = -1;
      endptrick = 1;
    }
    const at = (arr: number[], idx: number): number => arr[idx < 0 ? idx + arr.length : idx]!;
    while (j !== 0) {
      j += jstep;
      let sub = at(childs, j);
      const p = at(endps, j - endptrick) ^ endptrick;
      if (sub >= n) augmentBlossom(sub, endpoint[p]!);
      j += jstep;
      sub = at(childs, j);
      if (sub >= n) augmentBlossom(sub, endpoint[p ^ 1]!);
      mate[endpoint[p]!] = p ^ 1;
      mate[endpoint[p ^ 1]!] = p;
    }
    blossomchilds[b] = childs.slice(i).concat(childs.slice(0, i));
    blossomendps[b] = endps.slice(i).concat(endps.slice(0, i));
    blossombase[b] = blossombase[blossomchilds[b]![0]!]!;
  };

  const augmentMatching = (k: number): void => {
    const starts: Array<[number, number]> = [
      [ei[k]!, 2 * k + 1],
      [ej[k]!, 2 * k],
    ];
    for (const [s0, p0] of starts) {
      let s = s0;
      let p = p0;
      for (;;) {
        const bs = inblossom[s]!;
        if (bs >= n) augmentBlossom(bs, s);
        mate[s] = p;
        if (labelend[bs] === -1) break;
        const t = endpoint[labelend[bs]!]!;
        const bt = inblossom[t]!;
        s = endpoint[labelend[bt]!]!;
        const j = endpoint[labelend[bt]! ^ 1]!;
        if (bt >= n) augmentBlossom(bt, j);
        mate[j] = labelend[bt]!;
        p = labelend[bt]! ^ 1;
      }
    }
  };

  for (let stage = 0; stage < n; stage++) {
    label.fill(0);
    bestedge.fill(-1);
    for (let b = n; b < 2 * n; b++) blossombestedges[b] = null;
    allowedge.fill(0);
    queue = [];
    for (let v = 0; v < n; v++) {
      if (mate[v] === -1 && label[inblossom[v]!] === 0) assignLabel(v, 1, -1);
    }

    let augmented = false;
    for (;;) {
      while (queue.length > 0 && !augmented) {
        const v = queue.pop()!;
        for (const p of neighbend[v]!) {
          const k = p >> 1;
          const w = endpoint[p]!;
          if (inblossom[v] === inblossom[w]) continue;
          let kslack = 0;
          if (!allowedge[k]) {
            kslack = slack(k);
            if (kslack <= 0) allowedge[k] = 1;
          }
          if (allowedge[k]) {
            if (label[inblossom[w]!] === 0) {
              assignLabel(w, 2, p ^ 1);
            } else if (label[inblossom[w]!] === 1) {
              const base = scanBlossom(v, w);
              if (base >= 0) {
                addBlossom(base, k);
              } else {
                augmentMatching(k);
                augmented = true;
                break;
              }
            } else if (label[w] === 0) {
              // w sits inside a T-blossom and is now reachable from outside it (needed when it expands).
              label[w] = 2;
              labelend[w] = p ^ 1;
            }
          } else if (label[inblossom[w]!] === 1) {
            const b = inblossom[v]!;
            if (bestedge[b] === -1 || kslack < slack(bestedge[b]!)) bestedge[b] = k;
          } else if (label[w] === 0) {
            if (bestedge[w] === -1 || kslack < slack(bestedge[w]!)) bestedge[w] = k;
          }
        }
      }
      if (augmented) break;

      // No augmenting path with tight edges: move the duals by the smallest safe delta.
      let deltatype = -1;
      let delta = 0;
      let deltaedge = -1;
      let deltablossom = -1;
      if (!maxCardinality) {
        deltatype = 1;
        delta = Number.POSITIVE_INFINITY;
        for (let v = 0; v < n; v++) if (dualvar[v]! < delta) delta = dualvar[v]!;
      }
      for (let v = 0; v < n; v++) {
        if (label[inblossom[v]!] === 0 && bestedge[v] !== -1) {
          const d = slack(bestedge[v]!);
          if (deltatype === -1 || d < delta) {
            delta = d;
            deltatype = 2;
            deltaedge = bestedge[v]!;
          }
        }
      }
      for (let b = 0; b < 2 * n; b++) {
        if (blossomparent[b] === -1 && label[b] === 1 && bestedge[b] !== -1) {
          const d = slack(bestedge[b]!) / 2;
          if (deltatype === -1 || d < delta) {
            delta = d;
            deltatype = 3;
            deltaedge = bestedge[b]!;
          }
        }
      }
      for (let b = n; b < 2 * n; b++) {
        if (
          blossombase[b]! >= 0 &&
          blossomparent[b] === -1 &&
          label[b] === 2 &&
          (deltatype === -1 || dualvar[b]! < delta)
        ) {
          delta = dualvar[b]!;
          deltatype = 4;
          deltablossom = b;
        }
      }
      if (deltatype === -1) {
        // Max-cardinality optimum reached; a last update keeps the duals verifiable.
        deltatype = 1;
        let min = Number.POSITIVE_INFINITY;
        for (let v = 0; v < n; v++) if (dualvar[v]! < min) min = dualvar[v]!;
        delta = Math.max(0, min);
      }

      for (let v = 0; v < n; v++) {
        const l = label[inblossom[v]!];
        if (l === 1) dualvar[v] = dualvar[v]! - delta;
        else if (l === 2) dualvar[v] = dualvar[v]! + delta;
      }
      for (let b = n; b < 2 * n; b++) {
        if (blossombase[b]! >= 0 && blossomparent[b] === -1) {
          if (label[b] === 1) dualvar[b] = dualvar[b]! + delta;
          else if (label[b] === 2) dualvar[b] = dualvar[b]! - delta;
        }
      }

      if (deltatype === 1) break;
      if (deltatype === 2) {
        allowedge[deltaedge] = 1;
        let i = ei[deltaedge]!;
        if (label[inblossom[i]!] === 0) i = ej[deltaedge]!;
        queue.push(i);
      } else if (deltatype === 3) {
        allowedge[deltaedge] = 1;
        queue.push(ei[deltaedge]!);
      } else if (deltatype === 4) {
        expandBlossom(deltablossom, false);
      }
    }

    if (!augmented) break;

    // End of stage: expand S-blossoms whose dual reached zero.
    for (let b = n; b < 2 * n; b++) {
      if (blossomparent[b] === -1 && blossombase[b]! >= 0 && label[b] === 1 && dualvar[b] === 0) {
        expandBlossom(b, true);
      }
    }
  }

  const result = new Array<number>(n).fill(-1);
  for (let v = 0; v < n; v++) if (mate[v]! >= 0) result[v] = endpoint[mate[v]!]!;
  return result;
}
