// The open-source catalogue: publiccode.yml facts, maturity (AMS) and moderation state of every
// entry the principal may see — published and unverified entries for every reader, pending and
// rejected ones only for their author and for moderators.
import { countedInventories } from '../../repositories/world.repository.ts';
import { codedColumns } from '../../exports/table.ts';
import { label } from '../../domain/labels.ts';
import { categoryName } from '../../domain/categories.ts';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../../auth/policy.ts';
import type { AlternativeRow, Database } from '../../db/schema.ts';
import { CATALOGUE_STATES, type ContentScope, foldedContains, PUBLIC_REPORT_STATES, PUBLIC_STATES, visibleIn } from '../../repositories/catalogue.repository.ts';
import type { Db } from '../../repositories/db-types.ts';
import { sourcedFactsByAlternative } from '../../repositories/alternatives.repository.ts';
import { containsIgnoringCase } from '../../repositories/inventory-lists.repository.ts';
import { amsOf, contentScope, demandOverview, jsonList, PUBLICCODE_VOCAB } from '../catalogue-common.ts';
import { today } from '../scores.ts';
import type { ListQuery, ListResource } from './list-resource.ts';

const filters = z.object({
  q: z.string().trim().min(1).max(200).optional().describe('Part of the name (case-insensitive)'),
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Free text: every word must occur in the name or the Danish or English description (case-insensitive)'),
  category: z.string().trim().min(1).max(100).optional().describe('publiccode.yml category'),
  license: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.+-]+$/)
    .max(100)
    .optional()
    .describe('An SPDX licence id the licence expression names (case-insensitive), e.g. MPL-2.0'),
  developmentStatus: z.enum(PUBLICCODE_VOCAB.developmentStatus).optional().describe('publiccode.yml developmentStatus (maturity of the code)'),
  softwareType: z.enum(PUBLICCODE_VOCAB.softwareType).optional().describe('publiccode.yml softwareType'),
  moderationState: z
    .enum(CATALOGUE_STATES)
    .optional()
    .describe('Moderators: any state. Others see published and unverified entries and their own contributions, so asking for another state gives only their own'),
  product: z.coerce.number().int().positive().optional().describe('Only alternatives mapped onto this proprietary product (id)'),
  mine: z.enum(['true', 'false']).optional().describe('true: only the entries you proposed'),
  minMaturity: z.coerce.number().min(0).max(100).optional().describe('Only entries whose maturity score (AMS, 0–100, as of today) is at least this'),
});
export type AlternativeFilters = z.infer<typeof filters>;

export interface AlternativeListRow {
  id: number;
  key: string;
  name: string;
  url: string | null;
  repositoryUrl: string | null;
  softwareType: string | null;
  developmentStatus: string | null;
  spdxLicense: string | null;
  licenseVerified: boolean;
  maintenanceType: string | null;
  platforms: string[];
  categories: string[];
  descriptionDa: string | null;
  descriptionEn: string | null;
  stewardVendorId: number | null;
  steward: string | null;
  lastReleaseAt: string | null;
  /** Alternative Maturity Score 0–100 (unknown metrics score 0), as of today. */
  /** null: unknown (no maturity metric known). */
  ams: number | null;
  productCount: number;
  /** The proprietary products it can replace, by name (Danish collation is the client's). */
  replaces: string[];
  /** Municipalities using it: in their current inventory, or by a published experience report. */
  municipalityCount: number;
  moderationState: string;
  verified: boolean;
  source: string | null;
  /** Proposed by the principal asking. */
  mine: boolean;
  updatedAt: string;
}

