// One row per scored municipality: the headline indicators of its current inventory's stored
// score (municipality_scores.result) and how many systems fall in each band. The overview, so
// everyone who may see the map may list it.
import { countedInventories, inventoriesOf } from '../../repositories/world.repository.ts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { canReadOverview, type Principal, refuse } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { chunks } from '../../repositories/db-types.ts';
import { nullsLast } from '../../repositories/inventory-lists.repository.ts';
import type { StoredMunicipalityScore } from '../scores.ts';
import type { ListQuery, ListResource } from './list-resource.ts';

const filters = z.object({
  region: z.string().trim().min(1).max(100).optional().describe('Region name, e.g. "Region Hovedstaden"'),
  data: z
    .enum(['real', 'demo'])
    .optional()
    .describe('Whose inventories: real or fictitious demo ones (a demo municipality compares with demo ones); default: those that count nationally — real ones once any exists'),
});
export type ScoreFilters = z.infer<typeof filters>;

const BANDS = ['A', 'B', 'C', 'D', 'E'] as const;
type Band = (typeof BANDS)[number];

export interface MunicipalityScoreListRow {
  municipalityCode: number;
  name: string;
  region: string;
  inventoryVersionId: number;
  asOf: string;
  model: string;
  systemCount: number;
  /** Criticality-weighted lock-in L_m (0–100); null without systems. */
  L: number | null;
  Lopt: number | null;
  /** Number of systems per band. */
  bandCounts: Record<Band, number>;
  /** Share of exposure in bands D–E. */
  atRiskShare: number | null;
  /** HHI of spend (0–10,000); null without costs on record. */
  hhiSpend: number | null;
  /** 10,000 / HHI of spend. */
  effectiveVendors: number | null;
  nonEuShare: number | null;
  confidence: number;
  confidenceLevel: string | null;
  provisional: boolean;
}

function filtered(db: Kysely<Database>, f: ScoreFilters) {
  let q = db
    .selectFrom((f.data ? inventoriesOf(db, f.data) : countedInventories(db)).as('ci'))
    .innerJoin('municipality_scores as s', 's.inventory_version_id', 'ci.inventory_version_id')
    .innerJoin('municipalities as m', 'm.code', 'ci.municipality_code');
  if (f.region !== undefined) q = q.where('m.region', '=', f.region);
  return q;
}

export async function queryMunicipalityScores(db: Kysely<Database>, q: ListQuery<ScoreFilters>): Promise<{ items: MunicipalityScoreListRow[]; total: number }> {
  const base = filtered(db, q.filters);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = base.select(['m.code', 'm.name', 'm.region', 's.inventory_version_id', 's.as_of', 's.model_version', 's.lockin', 's.confidence', 's.provisional', 's.result']);
  const dir = q.order;
  switch (q.sort) {
    case 'name':
      page = page.orderBy('m.name', dir);
      break;
    case 'code':
      page = page.orderBy('m.code', dir);
      break;
    default:
      page = page.orderBy('s.lockin', nullsLast(dir));
  }
  const rows = await page.orderBy('m.code').limit(q.limit).offset(q.offset).execute();
  const counts = await bandCounts(db, rows.map((r) => r.inventory_version_id));
  return {
    total: Number(total.n),
    items: rows.map((r) => {
      const score = JSON.parse(r.result) as StoredMunicipalityScore;
      const spend = score.concentration?.spend ?? null;
      return {
        municipalityCode: r.code,
        name: r.name,
        region: r.region,
        inventoryVersionId: r.inventory_version_id,
        asOf: r.as_of,
        model: r.model_version,
        systemCount: score.systemCount,
        L: score.lockin?.L ?? r.lockin,
        Lopt: score.lockin?.Lopt ?? null,
        bandCounts: counts.get(r.inventory_version_id) ?? { A: 0, B: 0, C: 0, D: 0, E: 0 },
        atRiskShare: score.lockin?.atRiskShare ?? null,
        hhiSpend: spend?.hhi ?? null,
        effectiveVendors: spend && Number.isFinite(spend.nEff) ? spend.nEff : null,
        nonEuShare: score.jurisdiction?.nonEuShare ?? null,
        confidence: r.confidence,
        confidenceLevel: score.confidence?.level ?? null,
        provisional: r.provisional === 1,
      };
    }),
  };
}

