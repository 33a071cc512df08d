// Loads the reference data in data/reference/ into the database, idempotently: a second load
// with unchanged files changes nothing. Runs in one transaction, so a broken file loads nothing.
import { PUBLICCODE_CATEGORY_NAMES } from '../domain/categories.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { catalogueKey, normalizeProductName } from '../domain/names.ts';
import { ReferenceDataError } from '../errors.ts';
import { type ReferenceAlternative, type ReferenceMapping, syncReferenceAlternativeFacts, upsertReferenceAlternatives, withdrawReferenceAlternatives } from '../repositories/alternatives.repository.ts';
import { type Db } from '../repositories/db-types.ts';
import { syncProductFunctions } from '../repositories/product-functions.repository.ts';
import { upsertReferenceProducts } from '../repositories/products.repository.ts';
import { upsertByKey } from '../repositories/upsert-by-key.ts';
import { upsertReferenceVendors } from '../repositories/vendors.repository.ts';
import { applyAlternativeFacts, blankReferenceAlternative, type PublicationSummary, publicationSummary } from './alternative-facts.ts';
import { readCsv } from './read-csv.ts';
import {
  alternativeFactRow,
  type AlternativeMappingRow,
  alternativeMappingRow,
  PLACEHOLDER_NAME,
  productFunctionRow,
  kleFunctionRow,
  categoryRow,
  municipalityRow,
  productRow,
  publiccodeVocabularies,
  vendorRow,
} from './schemas.ts';

export const REFERENCE_DIR = join(import.meta.dirname, '../../../data/reference');

const SOURCES = {
  municipalities: 'data/reference/municipalities.csv — de 98 kommuner med kommunekode og region (Danmarks Statistik/DAGI kommuneinddeling)',
  publiccode: 'https://github.com/publiccodeyml/publiccode.yml',
  alternatives: 'data/reference/alternatives.csv — compiled by the handlefrihed OSS-catalogue research (research/oss-catalogues.md)',
};

export interface ReferenceLoadResult {
  inserted: number;
  updated: number;
  counts: { municipalities: number; categories: number; vendors: number; products: number; alternatives: number; mappings: number; facts: number; productFunctions: number };
  /** `oss_alternative` values of alternatives.csv that are placeholders, not product names: never published. */
  skippedPlaceholders: string[];
  /** Published and unverified reference alternatives, and their candidate-input coverage (known of 9). */
  publication: PublicationSummary;
}

