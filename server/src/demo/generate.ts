// The deterministic demo-data generator: from the reference catalogue and a seed it invents a
// plausible inventory for each municipality (systems, hosting, contracts, integrations). The
// figures are FICTITIOUS ("fiktive demodata"): the market shares below are rough, rounded
// impressions of the Danish municipal market meant to make dashboards look real, not facts.
// Pure: no database, no clock, no Math.random. Dates are drawn relative to the day the data is
// generated for (`asOf`), so the demo looks the same on any date: its contracts run out, and its
// exit windows open, as far ahead of that day as they did of the day the ranges were written.
import type { InventoryRecordsInput, PartyRef, UsageRecordInput } from '../domain/inventory.ts';
import { usageKey } from '../domain/inventory.ts';
import type { Criticality, ExitPlan } from '../domain/vocabulary.ts';
import { DEMO_SLOTS, NICHE_FUNCTIONS, NICHE_SUPPLIERS, type Slot } from './market.ts';
import { createRandom, type Random } from './random.ts';

export interface DemoProduct {
  name: string;
  category: string | null;
  rightsHolder: PartyRef | null;
  rightsHolderKind: string | null;
  deploymentModels: string[];
  /** Names of the products this one cannot run without, with their role. */
  requires: { role: string; productName: string }[];
}

export interface DemoVendor {
  name: string;
  cvr: string | null;
  kind: string;
}

export interface DemoCatalogue {
  products: DemoProduct[];
  vendors: DemoVendor[];
}

export interface DemoMunicipality {
  code: number;
  name: string;
}

/** Usage counts: the four large cities get the largest inventories. */
const LARGE = new Map([
  [101, 600],
  [751, 560],
  [461, 500],
  [851, 480],
]);

const CRITICAL_AREAS = new Set(['dk-esdh', 'dk-economy', 'dk-payroll-hr', 'dk-elder-care', 'dk-identity', 'dk-children-family', 'dk-employment', 'dk-social', 'dk-health']);

/** Resolves a slot's name patterns against the catalogue; patterns that match nothing drop out. */
function resolveSlot(slot: Slot, products: DemoProduct[]): { product: DemoProduct; weight: number }[] {
  const picks: { product: DemoProduct; weight: number }[] = [];
  for (const share of slot.shares) {
    const product = products.find((p) => share.match.test(p.name));
    if (product && !picks.some((p) => p.product === product)) picks.push({ product, weight: share.weight });
  }
  if (picks.length === 0 && slot.area) {
    for (const product of products.filter((p) => p.category === slot.area)) picks.push({ product, weight: 1 });
  }
  return picks;
}

