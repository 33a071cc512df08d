// The shared product catalogue: every IT system or service any municipality uses or the reference
// data knows, with its rights holder, licence model and how many municipalities use it today.
import { codedColumns } from '../../exports/table.ts';
import { label } from '../../domain/labels.ts';
import { categoryName } from '../../domain/categories.ts';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { normalizeProductName } from '../../domain/names.ts';
import { licenseModel } from '../../domain/vocabulary.ts';
import { foldedContains, type ProductScope, productVisible, PUBLIC_STATES, productUsageCounts } from '../../repositories/catalogue.repository.ts';
import { demandOverview, jsonList, productScope } from '../catalogue-common.ts';
import type { ListQuery, ListResource } from './list-resource.ts';

const filters = z.object({
  q: z.string().trim().min(1).max(200).optional().describe('Part of the name or of an alias (case-insensitive)'),
  category: z.string().trim().min(1).max(100).optional().describe('Category code (publiccode.yml or dk-…)'),
  vendor: z.coerce.number().int().positive().optional().describe('Vendor id of the rights holder'),
  licenseModel: licenseModel.schema.optional().describe('Licence model'),
  verified: z.enum(['true', 'false']).optional().describe('Only verified (true) or unverified (false) entries'),
});
export type ProductFilters = z.infer<typeof filters>;

export interface ProductListRow {
  id: number;
  key: string | null;
  name: string;
  category: string | null;
  rightsHolderId: number | null;
  rightsHolder: string | null;
  licenseModel: string | null;
  spdxLicense: string | null;
  deploymentModels: string[];
  dataExport: string | null;
  apiAvailability: string | null;
  codeGovernance: string | null;
  kitosUuid: string | null;
  verified: boolean;
  source: string | null;
  /** The municipality whose file brought the product, until a moderator adopts it (null: shared catalogue). */
  localToMunicipality: number | null;
  /** Municipalities whose current inventory uses the product. */
  usageCount: number;
  /** Open-source alternatives mapped onto it that every reader can see. */
  alternativeCount: number;
}

function filtered(db: Kysely<Database>, f: ProductFilters, scope: ProductScope) {
  let q = db.selectFrom('products as p').where(productVisible(scope, 'p'));
  if (f.category !== undefined) q = q.where('p.category', '=', f.category);
  if (f.vendor !== undefined) q = q.where('p.rights_holder_vendor_id', '=', f.vendor);
  if (f.licenseModel !== undefined) q = q.where('p.license_model', '=', f.licenseModel);
  if (f.verified !== undefined) q = q.where('p.verified', '=', f.verified === 'true' ? 1 : 0);
  if (f.q !== undefined) {
    const needle = normalizeProductName(f.q);
    q = q.where((eb) =>
      eb.or([
        foldedContains('p.normalized_name', needle),
        eb.exists(eb.selectFrom('product_aliases as pa').select('pa.id').whereRef('pa.product_id', '=', 'p.id').where(foldedContains('pa.normalized_alias', needle))),
      ]),
    );
  }
  return q;
}

export async function queryProducts(db: Kysely<Database>, q: ListQuery<ProductFilters>, scope: ProductScope): Promise<{ items: ProductListRow[]; total: number }> {
  const base = filtered(db, q.filters, scope);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const alternatives = db
    .selectFrom('product_alternatives as pa')
    .innerJoin('alternatives as a', 'a.id', 'pa.alternative_id')
    .select((eb) => ['pa.product_id', eb.fn.countAll<number>().as('n')])
    .where('a.moderation_state', 'in', [...PUBLIC_STATES])
    .groupBy('pa.product_id');
  const usageCount = sql<number>`coalesce(${sql.ref('uc.n')}, 0)`;
  let page = base
    .leftJoin('vendors as v', 'v.id', 'p.rights_holder_vendor_id')
    .leftJoin(productUsageCounts(db).as('uc'), (j) => j.onRef('uc.product_id', '=', 'p.id'))
    .leftJoin(alternatives.as('ac'), (j) => j.onRef('ac.product_id', '=', 'p.id'))
    .selectAll('p')
    .select(['v.name as rights_holder', usageCount.as('usage_count'), sql<number>`coalesce(${sql.ref('ac.n')}, 0)`.as('alternative_count')]);
  if (q.sort === 'usageCount') page = page.orderBy(usageCount, q.order).orderBy('p.normalized_name', 'asc');
  else page = page.orderBy('p.normalized_name', q.order);
  const rows = await page.orderBy('p.id').limit(q.limit).offset(q.offset).execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      category: r.category,
      rightsHolderId: r.rights_holder_vendor_id,
      rightsHolder: r.rights_holder,
      licenseModel: r.license_model,
      spdxLicense: r.spdx_license,
      deploymentModels: jsonList(r.deployment_models),
      dataExport: r.data_export,
      apiAvailability: r.api_availability,
      codeGovernance: r.code_governance,
      kitosUuid: r.kitos_uuid,
      verified: r.verified === 1,
      source: r.source,
      localToMunicipality: r.local_to_municipality,
      usageCount: Number(r.usage_count),
      alternativeCount: Number(r.alternative_count),
    })),
  };
}

