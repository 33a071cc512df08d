// Why a vendor reaches what it reaches: for one vendor, each system it reaches with the path
// that gives ρ*(s,V) (system → via → vendor, each edge's kind and weight, and the party at the
// end), and the share of the reach figure that system contributes. The contributions sum to
// R(V) by construction: the same graph and the same maximum as vendor-reach.ts, with a pointer
// kept to the argmax.
import type { PartyRole, ScoringEdge } from './input.ts';
import type { Model } from './model.ts';
import { buildGraph, edgeLabels, type EdgeLabel, type Node } from './vendor-reach.ts';

export interface PathStep {
  /** The system that depends … */
  from: string;
  /** … on this one. */
  to: string;
  kind: EdgeLabel;
  weight: number;
}

export interface ReachPath {
  systemId: string;
  exposure: number;
  /** ρ*(s,V): the product of the steps' weights and the party's role weight. */
  rho: number;
  /** e_s·ρ*(s,V) / Σ e: this system's part of R(V). */
  contribution: number;
  /** Empty when the vendor is a party of the system itself. */
  steps: PathStep[];
  /** The vendor's party at the end of the path. */
  party: { systemId: string; role: PartyRole; fromRole: PartyRole | null; weight: number; rightsHolder: boolean; company: { id: string; name: string } | null };
}

export interface ReachExplanation {
  vendorId: string;
  /** R(V) = Σ contributions. */
  reach: number;
  /** Σ e over the portfolio. */
  exposure: number;
  /** Largest contribution first. */
  paths: ReachPath[];
}

/**
 * The paths behind one vendor's reach in one portfolio. `vendorId` is the key the nodes' parties
 * carry (the ultimate owner, or the company after `companyNodes`). O(h·E) for one vendor.
 */
export function explainReach(
  nodes: readonly Node[],
  exposureOf: ArrayLike<number>,
  edges: readonly ScoringEdge[],
  model: Model,
  vendorId: string,
): ReachExplanation {
  const g = buildGraph(nodes, edges, model);
  const { n, hops, dStart, dIdx, dW, dParty, start, to, w, cont, label } = g;
  let exposure = 0;
  for (let i = 0; i < n; i++) exposure += exposureOf[i]!;
  const vendor = g.vendorIndex.get(vendorId);
  if (vendor === undefined) return { vendorId, reach: 0, exposure, paths: [] };

  const direct = new Float64Array(n);
  const directAt = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = dStart[i]!; j < dStart[i + 1]!; j++) {
      if (dIdx[j] === vendor) {
        direct[i] = dW[j]!;
        directAt[i] = j;
      }
    }
  }
  // level[l][t]: the best weight from t to the vendor within l+1 hops through edges that pass on
  // (level 0: direct); via[l][t]: the edge taken, or -1 for the direct party.
  const level: Float64Array[] = [direct];
  const via: Int32Array[] = [new Int32Array(n).fill(-1)];
  for (let l = 1; l < hops; l++) {
    const prev = level[l - 1]!;
    const best = Float64Array.from(direct);
    const arg = new Int32Array(n).fill(-1);
    for (let t = 0; t < n; t++) {
      for (let k = start[t]!; k < start[t + 1]!; k++) {
        if (cont[k] !== 1) continue;
        const x = w[k]! * prev[to[k]!]!;
        if (better(x, best[t]!, arg[t]!, directAt[t]!, dParty)) {
          best[t] = x;
          arg[t] = k;
        }
      }
    }
    level.push(best);
    via.push(arg);
  }
  const last = level[level.length - 1]!;
  const paths: ReachPath[] = [];
  let sum = 0;
  for (let s = 0; s < n; s++) {
    let rho = direct[s]!;
    let first = -1;
    if (hops >= 1) {
      for (let k = start[s]!; k < start[s + 1]!; k++) {
        const x = w[k]! * last[to[k]!]!;
        if (better(x, rho, first, directAt[s]!, dParty)) {
          rho = x;
          first = k;
        }
      }
    }
    if (!(rho > 0)) continue;
    const steps: PathStep[] = [];
    let at = s;
    let k = first;
    let l = level.length - 1;
    while (k >= 0) {
      steps.push({ from: nodes[at]!.id, to: nodes[to[k]!]!.id, kind: edgeLabels[label[k]!]!, weight: w[k]! });
      at = to[k]!;
      k = l >= 1 ? via[l]![at]! : -1;
      l--;
    }
    const j = directAt[at]!;
    const p = dParty[j]!;
    const e = exposureOf[s]!;
    const contribution = exposure > 0 ? (e * rho) / exposure : 0;
    sum += contribution;
    paths.push({
      systemId: nodes[s]!.id,
      exposure: e,
      rho,
      contribution,
      steps,
      party: { systemId: nodes[at]!.id, role: p.role, fromRole: p.fromRole ?? null, weight: dW[j]!, rightsHolder: p.rightsHolder === true, company: p.company ?? null },
    });
  }
  paths.sort((a, b) => b.contribution - a.contribution || (a.systemId < b.systemId ? -1 : a.systemId > b.systemId ? 1 : 0));
  return { vendorId, reach: sum, exposure, paths };
}

/**
 * Whether a path of weight x beats the current best: strictly heavier, or as heavy as a direct
 * `platform` party (copied onto the system from its platform): then the edge to the platform,
 * which says where the party comes from, is the better explanation.
 */
function better(x: number, best: number, current: number, directAt: number, parties: readonly { role: PartyRole }[]): boolean {
  if (x > best) return true;
  return x > 0 && x === best && current === -1 && directAt >= 0 && parties[directAt]!.role === 'platform';
}
