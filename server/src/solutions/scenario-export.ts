// A scenario's before/after as rows for CSV/XLSX (exports/): indicators, replaced systems and
// vendors' reach, one row each, with the difference. Pure.
import type { ExportColumn } from '../exports/index.ts';
import type { ScenarioOutcome } from './scenario.ts';

export interface ScenarioExportRow {
  section: { da: string; en: string };
  item: string;
  before: number | string | null;
  after: number | string | null;
  change: number | null;
}

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((b - a) * 1e4) / 1e4);

export function scenarioExportRows(o: ScenarioOutcome): ScenarioExportRow[] {
  const rows: ScenarioExportRow[] = [];
  const ind = { da: 'Indikator', en: 'Indicator' };
  const add = (section: ScenarioExportRow['section'], item: string, before: number | null, after: number | null) => rows.push({ section, item, before, after, change: diff(before, after) });
  const b = o.before;
  const a = o.after;
  add(ind, 'L_m', b.L, a.L);
  add(ind, 'L_opt', b.Lopt, a.Lopt);
  add(ind, 'D–E', b.atRiskShare, a.atRiskShare);
  for (const band of ['A', 'B', 'C', 'D', 'E'] as const) add(ind, `${band}`, b.bandDistribution[band], a.bandDistribution[band]);
  add(ind, 'HHI spend', b.hhi.spend, a.hhi.spend);
  add(ind, 'HHI exposure', b.hhi.exposure, a.hhi.exposure);
  add(ind, 'HHI reach', b.hhi.reach, a.hhi.reach);
  add(ind, 'N_eff spend', b.nEff.spend, a.nEff.spend);
  add(ind, 'N_eff exposure', b.nEff.exposure, a.nEff.exposure);
  add(ind, 'N_eff reach', b.nEff.reach, a.nEff.reach);
  add(ind, 'J_m (non-EU)', b.nonEuShare, a.nonEuShare);
  add(ind, 'H_m', b.composite, a.composite);
  for (const r of o.replaced) {
    rows.push({ section: { da: 'Udskiftet system', en: 'Replaced system' }, item: `${r.name ?? r.usageId} → ${r.replacement}`, before: r.before.L, after: r.after.L, change: diff(r.before.L, r.after.L) });
  }
  for (const v of o.vendors) {
    const name = v.name ?? v.vendorId;
    add({ da: 'Leverandør, transitiv rækkevidde', en: 'Vendor, transitive reach' }, name, v.before?.reach ?? 0, v.after?.reach ?? 0);
    add({ da: 'Leverandør, direkte rækkevidde', en: 'Vendor, direct reach' }, name, v.before?.directReach ?? 0, v.after?.directReach ?? 0);
  }
  return rows;
}

export const scenarioExportColumns = (lang: 'da' | 'en'): ExportColumn<ScenarioExportRow>[] => [
  { key: 'section', label: { da: 'Afsnit', en: 'Section' }, value: (r) => r.section[lang] },
  { key: 'item', label: { da: 'Emne', en: 'Item' }, value: (r) => r.item },
  { key: 'before', label: { da: 'Før', en: 'Before' }, value: (r) => r.before },
  { key: 'after', label: { da: 'Efter', en: 'After' }, value: (r) => r.after },
  { key: 'change', label: { da: 'Ændring', en: 'Change' }, value: (r) => r.change },
];
