// Solution paths (issue #7): a municipality's ranked exit paths and its scenarios, for the API and
// the CLI alike. This module only reads: the current inventory's scoring input (for the date its
// stored score was computed for), the catalogue's candidates and who runs them; the arithmetic is
// the pure solutions/ modules. A scenario is computed on a copy and never writes the inventory.
import { createHash } from 'node:crypto';
import { type World, worldOfFlag } from '../repositories/world.repository.ts';
import type { Kysely } from 'kysely';
import type { AlternativeRow, Database, ProductRow } from '../db/schema.ts';
import { municipalityStamp, productsOfVersion, worldStamp } from '../repositories/cache-stamps.repository.ts';
import { canonicalJson, remembered } from './solution-cache.ts';
import { normalizeProductName } from '../domain/names.ts';
import { PUBLIC_MODERATION_STATES, type UserCountBand } from '../domain/vocabulary.ts';
import type { ApiAvailability, CodeGovernance, DataExport, ExportFormatKind, LicenseModel } from '../domain/vocabulary.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { isoDay, stored } from '../repositories/db-types.ts';
import { computeCategoryHhi, loadMunicipalityInputs, loadScoringCatalogue, type ScoringCatalogue, storedCategoryHhi } from '../repositories/scoring-input.repository.ts';
import { defaultModel, type MunicipalityInput } from '../scoring/index.ts';
import { type Candidate, type CandidateFacts, selfRunDeployment, type SourcedFact, sourcedCandidateFacts, sourcedDeployment, vendorDeployment } from '../solutions/candidates.ts';
import { sourcedFactsByAlternative } from '../repositories/alternatives.repository.ts';
import { type CandidateCatalogue, type ExitPath, type ExitPaths, exitPaths, type UsageFacts } from '../solutions/exit-paths.ts';
import { maturityOf } from './catalogue-common.ts';
import { candidateInputCoverage } from '../reference/candidate-inputs.ts';
import { alternativeFunctionTerms, productFunctionTerms } from '../repositories/product-functions.repository.ts';
import { functionMatchingData } from '../reference/function-matching.ts';
import { termsOfKle, usageTerms, wrongPairIndex } from '../solutions/functions.ts';
import { type ScenarioOutcome, type ScenarioReplacement, simulateScenario } from '../solutions/scenario.ts';
import { namesOf, type ReplacementSpec, type ScenarioSpec, type StoredReplacement } from '../solutions/scenario-spec.ts';

/** Everything the solution paths of one municipality are computed from. */
export interface SolutionContext {
  municipalityCode: number;
  inventoryVersionId: number;
  asOf: string;
  input: MunicipalityInput;
  usageFacts: Map<string, UsageFacts>;
  /** The file's names of the usages (system name and local name, normalised) → usage ids, for matching what a person typed. */
  localNames: Map<string, string[]>;
  /** Usage id → the name the file gave it (local name, else system name). */
  fileNames: Map<string, string>;
  /** Usage id → its stable key (the same system across inventory versions), and back. */
  usageKeys: Map<string, string>;
  usageByKey: Map<string, string>;
  candidates: CandidateCatalogue;
  /** Every candidate by reference, and by normalised name and key. */
  byRef: Map<string, Candidate>;
  byName: Map<string, Candidate>;
  products: Map<string, { id: number; key: string | null; name: string }>;
  /** The stamps it was computed from (solution-cache.ts): answers computed from it are remembered under it. */
  cacheKey: string;
}

/**
 * Loads a municipality's current inventory as the engine scores it, for the date its stored
 * score was computed for (so "before" is the score the dashboard shows), with every candidate.
 * Remembered (solution-cache.ts) by the municipality's score stamp, the catalogue's version and
 * the state of its world's inventories; the catalogue-wide part is shared by every municipality.
 */