/** Systems per band of each inventory version, from usage_scores. */
async function bandCounts(db: Kysely<Database>, versionIds: number[]): Promise<Map<number, Record<Band, number>>> {
  const out = new Map<number, Record<Band, number>>();
  for (const ids of chunks(versionIds, 1, 10_000)) {
    const rows = await db
      .selectFrom('usage_scores')
      .select((eb) => ['inventory_version_id', 'band', eb.fn.countAll<number>().as('n')])
      .where('inventory_version_id', 'in', ids)
      .groupBy(['inventory_version_id', 'band'])
      .execute();
    for (const r of rows) {
      const counts = out.get(r.inventory_version_id) ?? { A: 0, B: 0, C: 0, D: 0, E: 0 };
      if ((BANDS as readonly string[]).includes(r.band)) counts[r.band as Band] = Number(r.n);
      out.set(r.inventory_version_id, counts);
    }
  }
  return out;
}

const round = (x: number | null, digits: number) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const percent = (x: number | null) => (x === null ? null : round(100 * x, 1));

export const scoresList: ListResource<ScoreFilters, MunicipalityScoreListRow> = {
  name: 'scores',
  filters,
  sorts: ['lockin', 'name', 'code'],
  defaultOrder: 'desc',
  async list(db: Kysely<Database>, principal: Principal, q: ListQuery<ScoreFilters>) {
    if (!canReadOverview(principal)) refuse(principal, 'see scores');
    return queryMunicipalityScores(db, q);
  },
  columns: [
    { key: 'municipalityCode', label: { da: 'Kommunekode', en: 'Municipality code' }, value: (r) => r.municipalityCode },
    { key: 'name', label: { da: 'Kommune', en: 'Municipality' }, value: (r) => r.name },
    { key: 'region', label: { da: 'Region', en: 'Region' }, value: (r) => r.region },
    { key: 'systemCount', label: { da: 'Antal systemer', en: 'Systems' }, value: (r) => r.systemCount },
    { key: 'L', label: { da: 'Leverandørbinding (L)', en: 'Lock-in (L)' }, value: (r) => round(r.L, 1), type: 'number' },
    { key: 'Lopt', label: { da: 'Leverandørbinding, optimistisk', en: 'Lock-in, optimistic' }, value: (r) => round(r.Lopt, 1), type: 'number' },
    ...BANDS.map((b) => ({ key: `band${b}`, label: { da: `Bånd ${b} (systemer)`, en: `Band ${b} (systems)` }, value: (r: MunicipalityScoreListRow) => r.bandCounts[b], type: 'number' as const })),
    { key: 'atRiskShare', label: { da: 'Andel i bånd D–E (%)', en: 'Share in bands D–E (%)' }, value: (r) => percent(r.atRiskShare), type: 'number' },
    { key: 'hhiSpend', label: { da: 'HHI (udgift)', en: 'HHI (spend)' }, value: (r) => round(r.hhiSpend, 0), type: 'number' },
    { key: 'effectiveVendors', label: { da: 'Effektivt antal leverandører', en: 'Effective number of vendors' }, value: (r) => round(r.effectiveVendors, 1), type: 'number' },
    { key: 'nonEuShare', label: { da: 'Andel under ikke-EU-jurisdiktion (%)', en: 'Share under non-EU jurisdiction (%)' }, value: (r) => percent(r.nonEuShare), type: 'number' },
    { key: 'confidence', label: { da: 'Sikkerhed', en: 'Confidence' }, value: (r) => round(r.confidence, 2), type: 'number' },
    { key: 'provisional', label: { da: 'Foreløbig', en: 'Provisional' }, value: (r) => r.provisional },
    { key: 'asOf', label: { da: 'Opgjort pr.', en: 'As of' }, value: (r) => r.asOf, type: 'date' },
  ],
};
