// The system usages of every current inventory the principal may read: one row per usage with
// its product, supplier, hosting, the facts users filter on, and its stored score.
import { scopedInventories } from '../../repositories/world.repository.ts';
import { codedColumns } from '../../exports/table.ts';
import { label } from '../../domain/labels.ts';
import { categoryName } from '../../domain/categories.ts';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { type KleRef, kleRef, parseStoredList } from '../../domain/inventory.ts';
import { hostingModel, lifecycle } from '../../domain/vocabulary.ts';
import { containsIgnoringCase, type InventoryScope, inventoryScope, nullsLast } from '../../repositories/inventory-lists.repository.ts';
import type { ListQuery, ListResource } from './list-resource.ts';

export const municipalityFilter = z.coerce.number().int().min(100).max(999).optional().describe('Kommunekode (three digits)');
const bands = ['A', 'B', 'C', 'D', 'E'] as const;

const filters = z.object({
  municipality: municipalityFilter,
  vendor: z.coerce.number().int().positive().optional().describe("Vendor id: the supplier, the hosting vendor, the operator or the product's rights holder"),
  category: z.string().trim().min(1).max(100).optional().describe("The product's category code (publiccode.yml or dk-…)"),
  lifecycle: lifecycle.schema.optional(),
  band: z.enum(bands).optional().describe('Lock-in band'),
  hosting: hostingModel.schema.optional().describe('Hosting model'),
  q: z.string().trim().min(1).max(200).optional().describe('Part of the local or product name (case-insensitive)'),
});
export type UsageFilters = z.infer<typeof filters>;

/** A party of a usage as the lists show it: who it is, where it sits, and whose group it belongs to. */
export interface UsageParty {
  id: number;
  name: string;
  cvr: string | null;
  /** The party's own seat (ISO 3166-1 alpha-2); null: not known. */
  country: string | null;
  /** rights_holder | supplier | reseller | operator; null: not known. */
  roleKind: string | null;
  /** The ultimate parent when it is another vendor (Microsoft Danmark ApS → Microsoft Corporation, US). */
  ultimateParent: { name: string; country: string | null } | null;
}

export interface UsageListRow {
  usageId: number;
  municipalityCode: number;
  municipality: string;
  /** The local name, else the system's name as the file gave it. */
  name: string;
  /** The system's name as the file gave it. */
  systemName: string;
  localName: string | null;
  localId: string | null;
  productId: number;
  /** The catalogue product the usage is matched to (or the municipality's own product). */
  product: string;
  supplierId: number | null;
  supplier: string | null;
  /** The supplier's role kind: a `reseller` (licence partner) sells the rights holder's product. */
  supplierRoleKind: string | null;
  /** The product's rights holder (the catalogue's), with its group. */
  rightsHolder: UsageParty | null;
  category: string | null;
  lifecycle: string | null;
  hostingModel: string | null;
  hostedById: number | null;
  hostedBy: string | null;
  operatedById: number | null;
  operatedBy: string | null;
  criticality: string | null;
  userCountBand: string | null;
  /** The usage's licence model, else the catalogue's. */
  licenseModel: string | null;
  band: string | null;
  L: number | null;
  priority: number | null;
  notes: string | null;
  /** KLE task references (titles as the municipality's file wrote them). */
  kle: KleRef[];
  /** Roles with someone assigned (never who). */
  rolesFilled: string[];
}

function filtered(db: Kysely<Database>, scope: InventoryScope, f: UsageFilters) {
  let q = db
    .selectFrom(scopedInventories(db, scope).as('ci'))
    .innerJoin('system_usages as u', 'u.inventory_version_id', 'ci.inventory_version_id')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .leftJoin('usage_scores as s', 's.usage_id', 'u.id');
  if (scope !== 'all') q = q.where('ci.municipality_code', 'in', scope);
  if (f.vendor !== undefined) {
    const v = f.vendor;
    q = q.where((eb) => eb.or([eb('u.supplier_vendor_id', '=', v), eb('u.hosted_by_vendor_id', '=', v), eb('u.operated_by_vendor_id', '=', v), eb('p.rights_holder_vendor_id', '=', v)]));
  }
  if (f.category !== undefined) q = q.where((eb) => eb(eb.fn.coalesce('u.category', 'p.category'), '=', f.category!));
  if (f.lifecycle !== undefined) q = q.where('u.lifecycle', '=', f.lifecycle);
  if (f.band !== undefined) q = q.where('s.band', '=', f.band);
  if (f.hosting !== undefined) q = q.where('u.hosting_model', '=', f.hosting);
  if (f.q !== undefined) {
    const needle = f.q;
    q = q.where((eb) => eb.or([containsIgnoringCase(db, 'u.local_name', needle), containsIgnoringCase(db, 'u.system_name', needle), containsIgnoringCase(db, 'p.name', needle)]));
  }
  return q;
}