export async function solutionContext(db: Kysely<Database>, municipalityCode: number): Promise<SolutionContext> {
  const stamp = await municipalityStamp(db, municipalityCode);
  if (!stamp) throw new NotFoundError(`Municipality ${municipalityCode} has no scored inventory`);
  // A real inventory's paths read real inventories and the real catalogue only; a demo one, demo ones.
  const world = worldOfFlag(stamp.demo);
  const inventories = await worldInventories(db, world);
  const catalogueKey = `${stamp.catalogueVersion}|${world}|${inventories.hhiDigest}`;
  const shared = await remembered(db, 'catalogue', catalogueKey, () => loadSharedCatalogue(db, world, inventories.hhi));
  const key = [municipalityCode, stamp.inventoryVersionId, stamp.scoreStamp, stamp.asOf, catalogueKey, inventories.digest].join('|');
  return remembered(db, 'context', key, async () => {
    // The candidates outlive an edit or a re-import that leaves the catalogue and who runs what as they were.
    const candidates = await remembered(db, 'candidates', `${catalogueKey}|${inventories.digest}|${municipalityCode}|${stamp.asOf}`, async () =>
      buildCandidates(shared, inventories, String(municipalityCode), stamp.asOf),
    );
    return buildContext(db, municipalityCode, stamp.inventoryVersionId, stamp.asOf, shared, inventories, candidates, key);
  });
}

/** The catalogue as every municipality's solution paths read it (one load per catalogue version, world and national concentration). */
interface SharedCatalogue {
  catalogue: ScoringCatalogue;
  productRows: Map<number, Pick<ProductRow, 'id' | 'key' | 'name' | 'normalized_name' | 'deployment_models' | 'updated_at' | 'local_to_municipality' | 'source'>>;
  productByName: Map<string, { id: number; key: string | null }>;
  productTerms: Map<number, string[]>;
  alternativeTerms: Map<number, string[]>;
  alternativeRows: AlternativeRow[];
  sourced: Awaited<ReturnType<typeof sourcedFactsByAlternative>>;
  mapped: Array<{ product_id: number; alternative_id: number }>;
}

async function loadSharedCatalogue(db: Kysely<Database>, world: World, hhi: Map<string, number>): Promise<SharedCatalogue> {
  const catalogue = await loadScoringCatalogue(db, world, hhi);
  const rows = await db.selectFrom('products').select(['id', 'key', 'name', 'normalized_name', 'deployment_models', 'updated_at', 'local_to_municipality', 'source']).execute();
  const mapped = await db
    .selectFrom('product_alternatives as pa')
    .innerJoin('alternatives as a', 'a.id', 'pa.alternative_id')
    .select(['pa.product_id', 'pa.alternative_id'])
    .where('a.moderation_state', 'in', PUBLIC_MODERATION_STATES)
    .orderBy('pa.alternative_id')
    .execute();
  return {
    catalogue,
    productRows: new Map(rows.map((p) => [p.id, p])),
    productByName: new Map(rows.map((p) => [p.normalized_name, p])),
    productTerms: await productFunctionTerms(db),
    alternativeTerms: await alternativeFunctionTerms(db),
    // Open-source alternatives (only those readers see).
    alternativeRows: await db.selectFrom('alternatives').selectAll().where('moderation_state', 'in', PUBLIC_MODERATION_STATES).orderBy('name').execute(),
    sourced: await sourcedFactsByAlternative(db),
    mapped,
  };
}

/** A world's current inventories as the solution paths read them: who runs what, the median system count, the national concentration. */
interface WorldInventories {
  /** Product id → codes of the municipalities whose current inventory runs it (sorted). */
  runBy: Map<number, string[]>;
  referenceSystemCount: number | null;
  hhi: Map<string, number>;
  /** Digests of the content above: an import that changes none of it keeps every municipality's entries. */
  hhiDigest: string;
  digest: string;
}

