// Concentration arithmetic (lockin-scoring.md §3.7 item 2): Herfindahl–Hirschman index on
// shares, the effective number of vendors N_eff = 10,000 / HHI, the largest share CR1, and the
// CHAOSS-style elephant count (fewest vendors that make up half). HHI bands: DOJ/FTC 2010
// (default), DOJ/FTC 2023 and the European Commission's 2004 guidelines.
import { defaultModel, type Model } from './model.ts';

export type HhiLevel = 'low' | 'moderate' | 'high';

export interface ShareRow {
  id: string;
  value: number;
  share: number;
}

export interface Concentration {
  total: number;
  /** 0–10,000 (shares in percent, squared and summed). */
  hhi: number;
  /** 10,000 / HHI. */
  nEff: number;
  cr1: ShareRow;
  /** Fewest vendors whose shares sum to at least half. */
  elephantCount: number;
  /** Level under the default band set, and under every configured set. */
  level: HhiLevel;
  bandSet: string;
  levels: Record<string, HhiLevel>;
  /** Shares, largest first. */
  shares: ShareRow[];
}

/** HHI of shares that sum to 1 (fractions), on the 0–10,000 scale. */
export function hhi(shares: Iterable<number>): number {
  let t = 0;
  for (const s of shares) t += s * s;
  return t * 10_000;
}

/** Band level: above `high` → high; from `moderate` up to `high` → moderate; below → low. */
export function hhiLevel(value: number, set: { moderate: number; high: number }): HhiLevel {
  if (value > set.high) return 'high';
  if (value >= set.moderate) return 'moderate';
  return 'low';
}

/**
 * Concentration of a non-negative quantity over vendors (spend, exposure, reach). Returns null
 * when the total is 0 (nothing to share out).
 */
export function concentration(values: ReadonlyMap<string, number> | Iterable<[string, number]>, model: Model = defaultModel): Concentration | null {
  const rows: ShareRow[] = [];
  let total = 0;
  for (const [id, v] of values) {
    if (!(v > 0)) continue;
    rows.push({ id, value: v, share: 0 });
    total += v;
  }
  if (total <= 0 || rows.length === 0) return null;
  let sq = 0;
  for (const r of rows) {
    r.share = r.value / total;
    sq += r.share * r.share;
  }
  rows.sort((a, b) => b.share - a.share || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const value = Math.min(10_000, sq * 10_000);
  let cum = 0;
  let elephantCount = 0;
  for (const r of rows) {
    cum += r.share;
    elephantCount++;
    if (cum >= model.municipality.elephantShare - 1e-12) break;
  }
  const levels: Record<string, HhiLevel> = {};
  for (const [name, set] of Object.entries(model.hhiBandSets)) levels[name] = hhiLevel(value, set);
  return {
    total,
    hhi: value,
    nEff: 10_000 / value,
    cr1: rows[0]!,
    elephantCount,
    level: levels[model.defaultHhiBandSet]!,
    bandSet: model.defaultHhiBandSet,
    levels,
    shares: rows,
  };
}

/**
 * National HHI per function category (F5 input): shares are each supplier's number of usages
 * in the category across all municipalities. Rows without a category or supplier are skipped.
 * A row stands for one usage, or for `usages` of them (counted by the database).
 */
export function categoryHhi(rows: Iterable<{ category: string | null; supplierId: string | null; usages?: number }>): Map<string, number> {
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!r.category || !r.supplierId) continue;
    let m = counts.get(r.category);
    if (!m) counts.set(r.category, (m = new Map()));
    m.set(r.supplierId, (m.get(r.supplierId) ?? 0) + (r.usages ?? 1));
  }
  const out = new Map<string, number>();
  for (const [cat, m] of counts) {
    let total = 0;
    for (const v of m.values()) total += v;
    let sq = 0;
    for (const v of m.values()) sq += (v / total) ** 2;
    out.set(cat, sq * 10_000);
  }
  return out;
}