/** The rows of `scope` (already checked against the policy). */
export async function queryUsages(db: Kysely<Database>, scope: InventoryScope, q: ListQuery<UsageFilters>): Promise<{ items: UsageListRow[]; total: number }> {
  const base = filtered(db, scope, q.filters);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const dir = q.order;
  let page = base
    .innerJoin('municipalities as m', 'm.code', 'ci.municipality_code')
    .leftJoin('vendors as sv', 'sv.id', 'u.supplier_vendor_id')
    .leftJoin('vendors as hv', 'hv.id', 'u.hosted_by_vendor_id')
    .leftJoin('vendors as ov', 'ov.id', 'u.operated_by_vendor_id')
    .select((eb) => [
      'u.id',
      'ci.municipality_code',
      'm.name as municipality',
      'u.local_name',
      'u.system_name',
      'u.local_id',
      'p.id as product_id',
      'p.name as product',
      'u.supplier_vendor_id',
      'sv.name as supplier',
      'sv.role_kind as supplier_role_kind',
      'p.rights_holder_vendor_id',
      'u.operated_by_vendor_id',
      'ov.name as operated_by',
      eb.fn.coalesce('u.category', 'p.category').as('category'),
      'u.lifecycle',
      'u.hosting_model',
      'u.hosted_by_vendor_id',
      'hv.name as hosted_by',
      'u.criticality',
      'u.user_count_band',
      eb.fn.coalesce('u.license_model', 'p.license_model').as('license_model'),
      's.band',
      's.lockin',
      's.priority',
      'u.notes',
      'u.kle',
      'u.roles_filled',
    ]);
  const name = sql<string>`lower(coalesce(${sql.ref('u.local_name')}, ${sql.ref('u.system_name')}))`;
  switch (q.sort) {
    case 'lockin':
      page = page.orderBy('s.lockin', nullsLast(dir));
      break;
    case 'name':
      page = page.orderBy(name, dir);
      break;
    case 'municipality':
      page = page.orderBy('ci.municipality_code', dir).orderBy(name, 'asc');
      break;
    default:
      page = page.orderBy('s.priority', nullsLast(dir));
  }
  const rows = await page.orderBy('u.id').limit(q.limit).offset(q.offset).execute();
  const holders = await partiesById(db, rows.map((r) => r.rights_holder_vendor_id));
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      usageId: r.id,
      municipalityCode: r.municipality_code,
      municipality: r.municipality,
      name: r.local_name ?? r.system_name,
      systemName: r.system_name,
      localName: r.local_name,
      localId: r.local_id,
      productId: r.product_id,
      product: r.product,
      supplierId: r.supplier_vendor_id,
      supplier: r.supplier,
      supplierRoleKind: r.supplier_role_kind,
      rightsHolder: r.rights_holder_vendor_id == null ? null : (holders.get(r.rights_holder_vendor_id) ?? null),
      category: r.category,
      lifecycle: r.lifecycle,
      hostingModel: r.hosting_model,
      hostedById: r.hosted_by_vendor_id,
      hostedBy: r.hosted_by,
      operatedById: r.operated_by_vendor_id,
      operatedBy: r.operated_by,
      criticality: r.criticality,
      userCountBand: r.user_count_band,
      licenseModel: r.license_model,
      band: r.band,
      L: r.lockin,
      priority: r.priority,
      notes: r.notes,
      kle: parseStoredList(kleRef, r.kle),
      rolesFilled: parseStoredList(z.string(), r.roles_filled),
    })),
  };
}