async function worldInventories(db: Kysely<Database>, world: World): Promise<WorldInventories> {
  const { stamp, versions } = await worldStamp(db, world);
  return remembered(db, 'world', stamp, async () => {
    const hhi = (await storedCategoryHhi(db, world)) ?? (await computeCategoryHhi(db, world));
    // Who runs what, from each current version's products: a version never changes, so after an
    // import only the new version's rows are read.
    const runBy = new Map<number, string[]>();
    const running: Array<[string, string]> = [];
    for (const v of [...versions].sort((a, b) => (String(a.municipalityCode) < String(b.municipalityCode) ? -1 : 1))) {
      const code = String(v.municipalityCode);
      const products = await remembered(db, 'version', `${v.inventoryVersionId}.${v.contentHash}`, async () => {
        const ids = await productsOfVersion(db, v.inventoryVersionId);
        return { ids, digest: digestOf(ids) };
      });
      running.push([code, products.digest]);
      for (const id of products.ids) {
        const codes = runBy.get(id);
        if (codes) codes.push(code);
        else runBy.set(id, [code]);
      }
    }
    const counts = versions.map((v) => v.usageCount).sort((a, b) => a - b);
    const referenceSystemCount = counts.length ? counts[Math.floor(counts.length / 2)]! : null;
    const hhiDigest = digestOf([...hhi].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { runBy, referenceSystemCount, hhi, hhiDigest, digest: digestOf([hhiDigest, referenceSystemCount, running]) };
  });
}

const digestOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);

async function buildContext(
  db: Kysely<Database>,
  municipalityCode: number,
  versionId: number,
  asOf: string,
  shared: SharedCatalogue,
  inventories: WorldInventories,
  candidates: ReturnType<typeof buildCandidates>,
  cacheKey: string,
): Promise<SolutionContext> {
  // The median system count of the world as it is now (the shared catalogue may be older).
  const catalogue = { ...shared.catalogue, referenceSystemCount: inventories.referenceSystemCount };
  const input = (await loadMunicipalityInputs(db, catalogue, [versionId], asOf)).get(versionId)!;
  const usageRows = await db
    .selectFrom('system_usages')
    .select(['id', 'product_id', 'system_name', 'local_name', 'user_count_band', 'usage_key', 'kle'])
    .where('inventory_version_id', '=', versionId)
    .orderBy('id')
    .execute();
  const matching = functionMatchingData();
  const usageFacts = new Map<string, UsageFacts>();
  const localNames = new Map<string, string[]>();
  const fileNames = new Map<string, string>();
  const usageKeys = new Map<string, string>();
  const usageByKey = new Map<string, string>();
  for (const u of usageRows) {
    usageKeys.set(String(u.id), u.usage_key);
    usageByKey.set(u.usage_key, String(u.id));
    const product = catalogue.products.get(u.product_id)!;
    const key = shared.productRows.get(u.product_id)?.key;
    usageFacts.set(String(u.id), {
      productId: String(u.product_id),
      productName: product.name,
      userCountBand: stored<UserCountBand>(u.user_count_band),
      names: key ? [`product:${key}`] : [],
      functions: usageTerms(shared.productTerms.get(u.product_id) ?? [], termsOfKle(matching.kle, kleNumbers(u.kle))),
    });
    fileNames.set(String(u.id), u.local_name ?? u.system_name);
    for (const key of new Set([u.system_name, u.local_name].filter((n): n is string => !!n).map(normalizeProductName))) {
      localNames.set(key, [...(localNames.get(key) ?? []), String(u.id)]);
    }
  }
  return { municipalityCode, inventoryVersionId: versionId, asOf, input, usageFacts, localNames, fileNames, usageKeys, usageByKey, ...candidates, cacheKey };
}

/** The KLE numbers of a usage's stored `kle` (JSON `[{ number, source, title }]`); [] when none or unreadable. */
function kleNumbers(kle: string | null): string[] {
  if (!kle) return [];
  try {
    const parsed: unknown = JSON.parse(kle);
    return Array.isArray(parsed) ? parsed.flatMap((k) => (k && typeof k === 'object' && typeof (k as { number?: unknown }).number === 'string' ? [(k as { number: string }).number] : [])) : [];
  } catch {
    return [];
  }
}