export const productsList: ListResource<ProductFilters, ProductListRow> = {
  name: 'products',
  filters,
  sorts: ['name', 'usageCount'],
  defaultOrder: 'asc',
  async list(db: Kysely<Database>, principal: Principal, q: ListQuery<ProductFilters>) {
    demandOverview(principal, 'see the product catalogue');
    return queryProducts(db, q, productScope(principal));
  },
  columns: [
    { key: 'id', label: { da: 'Id', en: 'Id' }, value: (r) => r.id },
    { key: 'name', label: { da: 'It-system', en: 'IT system' }, value: (r) => r.name },
    ...codedColumns<ProductListRow>('category', { da: 'Kategori', en: 'Category' }, (r) => r.category, categoryName),
    { key: 'rightsHolder', label: { da: 'Rettighedshaver', en: 'Rights holder' }, value: (r) => r.rightsHolder },
    ...codedColumns<ProductListRow>('licenseModel', { da: 'Licens- og kodegrundlag', en: 'Licence model' }, (r) => r.licenseModel, (c, l) => label('licenseModel', c, l)),
    { key: 'spdxLicense', label: { da: 'Licens (SPDX)', en: 'Licence (SPDX)' }, value: (r) => r.spdxLicense },
    { key: 'deploymentModels', label: { da: 'Leveringsformer', en: 'Deployment models' }, value: (r, l) => r.deploymentModels.map((c) => label('deploymentModel', c, l)).join(', ') },
    { key: 'deploymentModelsCode', label: { da: 'Leveringsformer (kode)', en: 'Deployment models (code)' }, value: (r) => r.deploymentModels.join(', '), type: 'text' },
    ...codedColumns<ProductListRow>('dataExport', { da: 'Dataeksport', en: 'Data export' }, (r) => r.dataExport, (c, l) => label('dataExport', c, l)),
    ...codedColumns<ProductListRow>('apiAvailability', { da: 'API', en: 'API' }, (r) => r.apiAvailability, (c, l) => label('apiAvailability', c, l)),
    ...codedColumns<ProductListRow>('codeGovernance', { da: 'Kodeejerskab', en: 'Code governance' }, (r) => r.codeGovernance, (c, l) => label('codeGovernance', c, l)),
    { key: 'kitosUuid', label: { da: 'KITOS-UUID', en: 'KITOS UUID' }, value: (r) => r.kitosUuid, type: 'text' },
    { key: 'usageCount', label: { da: 'Antal kommuner', en: 'Municipalities using it' }, value: (r) => r.usageCount, type: 'number' },
    { key: 'alternativeCount', label: { da: 'Åbne alternativer', en: 'Open-source alternatives' }, value: (r) => r.alternativeCount, type: 'number' },
    { key: 'verified', label: { da: 'Verificeret', en: 'Verified' }, value: (r) => r.verified },
    { key: 'source', label: { da: 'Kilde', en: 'Source' }, value: (r) => r.source },
    { key: 'localToMunicipality', label: { da: 'Kommunens eget (kommunekode)', en: "Municipality's own (code)" }, value: (r) => r.localToMunicipality },
  ],
};