export function generateDemoInventory(
  catalogue: DemoCatalogue,
  municipality: DemoMunicipality,
  seed: number,
  asOf: string,
): InventoryRecordsInput {
  const rnd = createRandom(seed, municipality.code);
  const shift = yearShift(asOf);
  const target = LARGE.get(municipality.code) ?? rnd.int(150, 420);
  const size = target / 300; // scales spend
  const maturity = rnd.between(0.15, 0.85); // how much of the lock-in data the municipality has filled in
  const vendorsByName = new Map(catalogue.vendors.map((v) => [v.name.toLowerCase(), v]));
  const party = (name: string | undefined): PartyRef | null => {
    if (!name) return null;
    const v = vendorsByName.get(name.toLowerCase());
    return v ? { name: v.name, cvr: v.cvr } : { name, cvr: null };
  };
  const findVendor = (pattern: RegExp) => catalogue.vendors.find((v) => pattern.test(v.name)) ?? null;
  const hyperscalers = {
    microsoft: findVendor(/^microsoft (corporation|corp)/i) ?? findVendor(/microsoft/i),
    amazon: findVendor(/amazon web services/i) ?? findVendor(/amazon/i),
    google: findVendor(/^google/i),
  };

  const chosen: { product: DemoProduct; area: string | null; localName?: string }[] = [];
  const seen = new Set<string>();
  const take = (product: DemoProduct, area: string | null) => {
    if (seen.has(product.name)) return;
    seen.add(product.name);
    chosen.push({ product, area });
  };
  for (const slot of DEMO_SLOTS) {
    if (!rnd.chance(slot.presence)) continue;
    const options = resolveSlot(slot, catalogue.products);
    if (!options.length) continue;
    if (slot.all) options.forEach((o) => take(o.product, slot.area));
    else take(rnd.weighted(options, (o) => o.weight).product, slot.area);
  }
  // The long tail: specialist systems every municipality has dozens of, named by function. Large
  // municipalities run some of them once per administration, under a local name.
  const nicheSuppliers = NICHE_SUPPLIERS.map((s) => ({ vendor: findVendor(s.match), weight: s.weight })).filter((s) => s.vendor);
  const functions = rnd.shuffle([...NICHE_FUNCTIONS]);
  const nicheProducts = new Map<string, DemoProduct>();
  for (let round = 0; chosen.length < target && functions.length > 0; round++) {
    for (const fn of functions) {
      if (chosen.length >= target) break;
      let product = nicheProducts.get(fn.name);
      if (!product) {
        const supplier = rnd.weighted(nicheSuppliers, (s) => s.weight).vendor!;
        product = {
          name: `${fn.name} (demo)`,
          category: fn.area,
          rightsHolder: { name: supplier.name, cvr: supplier.cvr },
          rightsHolderKind: supplier.kind,
          deploymentModels: rnd.chance(0.55) ? ['saas'] : ['on_premise', 'saas'],
          requires: [],
        };
        nicheProducts.set(fn.name, product);
      }
      if (round === 0) take(product, fn.area);
      else chosen.push({ product, area: fn.area, localName: `${fn.name} – ${ADMINISTRATIONS[round % ADMINISTRATIONS.length]}` });
    }
  }

  const usages: UsageRecordInput[] = chosen.map(({ product, area, localName }, i) => {
    const fallback = nicheSuppliers.length ? rnd.weighted(nicheSuppliers, (s) => s.weight).vendor! : null;
    const supplier = product.rightsHolder ?? (fallback ? { name: fallback.name, cvr: fallback.cvr } : null);
    const isCritical = area != null && CRITICAL_AREAS.has(area);
    const saasOnly = product.deploymentModels.length > 0 && product.deploymentModels.every((d) => d === 'saas');
    const hyperscalerVendor = [hyperscalers.microsoft, hyperscalers.amazon, hyperscalers.google].find(
      (h) => h && supplier && h.name === supplier.name,
    );
    let hosting: UsageRecordInput['hosting_model'];
    let hostedBy: PartyRef | null = null;
    if (hyperscalerVendor || saasOnly || rnd.chance(0.35)) {
      hosting = 'vendor_hosted';
      if (hyperscalerVendor) hostedBy = party(hyperscalerVendor.name);
      else {
        const host = rnd.weighted(
          [
            { v: hyperscalers.microsoft, w: 40 },
            { v: hyperscalers.amazon, w: 14 },
            { v: hyperscalers.google, w: 4 },
            { v: null, w: 42 }, // the supplier's own Danish data centre
          ].filter((h) => h.v !== undefined),
          (h) => h.w,
        ).v;
        hostedBy = host ? { name: host.name, cvr: host.cvr } : supplier;
      }
    } else {
      hosting = rnd.weighted(
        [
          { h: 'on_premise' as const, w: 60 },
          { h: 'shared_public' as const, w: 12 },
          { h: 'self_managed_cloud' as const, w: 13 },
          { h: 'hybrid' as const, w: 15 },
        ],
        (x) => x.w,
      ).h;
      if (hosting === 'self_managed_cloud' && hyperscalers.microsoft) hostedBy = party(hyperscalers.microsoft.name);
    }
    const knownCriticality = rnd.chance(0.55 + 0.35 * maturity);
    const criticality: Criticality | null = knownCriticality
      ? isCritical
        ? rnd.weighted([{ c: 'critical' as const, w: 45 }, { c: 'high' as const, w: 45 }, { c: 'medium' as const, w: 10 }], (x) => x.w).c
        : rnd.weighted([{ c: 'high' as const, w: 12 }, { c: 'medium' as const, w: 43 }, { c: 'low' as const, w: 45 }], (x) => x.w).c
      : null;
    const declaresExit = rnd.chance(maturity * (isCritical ? 0.6 : 0.2));
    const exitPlan: ExitPlan | null = declaresExit
      ? rnd.weighted(
          [
            { e: 'both_scenarios' as const, w: 25 },
            { e: 'one_scenario' as const, w: 35 },
            { e: 'high_level' as const, w: 25 },
            { e: 'none' as const, w: 15 },
          ],
          (x) => x.w,
        ).e
      : null;
    const declaresExport = rnd.chance(maturity * 0.35);
    const fromYear = rnd.int(2008, 2025) + shift;
    const provenance: UsageRecordInput['provenance'] = { hosting_model: hosting === 'vendor_hosted' && !hostedBy ? 'inferred' : 'declared' };
    if (criticality) provenance.criticality = 'declared';
    if (exitPlan) provenance.exit_plan = 'declared';
    if (declaresExport) provenance.data_export = rnd.chance(0.3) ? 'evidence' : 'declared';
    if (hostedBy) provenance.hosted_by = 'declared';
    return {
      product_name: product.name,
      rights_holder: product.rightsHolder,
      category: product.category,
      local_id: `D${municipality.code}-${String(i + 1).padStart(4, '0')}`,
      local_name: localName ?? null,
      lifecycle: rnd.weighted(
        [
          { l: 'operational' as const, w: 82 },
          { l: 'phasing_in' as const, w: 5 },
          { l: 'phasing_out' as const, w: 7 },
          { l: 'pilot' as const, w: 2 },
          { l: null, w: 4 },
        ],
        (x) => x.w,
      ).l,
      supplier,
      hosting_model: hosting,
      hosted_by: hostedBy,
      operated_by: hosting === 'vendor_hosted' ? supplier : null,
      // Hyperscalers run EU regions (a few services still process outside the EU); the rest is Danish.
      data_location: hostedBy && hostedBy !== supplier ? (rnd.chance(0.06) ? 'non_eu' : 'eu') : 'dk',
      criticality,
      business_critical: knownCriticality ? criticality === 'critical' || criticality === 'high' : null,
      user_count_band: rnd.weighted(
        [
          { b: 'lt10' as const, w: 20 },
          { b: '10-49' as const, w: 35 },
          { b: '50-99' as const, w: 15 },
          { b: '100-499' as const, w: 18 },
          { b: '500+' as const, w: isCritical ? 30 : 6 },
        ],
        (x) => x.w,
      ).b,
      data_sensitivity: isCritical ? ['personal', 'sensitive'] : rnd.chance(0.5) ? ['personal'] : ['none'],
      in_use_from: `${fromYear}-${pad(rnd.int(1, 12))}-01`,
      responsible_unit: rnd.pick(['Digitalisering og IT', 'Økonomi', 'Børn og Unge', 'Social og Sundhed', 'Teknik og Miljø', 'Borgerservice', 'Beskæftigelse', 'HR']),
      data_export: declaresExport ? rnd.weighted([{ d: 'full' as const, w: 45 }, { d: 'partial' as const, w: 35 }, { d: 'paid_service' as const, w: 12 }, { d: 'none' as const, w: 8 }], (x) => x.w).d : null,
      export_tested_at: declaresExport && rnd.chance(0.4) ? `${rnd.int(2024, 2026) + shift}-${pad(rnd.int(1, 9))}-15` : null,
      exit_plan: exitPlan,
      exit_plan_tested_at: exitPlan && exitPlan !== 'none' && rnd.chance(0.4) ? `${rnd.int(2023, 2026) + shift}-${pad(rnd.int(1, 9))}-01` : null,
      exit_plan_owner: exitPlan && exitPlan !== 'none' ? 'Systemejer' : null,
      key_management: hostedBy && rnd.chance(0.1 * maturity) ? 'byok' : null,
      provenance,
      notes: null,
    };
  });

  const keys = usages.map((u) => usageKey({ kitos_uuid: u.kitos_uuid ?? null, local_id: u.local_id ?? null, product_name: u.product_name, local_name: u.local_name ?? null }));
  const contracts = makeContracts(rnd, usages, keys, size, shift);
  const integrations = makeIntegrations(rnd, chosen, keys);
  return { usages, contracts, integrations };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The year the generator's date ranges were written for (its data was first made on 2026-11-27). */
const RANGES_WRITTEN_FOR = 2026;

/**
 * Years to add to every drawn date so the data stands to `asOf` as it stood to late 2026 (0 from
 * October 2026 to September 2027). A day before 1 October counts as the year before: the ranges
 * put test dates up to mid-September of the current year, which must lie in the past.
 */
export function yearShift(asOf: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new RangeError(`asOf must be yyyy-mm-dd, not ${asOf}`);
  const year = Number(asOf.slice(0, 4));
  return (asOf.slice(5) >= '10-01' ? year : year - 1) - RANGES_WRITTEN_FOR;
}

const ADMINISTRATIONS = ['Børne- og Ungdomsforvaltningen', 'Sundheds- og Omsorgsforvaltningen', 'Teknik- og Miljøforvaltningen', 'Kultur- og Fritidsforvaltningen', 'Beskæftigelses- og Integrationsforvaltningen', 'Socialforvaltningen'];

/** Contracts by supplier: large suppliers get several, each covering a handful of systems. */
function makeContracts(rnd: Random, usages: UsageRecordInput[], keys: string[], size: number, shift: number): InventoryRecordsInput['contracts'] {
  const bySupplier = new Map<string, { usage: UsageRecordInput; key: string }[]>();
  usages.forEach((usage, i) => {
    const name = usage.supplier?.name ?? '(ukendt)';
    bySupplier.set(name, [...(bySupplier.get(name) ?? []), { usage, key: keys[i]! }]);
  });
  const contracts: NonNullable<InventoryRecordsInput['contracts']> = [];
  for (const [supplierName, list] of bySupplier) {
    for (let i = 0; i < list.length; i += 6) {
      const group = list.slice(i, i + 6);
      const from = rnd.int(2014, 2025) + shift;
      const months = rnd.weighted([{ m: 36, w: 20 }, { m: 48, w: 30 }, { m: 72, w: 25 }, { m: 96, w: 15 }, { m: 120, w: 10 }], (x) => x.w).m;
      const continuous = rnd.chance(0.12);
      const startMonth = rnd.int(1, 12);
      const endYear = from + Math.floor((startMonth - 1 + months) / 12);
      const endMonth = ((startMonth - 1 + months) % 12) + 1;
      const big = /microsoft|kmd|netcompany|systematic|kombit|fujitsu|schultz/i.test(supplierName);
      const yearly = Math.round(rnd.logNormal(big ? 1_400_000 : 120_000, 0.8) * size * (group.length / 3) / 1000) * 1000;
      contracts.push({
        name: `${supplierName} – aftale ${i / 6 + 1}`,
        external_id: `K-${from}-${rnd.int(100, 999)}`,
        supplier: group[0]!.usage.supplier ?? null,
        valid_from: `${from}-${pad(startMonth)}-01`,
        valid_to: continuous ? null : `${endYear}-${pad(endMonth)}-01`,
        irrevocable_until: rnd.chance(0.3) ? `${from + rnd.int(2, 4)}-${pad(startMonth)}-01` : null,
        notice_months: rnd.weighted([{ n: 3, w: 35 }, { n: 6, w: 40 }, { n: 12, w: 20 }, { n: null, w: 5 }], (x) => x.w).n,
        acquisition_cost_dkk: rnd.chance(0.4) ? Math.round(yearly * rnd.between(0.5, 3) / 1000) * 1000 : null,
        yearly_operation_cost_dkk: yearly,
        procurement_strategy: rnd.pick(['Direkte tildeling', 'Udbud', 'Genudbud', 'Rammeaftale (SKI)', 'Fælleskommunal (KOMBIT)']),
        exit_clause: rnd.chance(0.35) ? rnd.chance(0.6) : null,
        switching_charges: rnd.chance(0.2) ? rnd.chance(0.5) : null,
        licences_portable: rnd.chance(0.2) ? rnd.chance(0.5) : null,
        bundled_scope: rnd.chance(0.25) ? rnd.chance(0.4) : null,
        usage_keys: group.map((g) => g.key),
      });
    }
  }
  return contracts;
}

/** Data integrations lean towards hub systems; platform requirements follow the catalogue. */
function makeIntegrations(
  rnd: Random,
  chosen: { product: DemoProduct; area: string | null }[],
  keys: string[],
): InventoryRecordsInput['integrations'] {
  const indexOf = new Map<string, number>();
  chosen.forEach((c, i) => {
    if (!indexOf.has(c.product.name)) indexOf.set(c.product.name, i);
  });
  const hubs = chosen.map((c, i) => ({ c, i })).filter(({ c }) => c.area && ['dk-esdh', 'dk-economy', 'dk-identity', 'dk-citizen-service', 'dk-digital-post'].includes(c.area));
  const identity = chosen.findIndex((c) => /entra id|azure active directory/i.test(c.product.name));
  const edges = new Map<string, NonNullable<InventoryRecordsInput['integrations']>[number]>();
  const add = (from: number, to: number, kind: 'data' | 'requires_platform', platform_role: string | null) => {
    if (from === to) return;
    const id = `${from}>${to}:${kind}`;
    if (!edges.has(id)) {
      edges.set(id, { source_key: keys[from]!, target_key: keys[to]!, kind, direction: kind === 'data' && rnd.chance(0.4) ? 'bidirectional' : 'outgoing', platform_role });
    }
  };
  chosen.forEach(({ product }, i) => {
    for (const req of product.requires) {
      const target = indexOf.get(req.productName);
      if (target != null) add(i, target, 'requires_platform', req.role);
    }
    if (identity >= 0 && i !== identity && product.deploymentModels.includes('saas') && rnd.chance(0.4)) add(i, identity, 'requires_platform', 'identity');
    const count = rnd.weighted([{ n: 0, w: 30 }, { n: 1, w: 30 }, { n: 2, w: 20 }, { n: 4, w: 12 }, { n: 8, w: 8 }], (x) => x.w).n;
    for (let k = 0; k < count; k++) {
      const target = hubs.length && rnd.chance(0.6) ? rnd.pick(hubs).i : rnd.int(0, chosen.length - 1);
      add(i, target, 'data', null);
    }
  });
  return [...edges.values()];
}