/** A catalogue product's stored facts as a candidate's facts (null = unknown). */
export const catalogueFacts = (p: ScoringCatalogue['products'] extends Map<number, infer P> ? P | undefined : never, observedAt: string | null): CandidateFacts => ({
  licenseModel: stored<LicenseModel>(p?.licenseModel),
  codeGovernance: stored<CodeGovernance>(p?.codeGovernance),
  dataExport: stored<DataExport>(p?.dataExport),
  exportFormatKind: stored<ExportFormatKind>(p?.exportFormatKind),
  apiAvailability: stored<ApiAvailability>(p?.apiAvailability),
  observedAt,
});

/**
 * An open-source alternative's proposed deployment, as exit paths, scenarios and a usage's
 * alternatives all score it: its own sourced facts (`own`), the same-named catalogue product's
 * (`product`) only where it has none, and the deployment its `deployment` facts allow.
 */
export function alternativeDeployment(
  ref: string,
  a: { name: string; spdx_license: string | null; updated_at: string },
  own: readonly SourcedFact[],
  product: Parameters<typeof catalogueFacts>[0],
  code: string,
  asOf: string,
) {
  const facts = sourcedCandidateFacts(own, catalogueFacts(product, isoDay(a.updated_at)));
  if (a.spdx_license) facts.licenseModel = 'open_source';
  return sourcedDeployment(ref, a.name, facts, own, code, asOf);
}

/** Every candidate of one municipality (its own products, its own deployments), from the shared catalogue. Pure. */
function buildCandidates(shared: SharedCatalogue, inventories: WorldInventories, code: string, asOf: string) {
  const { catalogue, productRows: productById, productByName, productTerms, alternativeTerms, sourced } = shared;
  const runners = (productId: number | undefined) => (productId === undefined ? [] : (inventories.runBy.get(productId) ?? []));

  const byRef = new Map<string, Candidate>();
  const byName = new Map<string, Candidate>();
  const products = new Map<string, { id: number; key: string | null; name: string }>();
  const remember = (c: Candidate, ...names: Array<string | null>) => {
    byRef.set(c.ref, c);
    for (const n of names) if (n && !byName.has(normalizeProductName(n))) byName.set(normalizeProductName(n), c);
  };

  // Open-source alternatives (only those readers see), each also a product when the catalogue has one of that name.
  const alternativeById = new Map<number, Candidate>();
  // What each candidate does (function terms) and what names it in function-wrong-pairs.csv.
  const functionsOf = new Map<string, string[]>();
  const candidateNames = new Map<string, string[]>();
  const byFunction = new Map<string, Candidate[]>();
  const carries = (c: Candidate, terms: string[], names: string[]) => {
    functionsOf.set(c.ref, terms);
    candidateNames.set(c.ref, names);
    for (const t of terms) byFunction.set(t, [...(byFunction.get(t) ?? []), c]);
  };
  for (const a of shared.alternativeRows) {
    const asProduct = productByName.get(normalizeProductName(a.name));
    const p = asProduct ? catalogue.products.get(asProduct.id) : undefined;
    const own = sourced.get(a.id) ?? [];
    const ref = `alternative:${a.id}`;
    const maturity = maturityOf(a, own, asOf);
    const c: Candidate = {
      ref,
      kind: 'open_source',
      name: a.name,
      productId: asProduct ? String(asProduct.id) : null,
      vendor: null,
      maturity: { ams: maturity.ams, knownMetrics: maturity.knownMetrics, metricCount: maturity.metricCount, openSourceLabel: maturity.openSourceLabel },
      deployment: alternativeDeployment(ref, a, own, p, code, asOf),
      runBy: runners(asProduct?.id),
      unknownInputs: candidateInputCoverage(own).missing.map((i) => i.id),
      unverified: a.moderation_state !== 'published',
    };
    alternativeById.set(a.id, c);
    remember(c, a.key, a.name);
    carries(
      c,
      [...new Set([...(alternativeTerms.get(a.id) ?? []), ...(asProduct ? (productTerms.get(asProduct.id) ?? []) : [])])].sort(),
      [`alternative:${a.key}`, ...(asProduct?.key ? [`product:${asProduct.key}`] : [])],
    );
  }
  const alternativesByProduct = new Map<string, Candidate[]>();
  for (const m of shared.mapped) {
    const c = alternativeById.get(m.alternative_id);
    if (c) alternativesByProduct.set(String(m.product_id), [...(alternativesByProduct.get(String(m.product_id)) ?? []), c]);
  }

  // Catalogue products, per function category.
  const productsByCategory = new Map<string, Candidate[]>();
  for (const p of catalogue.products.values()) {
    const row = productById.get(p.id)!;
    // The demo generator's inventions are never proposed for a real inventory.
    if (catalogue.world === 'real' && row.source === 'demo') continue;
    // A product local to a municipality (not in the shared catalogue) is never a candidate; only
    // its own municipality's scenarios may name it.
    if (row.local_to_municipality != null) {
      if (String(row.local_to_municipality) === code) products.set(String(p.id), { id: p.id, key: row.key, name: p.name });
      continue;
    }
    products.set(String(p.id), { id: p.id, key: row.key, name: p.name });
    const ref = `product:${p.id}`;
    const models = row.deployment_models ? (JSON.parse(row.deployment_models) as string[]) : [];
    const facts = catalogueFacts(p, p.observedAt);
    const holder = p.rightsHolderId == null ? undefined : catalogue.vendors.get(p.rightsHolderId);
    const vendor = holder ? { vendorId: String(holder.ultimateId), name: holder.ultimateName, country: holder.country } : null;
    const open = p.licenseModel === 'open_source';
    const deployment =
      open && (models.length === 0 || models.includes('on_premise') || models.includes('iaas'))
        ? selfRunDeployment(ref, p.name, facts, code, asOf)
        : vendor
          ? vendorDeployment(ref, p.name, facts, vendor, models, asOf)
          : null;
    if (!deployment) continue;
    const c: Candidate = { ref, kind: open ? 'open_source' : 'vendor_product', name: p.name, productId: String(p.id), vendor, maturity: null, deployment, runBy: runners(p.id) };
    remember(c, row.key, p.name);
    carries(c, productTerms.get(p.id) ?? [], row.key ? [`product:${row.key}`] : []);
    if (p.category) productsByCategory.set(p.category, [...(productsByCategory.get(p.category) ?? []), c]);
  }
  const wrongPairs = wrongPairIndex(functionMatchingData().wrongPairs);
  return { candidates: { alternativesByProduct, productsByCategory, byFunction, functionsOf, namesOf: candidateNames, wrongPairs }, byRef, byName, products };
}