export async function loadReferenceData(db: Kysely<Database>, dir = REFERENCE_DIR): Promise<ReferenceLoadResult> {
  const municipalities = readCsv(join(dir, 'municipalities.csv'), municipalityRow);
  const categories = readCsv(join(dir, 'categories.csv'), categoryRow);
  const vendors = readCsv(join(dir, 'vendors.csv'), vendorRow);
  const products = readCsv(join(dir, 'products.csv'), productRow);
  const mappingRows = readCsv(join(dir, 'alternatives.csv'), alternativeMappingRow);
  const facts = readCsv(join(dir, 'alternative-facts.csv'), alternativeFactRow);
  const productFunctions = readCsv(join(dir, 'product-functions.csv'), productFunctionRow);
  // Read here only to refuse a broken file at load time; exit paths read it (kle-functions.ts).
  readCsv(join(dir, 'kle-functions.csv'), kleFunctionRow);
  const vocab = publiccodeVocabularies.parse(JSON.parse(readFileSync(join(dir, 'publiccode-vocabularies.json'), 'utf8')));
  checkReferences(vendors, products);
  checkProductFunctions(products, productFunctions);

  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    let updated = 0;
    const add = (r: { inserted: number; updated: number }) => {
      inserted += r.inserted;
      updated += r.updated;
    };

    add(
      await upsertByKey<number>(
        trx,
        'municipalities',
        'code',
        municipalities.map((r) => ({ ...r, source: SOURCES.municipalities, verified: 1 })),
        { idColumn: 'code' },
      ),
    );

    const publiccodeSource = `${SOURCES.publiccode} @ ${vocab._source.commit}`;
    add(
      await upsertByKey<string>(
        trx,
        'categories',
        'code',
        [
          ...vocab.categories.map((code) => ({ code, kind: 'publiccode', label_da: PUBLICCODE_CATEGORY_NAMES[code]?.da ?? humanize(code), label_en: PUBLICCODE_CATEGORY_NAMES[code]?.en ?? humanize(code), source: publiccodeSource })),
          ...categories.map((c) => ({ ...c, source: 'data/reference/categories.csv' })),
        ],
        { idColumn: 'code' },
      ),
    );
    add(await syncVocabularyTerms(trx, vocab, publiccodeSource));

    add(
      await upsertReferenceVendors(
        trx,
        vendors.map((v) => ({ ...v, parentKey: v.parent_key, roleKind: v.role_kind, aliases: v.aliases })),
      ),
    );
    const vendorIds = new Map(
      (await trx.selectFrom('vendors').select(['key', 'id']).where('key', 'is not', null).execute()).map((v) => [v.key!, v.id]),
    );
    add(
      await upsertReferenceProducts(
        trx,
        products.map((p) => ({
          key: p.key,
          name: p.name,
          rightsHolderKey: p.rights_holder_key,
          category: p.category,
          licenseModel: p.license_model,
          spdxLicense: p.spdx_license,
          deploymentModels: p.deployment_models,
          dataExport: p.data_export,
          exportFormats: p.export_formats,
          exportFormatKind: p.export_format_kind,
          apiAvailability: p.api_availability,
          apiStandards: p.api_standards,
          codeGovernance: p.code_governance,
          requiresPlatforms: p.requires_platforms,
          kitosUuid: p.kitos_uuid,
          aliases: p.aliases,
          source: p.source,
          verified: p.verified,
          notes: p.notes,
        })),
        vendorIds,
      ),
    );

    // What each product does (function terms), for matching exit paths by task.
    add(
      await syncProductFunctions(
        trx,
        productFunctions.flatMap((f) => (f.function === null ? [] : [{ productKey: f.product_key, term: f.function, source: f.source, note: f.note }])),
      ),
    );

    const fromCsv = await alternativesFrom(trx, mappingRows);
    const { mappings, skippedPlaceholders } = fromCsv;
    const alternatives = applyAlternativeFacts(fromCsv.alternatives, facts);
    add(await upsertReferenceAlternatives(trx, alternatives, mappings));
    // Each fact with its source, date and verified flag, so a reader can see where it comes from.
    add(
      await syncReferenceAlternativeFacts(
        trx,
        facts.map((f) => ({ alternativeKey: f.alternative_key, fact: f.fact, value: f.value, qualifiers: f.qualifiers, source: f.source_url, sourceDate: f.source_date, verified: f.verified, note: f.note })),
      ),
    );
    add(
      await withdrawReferenceAlternatives(
        trx,
        skippedPlaceholders.map(catalogueKey),
        SOURCES.alternatives,
        'A placeholder in alternatives.csv, not a product name: never published (issue #14)',
      ),
    );

    return {
      inserted,
      updated,
      counts: {
        municipalities: municipalities.length,
        categories: vocab.categories.length + categories.length,
        vendors: vendors.length,
        products: products.length,
        alternatives: alternatives.length,
        mappings: mappings.length,
        facts: facts.length,
        productFunctions: productFunctions.filter((f) => f.function !== null).length,
      },
      skippedPlaceholders,
      publication: publicationSummary(alternatives, facts),
    };
  });
}

/** product-functions.csv names only products of products.csv. */
function checkProductFunctions(products: { key: string }[], rows: { product_key: string }[]): void {
  const keys = new Set(products.map((p) => p.key));
  const unknown = [...new Set(rows.map((r) => r.product_key).filter((k) => !keys.has(k)))];
  if (unknown.length) throw new ReferenceDataError(`product-functions.csv names products missing from products.csv: ${unknown.join(', ')}`);
}

