// Vendors: legal entities with their aliases, ownership (ultimate parent, jurisdiction) and how
// many municipalities' current inventories involve them directly.
import { codedColumns } from '../../exports/table.ts';
import { label } from '../../domain/labels.ts';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { canReadInventory, type Principal } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { normalizeVendorName } from '../../domain/names.ts';
import { vendorRoleKind, type VendorRoleKind } from '../../domain/vocabulary.ts';
import { foldedContains, vendorUsageCounts } from '../../repositories/catalogue.repository.ts';
import { municipalityVisibilities } from '../../repositories/inventory-lists.repository.ts';
import { demandOverview } from '../catalogue-common.ts';
import type { ListQuery, ListResource } from './list-resource.ts';

const filters = z.object({
  q: z.string().trim().min(1).max(200).optional().describe('Part of the name or of an alias (case- and legal-form-insensitive)'),
  country: z.string().trim().regex(/^[A-Za-z]{2}$/).optional().describe('ISO 3166-1 alpha-2 country of the vendor itself'),
  jurisdiction: z.enum(['eu', 'non_eu', 'unknown']).optional().describe("The ultimate parent's jurisdiction (EU/EEA or not); unknown: no country known"),
  ultimateParent: z.coerce.number().int().positive().optional().describe('Vendor id of the ultimate parent: the whole group'),
  verified: z.enum(['true', 'false']).optional().describe('Only verified (true) or unverified (false) vendors'),
  roleKind: vendorRoleKind.schema.optional().describe('The vendor\'s own role: rights_holder, supplier, reseller (licence partner) or operator'),
  local: z.enum(['true', 'false']).optional().describe('Only vendors local to a municipality (true: created by its import, not yet reviewed) or only the shared catalogue (false)'),
});
export type VendorFilters = z.infer<typeof filters>;

export interface VendorListRow {
  id: number;
  key: string | null;
  name: string;
  aliases: string[];
  cvr: string | null;
  country: string | null;
  kind: string;
  /** rights_holder | supplier | reseller | operator; null: not known (vendors created by imports). */
  roleKind: VendorRoleKind | null;
  /** The municipality whose import created the vendor (unreviewed); null: the shared catalogue. */
  localToMunicipality: number | null;
  /** An eight-digit number a file gave that is no valid CVR, kept as written (never matched on). */
  cvrAsWritten: string | null;
  parentVendorId: number | null;
  ultimateParentId: number | null;
  ultimateParent: string | null;
  ultimateCountry: string | null;
  jurisdiction: 'eu' | 'non_eu' | null;
  verified: boolean;
  source: string | null;
  /** Municipalities whose current inventory involves the vendor directly (any role). */
  usageCount: number;
}

/**
 * The vendors a principal may see: the shared catalogue, and the vendors local to the
 * municipalities whose inventory it may read (`all`: every one, for moderators and admins).
 */
export type LocalVendorScope = 'all' | readonly number[];

export async function localVendorScope(db: Kysely<Database>, principal: Principal): Promise<LocalVendorScope> {
  const all = await municipalityVisibilities(db);
  const readable = all.filter((m) => canReadInventory(principal, m.code, m.visibility)).map((m) => m.code);
  return readable.length === all.length ? 'all' : readable;
}

function filtered(db: Kysely<Database>, f: VendorFilters, scope: LocalVendorScope) {
  let q = db.selectFrom('vendors as v');
  if (scope !== 'all') {
    const codes = [...scope];
    q = q.where((eb) => (codes.length ? eb.or([eb('v.local_to_municipality', 'is', null), eb('v.local_to_municipality', 'in', codes)]) : eb('v.local_to_municipality', 'is', null)));
  }
  if (f.local !== undefined) q = q.where('v.local_to_municipality', f.local === 'true' ? 'is not' : 'is', null);
  if (f.roleKind !== undefined) q = q.where('v.role_kind', '=', f.roleKind);
  if (f.country !== undefined) q = q.where('v.country', '=', f.country.toUpperCase());
  if (f.jurisdiction !== undefined) q = f.jurisdiction === 'unknown' ? q.where('v.jurisdiction', 'is', null) : q.where('v.jurisdiction', '=', f.jurisdiction);
  if (f.ultimateParent !== undefined) q = q.where('v.ultimate_parent_id', '=', f.ultimateParent);
  if (f.verified !== undefined) q = q.where('v.verified', '=', f.verified === 'true' ? 1 : 0);
  if (f.q !== undefined) {
    const needle = normalizeVendorName(f.q);
    q = q.where((eb) =>
      eb.or([
        foldedContains('v.normalized_name', needle),
        eb.exists(eb.selectFrom('vendor_aliases as va').select('va.id').whereRef('va.vendor_id', '=', 'v.id').where(foldedContains('va.normalized_alias', needle))),
      ]),
    );
  }
  return q;
}