function filtered(db: Kysely<Database>, scope: ContentScope, userId: number | null, f: AlternativeFilters) {
  let q = fromAlternatives(db).where(visibleIn(scope, 'a', PUBLIC_STATES));
  if (f.moderationState !== undefined) q = q.where('a.moderation_state', '=', f.moderationState);
  if (f.mine === 'true') q = userId === null ? q.where(sql<boolean>`1 = 0`) : q.where('a.submitted_by_user_id', '=', userId);
  if (f.developmentStatus !== undefined) q = q.where('a.development_status', '=', f.developmentStatus);
  if (f.softwareType !== undefined) q = q.where('a.software_type', '=', f.softwareType);
  if (f.category !== undefined) q = q.where(foldedContains('a.categories', JSON.stringify(f.category)));
  if (f.license !== undefined) {
    // A token of the expression: MPL-2.0 matches "MPL-2.0 OR LGPL-3.0-or-later", not "MPL-2.0-no-copyleft-exception".
    const tokens = sql<string>`' ' || upper(replace(replace(${sql.ref('a.spdx_license')}, '(', ' '), ')', ' ')) || ' '`;
    q = q.where(sql<boolean>`${tokens} like ${`% ${f.license.toUpperCase()} %`}`);
  }
  if (f.product !== undefined) {
    const product = f.product;
    q = q.where((eb) => eb.exists(eb.selectFrom('product_alternatives as pa').select('pa.product_id').whereRef('pa.alternative_id', '=', 'a.id').where('pa.product_id', '=', product)));
  }
  if (f.q !== undefined) q = q.where(containsIgnoringCase(db, 'a.name', f.q));
  for (const word of f.search?.split(/\s+/) ?? []) {
    q = q.where((eb) => eb.or([containsIgnoringCase(db, 'a.name', word), containsIgnoringCase(db, 'a.description_da', word), containsIgnoringCase(db, 'a.description_en', word)]));
  }
  return q;
}

/**
 * Per alternative, the municipalities that use it: their current inventory holds a product with
 * the entry's catalogue key or name (OS2kitos, QGIS …), or they published an experience report
 * on it. UNION drops duplicate pairs, so counting rows counts municipalities.
 */
export function alternativeAdopters(db: Db) {
  // The entry's products first (two equi-joins, small), so the usages are reached through their product index.
  const byKey = db.selectFrom('alternatives as aa').innerJoin('products as p', 'p.key', 'aa.key').select(['aa.id as alternative_id', 'p.id as product_id']);
  const byName = db
    .selectFrom('alternatives as aa')
    .innerJoin('products as p', (j) => j.on((eb) => eb(eb.fn('lower', ['p.name']), '=', eb.fn('lower', ['aa.name']))))
    .select(['aa.id as alternative_id', 'p.id as product_id']);
  const viaInventory = db
    .selectFrom(byKey.union(byName).as('ap'))
    .innerJoin('system_usages as u', 'u.product_id', 'ap.product_id')
    .innerJoin(countedInventories(db).as('ci'), 'ci.inventory_version_id', 'u.inventory_version_id')
    .select(['ap.alternative_id', 'u.municipality_code']);
  const viaReports = db
    .selectFrom('experience_reports as r')
    .select(['r.alternative_id', sql<number>`${sql.ref('r.municipality_code')}`.as('municipality_code')])
    .where('r.moderation_state', 'in', [...PUBLIC_REPORT_STATES])
    .where('r.municipality_code', 'is not', null);
  return viaInventory.union(viaReports);
}

type Selected = AlternativeRow & { steward: string | null; product_count: number | string; municipality_count: number | string };

/** Adds the steward's name and the number of mapped products to a query over `alternatives as a`. */
export function withListColumns<Q extends ReturnType<typeof fromAlternatives>>(db: Kysely<Database>, q: Q) {
  const mapped = db.selectFrom('product_alternatives').select((eb) => ['alternative_id', eb.fn.countAll<number>().as('n')]).groupBy('alternative_id');
  const adopters = db
    .selectFrom(alternativeAdopters(db).as('x'))
    .select((eb) => ['x.alternative_id', eb.fn.countAll<number>().as('n')])
    .groupBy('x.alternative_id');
  return q
    .leftJoin('vendors as sv', 'sv.id', 'a.steward_vendor_id')
    .leftJoin(mapped.as('pc'), (j) => j.onRef('pc.alternative_id', '=', 'a.id'))
    .leftJoin(adopters.as('mc'), (j) => j.onRef('mc.alternative_id', '=', 'a.id'))
    .selectAll('a')
    .select(['sv.name as steward', sql<number>`coalesce(${sql.ref('pc.n')}, 0)`.as('product_count'), sql<number>`coalesce(${sql.ref('mc.n')}, 0)`.as('municipality_count')]);
}

