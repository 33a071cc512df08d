// Which municipalities a municipality is compared with: those in the same region with the most
// similar size. The reference data holds no population figures, so size is the inventory's: the
// number of systems in the current inventory (which the demo data scales with population).
import type { PeerRow } from './charts/peer-dots.ts';

export interface ScoredMunicipality {
  municipalityCode: number;
  name: string;
  region: string;
  systemCount: number;
  L: number | null;
  nonEuShare: number | null;
  hhiSpend: number | null;
  effectiveVendors: number | null;
  confidence: number;
}

/**
 * The municipality and its `n` peers: same region, nearest by the ratio of system counts
 * (|log(a/b)|, so 100 vs 200 is as far as 200 vs 400), ties by code. Empty if `code` has no score.
 */
export function peerRows(all: readonly ScoredMunicipality[], code: number, n = 5): PeerRow[] {
  const self = all.find((m) => m.municipalityCode === code);
  if (!self) return [];
  const distance = (m: ScoredMunicipality) => Math.abs(Math.log(Math.max(m.systemCount, 1) / Math.max(self.systemCount, 1)));
  const peers = all
    .filter((m) => m.region === self.region && m.municipalityCode !== code)
    .sort((a, b) => distance(a) - distance(b) || a.municipalityCode - b.municipalityCode)
    .slice(0, n);
  return [self, ...peers].map((m) => ({
    code: m.municipalityCode,
    name: m.name,
    self: m === self,
    systemCount: m.systemCount,
    values: { L: m.L, nonEuShare: m.nonEuShare, hhiSpend: m.hhiSpend, effectiveVendors: m.effectiveVendors, confidence: m.confidence },
  }));
}