export interface ExitPathOptions {
  /** Systems to look at, highest exit priority first (default: the model's top quartile). */
  top?: number;
}

/** The municipality's ranked exit paths (solutions/exit-paths.ts), for its current inventory. */
export async function municipalityExitPaths(
  db: Kysely<Database>,
  code: number,
  options: ExitPathOptions = {},
): Promise<Omit<ExitPaths, 'paths'> & { paths: (ExitPath & { usage: { key: string } })[]; inventoryVersionId: number }> {
  const ctx = await solutionContext(db, code);
  return remembered(db, 'exitPaths', `${ctx.cacheKey}|${options.top ?? ''}`, async () => {
    const result = exitPaths(ctx.input, ctx.usageFacts, ctx.candidates, { top: options.top, model: defaultModel });
    // Each system's stable key, so the page links to its address rather than to this version's row.
    const paths = result.paths.map((p) => ({ ...p, usage: { ...p.usage, key: ctx.usageKeys.get(p.usage.id) ?? '' } }));
    return { ...result, paths, inventoryVersionId: ctx.inventoryVersionId };
  });
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const refPattern = /^(product|alternative):(\d+)$/;

/**
 * The usages a person means: a `product:<id>` reference; else the name the municipality's file
 * gives them ("Exchange Online", a local name); else a catalogue product's key or name. The name
 * shown (and stored) is the file's.
 */
function usagesOfProduct(ctx: SolutionContext, text: string): { usageIds: string[]; productRef: string; productName: string } | null {
  const m = text.match(refPattern);
  const wanted = normalizeProductName(text);
  const fileName = (usageId: string) => ctx.fileNames.get(usageId)!;
  if (!m) {
    const named = ctx.localNames.get(wanted);
    if (named?.length) {
      const f = ctx.usageFacts.get(named[0]!)!;
      return { usageIds: named, productRef: `product:${f.productId}`, productName: fileName(named[0]!) };
    }
  }
  let productId: string | null = null;
  if (m?.[1] === 'product') productId = m[2]!;
  else {
    for (const [id, p] of ctx.products) {
      if (p.key === text.trim() || normalizeProductName(p.name) === wanted) {
        productId = id;
        break;
      }
    }
  }
  const usageIds = productId === null ? [] : [...ctx.usageFacts].filter(([, f]) => f.productId === productId).map(([id]) => id);
  if (usageIds.length > 0) return { usageIds, productRef: `product:${productId}`, productName: fileName(usageIds[0]!) };
  return null;
}

/**
 * Usages a person names one by one: `usage:<key>` or a bare usage key (stable across inventory
 * versions), else the file's own name (system or local name; every usage with that name).
 */
function usagesNamed(ctx: SolutionContext, text: string): string[] | null {
  const t = text.trim();
  const key = t.startsWith('usage:') ? t.slice('usage:'.length) : t;
  const byKey = ctx.usageByKey.get(key);
  if (byKey) return [byKey];
  const named = ctx.localNames.get(normalizeProductName(t));
  return named?.length ? named : null;
}

function candidateOf(ctx: SolutionContext, text: string): Candidate | null {
  const t = text.trim();
  return ctx.byRef.get(t) ?? ctx.byName.get(normalizeProductName(t)) ?? null;
}

export interface ResolvedScenario {
  replacements: ScenarioReplacement[];
  stored: StoredReplacement[];
  /** Replacements that no longer match the inventory or the catalogue (saved scenarios only). */
  warnings: Array<{ index: number; message: { da: string; en: string } }>;
}

type Problem = { field: string; message: { da: string; en: string } };

/**
 * Turns what a person wrote into replacements on the current inventory. Strict (new scenarios,
 * compare, CLI): any name that matches nothing, a product replaced by itself, or a usage named by
 * two replacements is an InputError naming the field(s). Lenient (saved scenarios after the
 * inventory changed): such replacements (or names) become warnings, and of a usage named twice
 * the later replacement wins.
 */
export function resolveScenario(ctx: SolutionContext, spec: { replacements: ReplacementSpec[]; startDate?: string | null }, strict: boolean): ResolvedScenario {
  const out: ResolvedScenario = { replacements: [], stored: [], warnings: [] };
  const errors: Problem[] = [];
  const claimed = new Map<string, string>();
  const fileName = (usageId: string) => ctx.fileNames.get(usageId)!;
  spec.replacements.forEach((r, i) => {
    const names = namesOf(r);
    const legacy = !r.products && !r.usages && !r.alternatives && !!r.product && !!r.alternative;
    const problems: Problem[] = [];
    const products: Array<{ ref: string; name: string; usageIds: string[] }> = [];
    names.products.forEach((text, j) => {
      const u = usagesOfProduct(ctx, text);
      const at = r.product !== undefined ? (j === 0 ? `replacements.${i}.product` : `replacements.${i}.products.${j - 1}`) : `replacements.${i}.products.${j}`;
      if (!u) problems.push({ field: at, message: { da: `Kommunen bruger ikke "${text}"`, en: `The municipality does not use "${text}"` } });
      else products.push({ ref: u.productRef, name: u.productName, usageIds: u.usageIds });
    });
    const usages: Array<{ ref: string; name: string; usageIds: string[] }> = [];
    names.usages.forEach((text, j) => {
      const ids = usagesNamed(ctx, text);
      if (!ids) problems.push({ field: `replacements.${i}.usages.${j}`, message: { da: `Kommunens it-oversigt har intet system "${text}"`, en: `The municipality's inventory has no system "${text}"` } });
      else for (const id of ids) usages.push({ ref: `usage:${ctx.usageKeys.get(id)}`, name: fileName(id), usageIds: [id] });
    });
    const candidates: Candidate[] = [];
    names.candidates.forEach((text, j) => {
      const c = candidateOf(ctx, text);
      const at = r.alternative !== undefined ? (j === 0 ? `replacements.${i}.alternative` : `replacements.${i}.alternatives.${j - 1}`) : `replacements.${i}.alternatives.${j}`;
      if (!c) problems.push({ field: at, message: { da: `"${text}" findes ikke i kataloget`, en: `"${text}" is not in the catalogue` } });
      else if (!candidates.some((x) => x.ref === c.ref)) candidates.push(c);
    });
    const usageIds = [...new Set([...products, ...usages].flatMap((x) => x.usageIds))];
    const replacedProducts = new Set(usageIds.map((id) => `product:${ctx.usageFacts.get(id)!.productId}`));
    for (const c of candidates) {
      if (replacedProducts.has(c.ref)) {
        problems.push({ field: `replacements.${i}.${r.alternatives?.length ? 'alternatives' : 'alternative'}`, message: { da: `${c.name} kan ikke erstatte sig selv`, en: `${c.name} cannot replace itself` } });
      }
    }
    if (problems.length === 0) {
      for (const id of usageIds) {
        const earlier = claimed.get(id);
        if (earlier !== undefined && earlier !== String(i)) {
          const message = {
            da: `"${fileName(id)}" indgår i både udskiftning ${Number(earlier) + 1} og ${i + 1}; nævn hvert system én gang`,
            en: `"${fileName(id)}" is part of both replacement ${Number(earlier) + 1} and ${i + 1}; name each system once`,
          };
          errors.push({ field: `replacements.${earlier}`, message }, { field: `replacements.${i}`, message });
          out.warnings.push({ index: i, message });
          break;
        }
      }
      for (const id of usageIds) claimed.set(id, String(i));
    }
    if (problems.length > 0 || usageIds.length === 0 || candidates.length === 0) {
      errors.push(...problems);
      for (const p of problems) out.warnings.push({ index: i, message: p.message });
      return;
    }
    const from = r.from ?? spec.startDate ?? null;
    out.replacements.push({ usageIds, deployments: candidates.map((c) => c.deployment), from });
    const whatNames = [...products, ...usages].map((x) => x.name);
    const summary = {
      product: products[0]?.ref ?? `product:${ctx.usageFacts.get(usageIds[0]!)!.productId}`,
      productName: [...new Set(whatNames)].join(', '),
      alternative: candidates[0]!.ref,
      alternativeName: candidates.map((c) => c.name).join(' + '),
      from: r.from ?? null,
    };
    out.stored.push(
      legacy
        ? summary
        : {
            ...summary,
            products: products.map(({ ref, name }) => ({ ref, name })),
            usages: usages.map(({ ref, name }) => ({ ref, name })),
            alternatives: candidates.map((c) => ({ ref: c.ref, name: c.name })),
          },
    );
  });
  if (strict && errors.length > 0) throw new InputError('A replacement does not match the inventory or the catalogue', errors);
  return out;
}

export interface ScenarioComparison {
  municipalityCode: number;
  inventoryVersionId: number;
  asOf: string;
  startDate: string | null;
  replacements: StoredReplacement[];
  warnings: ResolvedScenario['warnings'];
  outcome: ScenarioOutcome;
}

/** Before/after of an unsaved scenario on the current inventory: the API's compare and the CLI. */
export async function compareScenario(db: Kysely<Database>, code: number, spec: ScenarioSpec, options: { strict?: boolean; context?: SolutionContext } = {}): Promise<ScenarioComparison> {
  const ctx = options.context ?? (await solutionContext(db, code));
  const strict = options.strict ?? true;
  return remembered(db, 'comparison', `${ctx.cacheKey}|${strict}|${canonicalJson(spec)}`, async () => {
    const resolved = resolveScenario(ctx, spec, strict);
    return {
      municipalityCode: code,
      inventoryVersionId: ctx.inventoryVersionId,
      asOf: ctx.asOf,
      startDate: spec.startDate ?? null,
      replacements: resolved.stored,
      warnings: resolved.warnings,
      outcome: simulateScenario(ctx.input, resolved.replacements, defaultModel),
    };
  });
}