const fromAlternatives = (db: Kysely<Database>) => db.selectFrom('alternatives as a');

export function toAlternativeRow(r: Selected, userId: number | null, asOf: string, facts: Parameters<typeof amsOf>[1]): AlternativeListRow {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    url: r.url,
    repositoryUrl: r.repository_url,
    softwareType: r.software_type,
    developmentStatus: r.development_status,
    spdxLicense: r.spdx_license,
    licenseVerified: r.license_verified === 1,
    maintenanceType: r.maintenance_type,
    platforms: jsonList(r.platforms),
    categories: jsonList(r.categories),
    descriptionDa: r.description_da,
    descriptionEn: r.description_en,
    stewardVendorId: r.steward_vendor_id,
    steward: r.steward,
    lastReleaseAt: r.last_release_at,
    ams: amsOf(r, facts, asOf),
    productCount: Number(r.product_count),
    replaces: [],
    municipalityCount: Number(r.municipality_count),
    moderationState: r.moderation_state,
    verified: r.verified === 1,
    source: r.source,
    mine: userId !== null && r.submitted_by_user_id === userId,
    updatedAt: r.updated_at,
  };
}

/** Fills in the names of the products each row can replace (one query for the page). */
async function withReplaces(db: Kysely<Database>, rows: AlternativeListRow[]): Promise<AlternativeListRow[]> {
  if (!rows.length) return rows;
  const pairs = await db
    .selectFrom('product_alternatives as pa')
    .innerJoin('products as p', 'p.id', 'pa.product_id')
    .select(['pa.alternative_id', 'p.name'])
    .where('pa.alternative_id', 'in', rows.map((r) => r.id))
    .orderBy('p.name')
    .execute();
  const by = new Map<number, string[]>();
  for (const p of pairs) by.set(p.alternative_id, [...(by.get(p.alternative_id) ?? []), p.name]);
  return rows.map((r) => ({ ...r, replaces: by.get(r.id) ?? [] }));
}