export async function queryVendors(db: Kysely<Database>, q: ListQuery<VendorFilters>, scope: LocalVendorScope): Promise<{ items: VendorListRow[]; total: number }> {
  const base = filtered(db, q.filters, scope);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const usageCount = sql<number>`coalesce(${sql.ref('uc.n')}, 0)`;
  const page = base.leftJoin('vendors as top', 'top.id', 'v.ultimate_parent_id').selectAll('v').select('top.name as top_name');
  // Sorting by usage needs every vendor's count; a page sorted by name counts only its own vendors.
  const rows =
    q.sort === 'usageCount'
      ? await page
          .leftJoin(vendorUsageCounts(db).as('uc'), (j) => j.onRef('uc.vendor_id', '=', 'v.id'))
          .select(usageCount.as('usage_count'))
          .orderBy(usageCount, q.order)
          .orderBy('v.normalized_name', 'asc')
          .orderBy('v.id')
          .limit(q.limit)
          .offset(q.offset)
          .execute()
      : await page.select(sql<number>`0`.as('usage_count')).orderBy('v.normalized_name', q.order).orderBy('v.id').limit(q.limit).offset(q.offset).execute();
  const ids = rows.map((r) => r.id);
  const counts = new Map<number, number>();
  if (q.sort !== 'usageCount' && ids.length) for (const c of await vendorUsageCounts(db, ids).execute()) counts.set(c.vendor_id!, Number(c.n));
  else for (const r of rows) counts.set(r.id, Number(r.usage_count));
  const aliases = new Map<number, string[]>();
  if (rows.length) {
    const found = await db.selectFrom('vendor_aliases').select(['vendor_id', 'alias']).where('vendor_id', 'in', ids).orderBy('alias').orderBy('id').execute();
    for (const a of found) aliases.set(a.vendor_id, [...(aliases.get(a.vendor_id) ?? []), a.alias]);
  }
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      aliases: aliases.get(r.id) ?? [],
      cvr: r.cvr,
      country: r.country,
      kind: r.kind,
      roleKind: r.role_kind as VendorRoleKind | null,
      localToMunicipality: r.local_to_municipality,
      cvrAsWritten: r.cvr_as_written,
      parentVendorId: r.parent_vendor_id,
      ultimateParentId: r.ultimate_parent_id,
      ultimateParent: r.top_name,
      ultimateCountry: r.ultimate_country,
      jurisdiction: r.jurisdiction,
      verified: r.verified === 1,
      source: r.source,
      usageCount: counts.get(r.id) ?? 0,
    })),
  };
}

export const vendorsList: ListResource<VendorFilters, VendorListRow> = {
  name: 'vendors',
  filters,
  sorts: ['name', 'usageCount'],
  defaultOrder: 'asc',
  async list(db: Kysely<Database>, principal: Principal, q: ListQuery<VendorFilters>) {
    demandOverview(principal, 'see vendors');
    return queryVendors(db, q, await localVendorScope(db, principal));
  },
  columns: [
    { key: 'id', label: { da: 'Id', en: 'Id' }, value: (r) => r.id },
    { key: 'name', label: { da: 'Leverandør', en: 'Vendor' }, value: (r) => r.name },
    { key: 'aliases', label: { da: 'Andre stavemåder', en: 'Aliases' }, value: (r) => r.aliases.join('; ') },
    { key: 'cvr', label: { da: 'CVR-nummer', en: 'CVR number' }, value: (r) => r.cvr, type: 'text' },
    { key: 'country', label: { da: 'Land', en: 'Country' }, value: (r) => r.country },
    ...codedColumns<VendorListRow>('kind', { da: 'Type', en: 'Kind' }, (r) => r.kind, (c, l) => label('vendorKind', c, l)),
    ...codedColumns<VendorListRow>('roleKind', { da: 'Rolle', en: 'Role kind' }, (r) => r.roleKind, (c, l) => label('vendorRoleKind', c, l)),
    { key: 'localToMunicipality', label: { da: 'Lokal for kommune (ikke gennemgået)', en: 'Local to municipality (not reviewed)' }, value: (r) => r.localToMunicipality },
    { key: 'cvrAsWritten', label: { da: 'CVR som skrevet (ugyldigt)', en: 'CVR as written (invalid)' }, value: (r) => r.cvrAsWritten, type: 'text' },
    { key: 'ultimateParent', label: { da: 'Øverste moderselskab', en: 'Ultimate parent' }, value: (r) => r.ultimateParent },
    { key: 'ultimateCountry', label: { da: 'Moderselskabets land', en: "Ultimate parent's country" }, value: (r) => r.ultimateCountry },
    ...codedColumns<VendorListRow>('jurisdiction', { da: 'Jurisdiktion', en: 'Jurisdiction' }, (r) => r.jurisdiction, (c, l) => label('jurisdiction', c, l)),
    { key: 'usageCount', label: { da: 'Antal kommuner', en: 'Municipalities involved' }, value: (r) => r.usageCount, type: 'number' },
    { key: 'verified', label: { da: 'Verificeret', en: 'Verified' }, value: (r) => r.verified },
    { key: 'source', label: { da: 'Kilde', en: 'Source' }, value: (r) => r.source },
  ],
};