/** The parties of a page, with their ultimate parents, in one query. */
export async function partiesById(db: Kysely<Database>, ids: readonly (number | null)[]): Promise<Map<number, UsageParty>> {
  const wanted = [...new Set(ids.filter((id): id is number => id != null))];
  const out = new Map<number, UsageParty>();
  if (!wanted.length) return out;
  const rows = await db
    .selectFrom('vendors as v')
    .leftJoin('vendors as top', 'top.id', 'v.ultimate_parent_id')
    .select(['v.id', 'v.name', 'v.cvr', 'v.country', 'v.role_kind', 'v.ultimate_parent_id', 'top.name as top_name', 'top.country as top_country'])
    .where('v.id', 'in', wanted)
    .execute();
  for (const v of rows) {
    const parent = v.ultimate_parent_id != null && v.ultimate_parent_id !== v.id && v.top_name != null ? { name: v.top_name, country: v.top_country } : null;
    out.set(v.id, { id: v.id, name: v.name, cvr: v.cvr, country: v.country, roleKind: v.role_kind, ultimateParent: parent });
  }
  return out;
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export const usagesList: ListResource<UsageFilters, UsageListRow> = {
  name: 'usages',
  filters,
  sorts: ['priority', 'lockin', 'name', 'municipality'],
  defaultOrder: 'desc',
  async list(db: Kysely<Database>, principal: Principal, q: ListQuery<UsageFilters>) {
    return queryUsages(db, await inventoryScope(db, principal, q.filters.municipality), q);
  },
  columns: [
    { key: 'municipalityCode', label: { da: 'Kommunekode', en: 'Municipality code' }, value: (r) => r.municipalityCode },
    { key: 'municipality', label: { da: 'Kommune', en: 'Municipality' }, value: (r) => r.municipality },
    { key: 'localName', label: { da: 'Lokalt kaldenavn', en: 'Local name' }, value: (r) => r.localName },
    { key: 'systemName', label: { da: 'It-system', en: 'IT system' }, value: (r) => r.systemName },
    { key: 'product', label: { da: 'Katalogprodukt', en: 'Catalogue product' }, value: (r) => r.product },
    { key: 'localId', label: { da: 'Lokalt system-ID', en: 'Local system ID' }, value: (r) => r.localId, type: 'text' },
    { key: 'supplier', label: { da: 'Leverandør', en: 'Supplier' }, value: (r) => r.supplier },
    ...codedColumns<UsageListRow>('supplierRoleKind', { da: 'Leverandørens rolle', en: "Supplier's role kind" }, (r) => r.supplierRoleKind, (c, l) => label('vendorRoleKind', c, l)),
    { key: 'rightsHolder', label: { da: 'Rettighedshaver', en: 'Rights holder' }, value: (r) => r.rightsHolder?.name ?? null },
    { key: 'rightsHolderCvr', label: { da: 'Rettighedshaverens CVR', en: "Rights holder's CVR" }, value: (r) => r.rightsHolder?.cvr ?? null, type: 'text' },
    { key: 'rightsHolderCountry', label: { da: 'Rettighedshaverens land', en: "Rights holder's country" }, value: (r) => r.rightsHolder?.country ?? null },
    { key: 'rightsHolderUltimateParent', label: { da: 'Rettighedshaverens øverste moderselskab', en: "Rights holder's ultimate parent" }, value: (r) => r.rightsHolder?.ultimateParent?.name ?? null },
    { key: 'rightsHolderUltimateCountry', label: { da: 'Moderselskabets land', en: "Ultimate parent's country" }, value: (r) => r.rightsHolder?.ultimateParent?.country ?? null },
    ...codedColumns<UsageListRow>('category', { da: 'Kategori', en: 'Category' }, (r) => r.category, categoryName),
    ...codedColumns<UsageListRow>('lifecycle', { da: 'Livscyklus', en: 'Lifecycle' }, (r) => r.lifecycle, (c, l) => label('lifecycle', c, l)),
    ...codedColumns<UsageListRow>('hostingModel', { da: 'Driftsform', en: 'Hosting model' }, (r) => r.hostingModel, (c, l) => label('hostingModel', c, l)),
    { key: 'hostedBy', label: { da: 'Hostet hos', en: 'Hosted by' }, value: (r) => r.hostedBy },
    { key: 'operatedBy', label: { da: 'Driftes af', en: 'Operated by' }, value: (r) => r.operatedBy },
    ...codedColumns<UsageListRow>('criticality', { da: 'Kritikalitet', en: 'Criticality' }, (r) => r.criticality, (c, l) => label('criticality', c, l)),
    { key: 'userCountBand', label: { da: 'Antal brugere', en: 'Number of users' }, value: (r) => r.userCountBand, type: 'text' },
    ...codedColumns<UsageListRow>('licenseModel', { da: 'Licens- og kodegrundlag', en: 'Licence model' }, (r) => r.licenseModel, (c, l) => label('licenseModel', c, l)),
    { key: 'band', label: { da: 'Bindingsbånd', en: 'Lock-in band' }, value: (r) => r.band },
    { key: 'L', label: { da: 'Leverandørbinding (L)', en: 'Lock-in (L)' }, value: (r) => round1(r.L), type: 'number' },
    { key: 'priority', label: { da: 'Exitprioritet', en: 'Exit priority' }, value: (r) => round1(r.priority), type: 'number' },
    { key: 'notes', label: { da: 'Noter', en: 'Notes' }, value: (r) => r.notes },
    { key: 'kle', label: { da: 'KLE', en: 'KLE' }, value: (r) => r.kle.map((k) => k.number).join(', '), type: 'text' },
    { key: 'rolesFilled', label: { da: 'Udfyldte roller', en: 'Roles filled' }, value: (r) => r.rolesFilled.join(', ') },
  ],
};