function humanize(code: string): string {
  const s = code.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Every parent and rights holder must exist; ownership must not loop. */
function checkReferences(
  vendors: { key: string; parent_key: string | null }[],
  products: { key: string; rights_holder_key: string | null; category: string | null; requires_platforms: { productKey: string }[] }[],
): void {
  const vendorKeys = new Set(vendors.map((v) => v.key));
  const productKeys = new Set(products.map((p) => p.key));
  const problems: string[] = [];
  for (const v of vendors) if (v.parent_key && !vendorKeys.has(v.parent_key)) problems.push(`vendors.csv: ${v.key} has unknown parent_key ${v.parent_key}`);
  for (const p of products) {
    if (p.rights_holder_key && !vendorKeys.has(p.rights_holder_key)) problems.push(`products.csv: ${p.key} has unknown rights_holder_key ${p.rights_holder_key}`);
    for (const d of p.requires_platforms) if (!productKeys.has(d.productKey)) problems.push(`products.csv: ${p.key} requires unknown product ${d.productKey}`);
  }
  const parent = new Map(vendors.map((v) => [v.key, v.parent_key]));
  for (const v of vendors) {
    const seen = new Set<string>();
    for (let k: string | null | undefined = v.key; k; k = parent.get(k)) {
      if (seen.has(k)) {
        problems.push(`vendors.csv: ownership cycle through ${k}`);
        break;
      }
      seen.add(k);
    }
  }
  if (problems.length) throw new ReferenceDataError(`Reference data does not hold together:\n  ${problems.join('\n  ')}`);
}

async function syncVocabularyTerms(db: Db, vocab: ReturnType<typeof publiccodeVocabularies.parse>, source: string) {
  const wanted = Object.entries({
    softwareType: vocab.softwareType,
    developmentStatus: vocab.developmentStatus,
    maintenanceType: vocab.maintenanceType,
    platforms: vocab.platformsSuggested,
    intendedAudienceScope: vocab.intendedAudienceScope,
    publiccodeYmlVersion: vocab.publiccodeYmlVersionsAcceptedByParser,
  }).flatMap(([vocabulary, terms]) => terms.map((term) => ({ vocabulary, term, source })));
  const existing = new Set((await db.selectFrom('vocabulary_terms').select(['vocabulary', 'term']).execute()).map((t) => `${t.vocabulary}\u0000${t.term}`));
  const missing = wanted.filter((t) => !existing.has(`${t.vocabulary}\u0000${t.term}`));
  if (missing.length) await db.insertInto('vocabulary_terms').values(missing).execute();
  return { inserted: missing.length, updated: 0 };
}

/**
 * Turns alternatives.csv (one row per product → alternative pair) into catalogue entries and
 * mappings. A `?` anywhere in a row marks it unverified and keeps it visible as such; a
 * `(none known)` row records a product without an open-source alternative (no entry); any other
 * placeholder (`PLACEHOLDER_NAME`, e.g. "(n/a - municipality-owned, not OSI-licensed)") is not a
 * product either: it is skipped and named in `skippedPlaceholders`.
 */
async function alternativesFrom(
  db: Db,
  rows: AlternativeMappingRow[],
): Promise<{ alternatives: ReferenceAlternative[]; mappings: ReferenceMapping[]; skippedPlaceholders: string[] }> {
  // A mapping names its product as the shared list does: by name, or by one of the product's aliases
  // (a product renamed in our catalogue keeps the list's spelling as an alias). Names win.
  const aliases = await db.selectFrom('product_aliases').select(['product_id', 'normalized_alias']).execute();
  const productIds = new Map<string, number>(aliases.map((a) => [a.normalized_alias, a.product_id]));
  for (const p of await db.selectFrom('products').select(['id', 'normalized_name']).execute()) productIds.set(p.normalized_name, p.id);
  const alternatives = new Map<string, ReferenceAlternative>();
  const mappings: ReferenceMapping[] = [];
  const missing: string[] = [];
  const skipped = new Set<string>();
  for (const r of rows) {
    const name = r.oss_alternative;
    if (!name || /^\(none known\)$/i.test(name)) continue;
    if (PLACEHOLDER_NAME.test(name)) {
      skipped.add(name);
      continue;
    }
    const key = catalogueKey(name);
    const licenseKnown = r.oss_license_spdx !== '' && !r.oss_license_spdx.includes('?');
    const verified = !Object.values(r).some((v) => v.includes('?'));
    const existing = alternatives.get(key);
    if (existing) {
      if (!existing.categories.includes(r.category)) existing.categories.push(r.category);
      existing.verified &&= verified;
    } else {
      alternatives.set(key, {
        ...blankReferenceAlternative(key, name, SOURCES.alternatives),
        url: r.oss_url || null,
        spdxLicense: licenseKnown ? r.oss_license_spdx : null,
        licenseVerified: licenseKnown,
        categories: [r.category],
        verified,
      });
    }
    const productId = productIds.get(normalizeProductName(r.proprietary_product));
    if (productId == null) {
      missing.push(r.proprietary_product);
      continue;
    }
    mappings.push({ productId, alternativeKey: key, fitNotes: r.notes || null, migrationEffort: null, source: SOURCES.alternatives, verified });
  }
  if (missing.length) {
    throw new ReferenceDataError(`alternatives.csv names products missing from products.csv: ${[...new Set(missing)].join('; ')}`);
  }
  return { alternatives: [...alternatives.values()], mappings: dedupeMappings(mappings), skippedPlaceholders: [...skipped].sort() };
}

function dedupeMappings(mappings: ReferenceMapping[]): ReferenceMapping[] {
  const byKey = new Map<string, ReferenceMapping>();
  for (const m of mappings) {
    const k = `${m.productId}:${m.alternativeKey}`;
    const old = byKey.get(k);
    if (!old) byKey.set(k, m);
    else byKey.set(k, { ...old, fitNotes: [old.fitNotes, m.fitNotes].filter(Boolean).join(' ') || null, verified: old.verified && m.verified });
  }
  return [...byKey.values()];
}
