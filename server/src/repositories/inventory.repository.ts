// Inventory versions and their rows (usages, contracts, integrations). Versions are immutable:
// writing one never touches another, and the current-version pointer moves separately.
import type { InventoryVersionKind } from '../domain/vocabulary.ts';
import type { NewContract, NewSystemUsage } from '../db/schema.ts';
import { sql } from 'kysely';
import { chunks, type Db, nowIso } from './db-types.ts';

export interface NewVersion {
  municipalityCode: number;
  kind: InventoryVersionKind;
  basedOnVersionId: number | null;
  createdBy: string;
  contentHash: string;
  usageCount: number;
  contractCount: number;
  integrationCount: number;
  demo: boolean;
}

export async function insertVersion(db: Db, v: NewVersion): Promise<number> {
  const row = await db
    .insertInto('inventory_versions')
    .values({
      municipality_code: v.municipalityCode,
      kind: v.kind,
      import_run_id: null,
      based_on_version_id: v.basedOnVersionId,
      created_at: nowIso(),
      created_by: v.createdBy,
      content_hash: v.contentHash,
      usages_hash: '',
      usage_count: v.usageCount,
      contract_count: v.contractCount,
      integration_count: v.integrationCount,
      demo: v.demo ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function currentVersion(db: Db, municipalityCode: number) {
  return db
    .selectFrom('current_inventory as ci')
    .innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id')
    .selectAll('v')
    .where('ci.municipality_code', '=', municipalityCode)
    .executeTakeFirst();
}

/**
 * Makes a version current, and numbers it (the municipality's next 1, 2, 3 …) the first time.
 * Numbering after the pointer is written keeps it serial: a concurrent import of the same
 * municipality waits on the pointer row until this transaction ends, then sees this number.
 */
export async function setCurrentVersion(db: Db, municipalityCode: number, versionId: number): Promise<void> {
  const updated_at = nowIso();
  await db
    .insertInto('current_inventory')
    .values({ municipality_code: municipalityCode, inventory_version_id: versionId, updated_at })
    .onConflict((oc) => oc.column('municipality_code').doUpdateSet({ inventory_version_id: versionId, updated_at }))
    .execute();
  await db
    .updateTable('inventory_versions')
    .set((eb) => ({
      number: eb
        .selectFrom('inventory_versions as o')
        .select(sql<number>`coalesce(max(o.number), 0) + 1`.as('next'))
        .where('o.municipality_code', '=', municipalityCode),
    }))
    .where('id', '=', versionId)
    .where('number', 'is', null)
    .execute();
}

/** Inserts usages and returns their ids by usage key. */
export async function insertUsages(db: Db, versionId: number, rows: NewSystemUsage[]): Promise<Map<string, number>> {
  const width = rows[0] ? Object.keys(rows[0]).length : 1;
  for (const batch of chunks(rows, width)) await db.insertInto('system_usages').values(batch).execute();
  const ids = await db.selectFrom('system_usages').select(['id', 'usage_key']).where('inventory_version_id', '=', versionId).execute();
  return new Map(ids.map((r) => [r.usage_key, r.id]));
}

export async function insertSubProcessors(db: Db, rows: { usage_id: number; vendor_id: number }[]): Promise<void> {
  for (const batch of chunks(rows, 2)) await db.insertInto('usage_sub_processors').values(batch).onConflict((oc) => oc.doNothing()).execute();
}

/** Inserts contracts one batch at a time and links each to its usages. */
export async function insertContracts(db: Db, rows: { contract: NewContract; usageIds: number[] }[]): Promise<void> {
  for (const { contract, usageIds } of rows) {
    const { id } = await db.insertInto('contracts').values(contract).returning('id').executeTakeFirstOrThrow();
    const links = [...new Set(usageIds)].map((usage_id) => ({ contract_id: id, usage_id }));
    if (links.length) await db.insertInto('contract_usages').values(links).execute();
  }
}

export async function insertIntegrations(
  db: Db,
  rows: { inventory_version_id: number; source_usage_id: number; target_usage_id: number; kind: string; direction: string; platform_role: string | null }[],
): Promise<void> {
  for (const batch of chunks(rows, 6)) await db.insertInto('integrations').values(batch).execute();
}

export async function linkRunToVersion(db: Db, versionId: number, importRunId: number): Promise<void> {
  await db.updateTable('inventory_versions').set({ import_run_id: importRunId }).where('id', '=', versionId).execute();
}

/** The municipality a usage belongs to (any version), for access checks. */
export async function usageMunicipality(db: Db, usageId: number): Promise<number | null> {
  const row = await db.selectFrom('system_usages').select('municipality_code').where('id', '=', usageId).executeTakeFirst();
  return row?.municipality_code ?? null;
}

/** A municipality's versions, newest first (by id: the order they were written in), with their counts. */
export async function versionsOfMunicipality(db: Db, municipalityCode: number) {
  return db
    .selectFrom('inventory_versions')
    .select(['id', 'number', 'kind', 'created_at', 'usage_count', 'contract_count', 'integration_count', 'demo'])
    .where('municipality_code', '=', municipalityCode)
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Deletes versions of one municipality with everything written for them. Usages, contracts,
 * integrations and their scores go by ON DELETE CASCADE (contract links, sub-processors and usage
 * scores through the usages); exit plans' `saved_for_version_id` is set null by its FK. Two links
 * carry no cascade and are cleared first: `based_on_version_id` of the versions that stay (an FK
 * without ON DELETE) and `import_runs.inventory_version_id` (no FK) — the runs stay, as the
 * history of who imported what. Returns how many versions and runs were touched.
 */
export async function deleteVersions(db: Db, municipalityCode: number, versionIds: readonly number[]): Promise<{ deleted: number; runsUnlinked: number; basedOnCleared: number }> {
  if (versionIds.length === 0) return { deleted: 0, runsUnlinked: 0, basedOnCleared: 0 };
  const ids = [...versionIds];
  const basedOn = await db
    .updateTable('inventory_versions')
    .set({ based_on_version_id: null })
    .where('municipality_code', '=', municipalityCode)
    .where('based_on_version_id', 'in', ids)
    .executeTakeFirst();
  const runs = await db
    .updateTable('import_runs')
    .set({ inventory_version_id: null })
    .where('inventory_version_id', 'in', ids)
    .executeTakeFirst();
  const deleted = await db.deleteFrom('inventory_versions').where('municipality_code', '=', municipalityCode).where('id', 'in', ids).executeTakeFirst();
  return { deleted: Number(deleted.numDeletedRows), runsUnlinked: Number(runs.numUpdatedRows), basedOnCleared: Number(basedOn.numUpdatedRows) };
}

/** How many import runs link to any of these versions. */
export async function countRunsOf(db: Db, versionIds: readonly number[]): Promise<number> {
  if (versionIds.length === 0) return 0;
  const row = await db.selectFrom('import_runs').select((eb) => eb.fn.countAll<number>().as('n')).where('inventory_version_id', 'in', [...versionIds]).executeTakeFirstOrThrow();
  return Number(row.n);
}