export async function queryAlternatives(db: Kysely<Database>, principal: Principal, q: ListQuery<AlternativeFilters>): Promise<{ items: AlternativeListRow[]; total: number }> {
  const userId = principal.userId;
  const base = filtered(db, contentScope(principal), userId, q.filters);
  const rows = withListColumns(db, base);
  const name = sql<string>`lower(${sql.ref('a.name')})`;
  const asOf = today();
  const minMaturity = q.filters.minMaturity;
  if (q.sort === 'maturity' || minMaturity !== undefined) {
    // AMS is computed, not stored: score every matching entry (the catalogue is small), then filter, sort and page.
    const ordered = q.sort === 'updated' ? rows.orderBy('a.updated_at', q.order) : rows.orderBy(name, q.sort === 'name' ? q.order : 'asc');
    const facts = await sourcedFactsByAlternative(db);
    let all = (await ordered.orderBy('a.id').execute()).map((r) => toAlternativeRow(r, userId, asOf, facts.get(r.id) ?? []));
    // An unknown AMS is never above a threshold and sorts lowest.
    if (minMaturity !== undefined) all = all.filter((a) => a.ams !== null && a.ams >= minMaturity);
    const sign = q.order === 'asc' ? 1 : -1;
    if (q.sort === 'maturity') all.sort((x, y) => sign * ((x.ams ?? -1) - (y.ams ?? -1)));
    return { total: all.length, items: await withReplaces(db, all.slice(q.offset, q.offset + q.limit)) };
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const ordered = q.sort === 'updated' ? rows.orderBy('a.updated_at', q.order) : q.sort === 'municipalities' ? rows.orderBy('municipality_count', q.order).orderBy(name, 'asc') : rows.orderBy(name, q.order);
  const page = await ordered.orderBy('a.id').limit(q.limit).offset(q.offset).execute();
  const facts = await sourcedFactsByAlternative(db, page.map((r) => r.id));
  return { total: Number(total.n), items: await withReplaces(db, page.map((r) => toAlternativeRow(r, userId, asOf, facts.get(r.id) ?? []))) };
}

export const alternativesList: ListResource<AlternativeFilters, AlternativeListRow> = {
  name: 'alternatives',
  filters,
  sorts: ['name', 'maturity', 'updated', 'municipalities'],
  defaultOrder: 'asc',
  async list(db: Kysely<Database>, principal: Principal, q: ListQuery<AlternativeFilters>) {
    demandOverview(principal, 'see the open-source catalogue');
    return queryAlternatives(db, principal, q);
  },
  columns: [
    { key: 'id', label: { da: 'Id', en: 'Id' }, value: (r) => r.id },
    { key: 'name', label: { da: 'Åbent alternativ', en: 'Open-source alternative' }, value: (r) => r.name },
    { key: 'url', label: { da: 'Hjemmeside', en: 'Website' }, value: (r) => r.url },
    { key: 'repositoryUrl', label: { da: 'Kildekode', en: 'Source repository' }, value: (r) => r.repositoryUrl },
    { key: 'spdxLicense', label: { da: 'Licens (SPDX)', en: 'Licence (SPDX)' }, value: (r) => r.spdxLicense },
    { key: 'softwareType', label: { da: 'Softwaretype', en: 'Software type' }, value: (r) => r.softwareType },
    { key: 'developmentStatus', label: { da: 'Udviklingsstatus', en: 'Development status' }, value: (r) => r.developmentStatus },
    { key: 'maintenanceType', label: { da: 'Vedligeholdelse', en: 'Maintenance' }, value: (r) => r.maintenanceType },
    { key: 'categories', label: { da: 'Kategorier', en: 'Categories' }, value: (r, l) => r.categories.map((c) => categoryName(c, l)).join(', ') },
    { key: 'categoriesCode', label: { da: 'Kategorier (kode)', en: 'Categories (code)' }, value: (r) => r.categories.join(', '), type: 'text' },
    { key: 'platforms', label: { da: 'Platforme', en: 'Platforms' }, value: (r) => r.platforms.join(', ') },
    { key: 'steward', label: { da: 'Forvalter', en: 'Steward' }, value: (r) => r.steward },
    { key: 'ams', label: { da: 'Modenhed (AMS)', en: 'Maturity (AMS)' }, value: (r) => (r.ams === null ? null : Math.round(r.ams * 10) / 10), type: 'number' },
    { key: 'productCount', label: { da: 'Erstatter antal systemer', en: 'Products it can replace' }, value: (r) => r.productCount, type: 'number' },
    { key: 'replaces', label: { da: 'Erstatter', en: 'Replaces' }, value: (r) => r.replaces.join(', ') },
    { key: 'municipalityCount', label: { da: 'Antal kommuner, der bruger det', en: 'Municipalities using it' }, value: (r) => r.municipalityCount, type: 'number' },
    { key: 'lastReleaseAt', label: { da: 'Seneste udgivelse', en: 'Last release' }, value: (r) => r.lastReleaseAt?.slice(0, 10), type: 'date' },
    ...codedColumns<AlternativeListRow>('moderationState', { da: 'Moderationsstatus', en: 'Moderation state' }, (r) => r.moderationState, (c, l) => label('moderationState', c, l)),
    { key: 'verified', label: { da: 'Verificeret', en: 'Verified' }, value: (r) => r.verified },
    { key: 'descriptionDa', label: { da: 'Beskrivelse (dansk)', en: 'Description (Danish)' }, value: (r) => r.descriptionDa },
    { key: 'descriptionEn', label: { da: 'Beskrivelse (engelsk)', en: 'Description (English)' }, value: (r) => r.descriptionEn },
    { key: 'source', label: { da: 'Kilde', en: 'Source' }, value: (r) => r.source },
  ],
};
