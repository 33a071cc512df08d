// The integrations (edges between two usages) of every current inventory the principal may read.
import { scopedInventories } from '../../repositories/world.repository.ts';
import { codedColumns } from '../../exports/table.ts';
import { label } from '../../domain/labels.ts';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { type InventoryScope, inventoryScope } from '../../repositories/inventory-lists.repository.ts';
import type { ListQuery, ListResource } from './list-resource.ts';
import { municipalityFilter } from './usages.ts';

const filters = z.object({
  municipality: municipalityFilter,
  usage: z.coerce.number().int().positive().optional().describe('A usage id: integrations from or to it'),
});
export type IntegrationFilters = z.infer<typeof filters>;

export interface IntegrationListRow {
  integrationId: number;
  municipalityCode: number;
  municipality: string;
  sourceUsageId: number;
  source: string;
  targetUsageId: number;
  target: string;
  kind: string;
  direction: string;
  platformRole: string | null;
}

function filtered(db: Kysely<Database>, scope: InventoryScope, f: IntegrationFilters) {
  let q = db.selectFrom(scopedInventories(db, scope).as('ci')).innerJoin('integrations as i', 'i.inventory_version_id', 'ci.inventory_version_id');
  if (scope !== 'all') q = q.where('ci.municipality_code', 'in', scope);
  if (f.usage !== undefined) {
    const u = f.usage;
    q = q.where((eb) => eb.or([eb('i.source_usage_id', '=', u), eb('i.target_usage_id', '=', u)]));
  }
  return q;
}

export async function queryIntegrations(db: Kysely<Database>, scope: InventoryScope, q: ListQuery<IntegrationFilters>): Promise<{ items: IntegrationListRow[]; total: number }> {
  const base = filtered(db, scope, q.filters);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const source = sql<string>`lower(coalesce(${sql.ref('su.local_name')}, ${sql.ref('su.system_name')}))`;
  const target = sql<string>`lower(coalesce(${sql.ref('tu.local_name')}, ${sql.ref('tu.system_name')}))`;
  let page = base
    .innerJoin('municipalities as m', 'm.code', 'ci.municipality_code')
    .innerJoin('system_usages as su', 'su.id', 'i.source_usage_id')
    .innerJoin('system_usages as tu', 'tu.id', 'i.target_usage_id')
    .select([
      'i.id',
      'ci.municipality_code',
      'm.name as municipality',
      'i.source_usage_id',
      'su.local_name as source_local',
      'su.system_name as source_product',
      'i.target_usage_id',
      'tu.local_name as target_local',
      'tu.system_name as target_product',
      'i.kind',
      'i.direction',
      'i.platform_role',
    ]);
  const dir = q.order;
  switch (q.sort) {
    case 'target':
      page = page.orderBy(target, dir).orderBy(source, 'asc');
      break;
    case 'municipality':
      page = page.orderBy('ci.municipality_code', dir).orderBy(source, 'asc').orderBy(target, 'asc');
      break;
    default:
      page = page.orderBy(source, dir).orderBy(target, 'asc');
  }
  const rows = await page.orderBy('i.id').limit(q.limit).offset(q.offset).execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      integrationId: r.id,
      municipalityCode: r.municipality_code,
      municipality: r.municipality,
      sourceUsageId: r.source_usage_id,
      source: r.source_local ?? r.source_product,
      targetUsageId: r.target_usage_id,
      target: r.target_local ?? r.target_product,
      kind: r.kind,
      direction: r.direction,
      platformRole: r.platform_role,
    })),
  };
}

export const integrationsList: ListResource<IntegrationFilters, IntegrationListRow> = {
  name: 'integrations',
  filters,
  sorts: ['source', 'target', 'municipality'],
  defaultOrder: 'asc',
  async list(db: Kysely<Database>, principal: Principal, q: ListQuery<IntegrationFilters>) {
    return queryIntegrations(db, await inventoryScope(db, principal, q.filters.municipality), q);
  },
  columns: [
    { key: 'municipalityCode', label: { da: 'Kommunekode', en: 'Municipality code' }, value: (r) => r.municipalityCode },
    { key: 'municipality', label: { da: 'Kommune', en: 'Municipality' }, value: (r) => r.municipality },
    { key: 'source', label: { da: 'Fra system', en: 'From system' }, value: (r) => r.source },
    { key: 'target', label: { da: 'Til system', en: 'To system' }, value: (r) => r.target },
    ...codedColumns<IntegrationListRow>('kind', { da: 'Type', en: 'Kind' }, (r) => r.kind, (c, l) => label('integrationKind', c, l)),
    ...codedColumns<IntegrationListRow>('direction', { da: 'Retning', en: 'Direction' }, (r) => r.direction, (c, l) => label('integrationDirection', c, l)),
    { key: 'platformRole', label: { da: 'Platformsrolle', en: 'Platform role' }, value: (r) => r.platformRole },
  ],
};
