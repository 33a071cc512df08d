// Inventory versions over time: list them, compare two field by field, and roll back to an
// earlier one. Versions are immutable, so a rollback moves the current pointer back (and
// rescores, in the same transaction); nothing is deleted and the rollback itself is recorded.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { type Db, nowIso } from '../repositories/db-types.ts';
import { insertImportRun } from '../repositories/import-runs.repository.ts';
import { currentVersion, setCurrentVersion } from '../repositories/inventory.repository.ts';
import { sharedRowsLock } from '../repositories/shared-rows-lock.ts';
import { recomputeNational, scoreVersions } from './scores.ts';
import { type AuditActor, recordAudit } from '../repositories/audit.repository.ts';

export interface VersionSummary {
  id: number;
  /** 1, 2, 3 … within the municipality (what people call the version); `id` is the internal key. */
  number: number | null;
  kind: string;
  createdAt: string;
  createdBy: string;
  basedOnVersionId: number | null;
  importRunId: number | null;
  fileName: string | null;
  usageCount: number;
  contractCount: number;
  integrationCount: number;
  demo: boolean;
  current: boolean;
}

export async function listVersions(db: Kysely<Database>, municipalityCode: number): Promise<VersionSummary[]> {
  const current = await currentVersion(db, municipalityCode);
  const rows = await db
    .selectFrom('inventory_versions as v')
    .leftJoin('import_runs as r', 'r.id', 'v.import_run_id')
    .select(['v.id', 'v.number', 'v.kind', 'v.created_at', 'v.created_by', 'v.based_on_version_id', 'v.import_run_id', 'r.file_name', 'v.usage_count', 'v.contract_count', 'v.integration_count', 'v.demo'])
    .where('v.municipality_code', '=', municipalityCode)
    .orderBy('v.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    createdAt: r.created_at,
    createdBy: r.created_by,
    basedOnVersionId: r.based_on_version_id,
    importRunId: r.import_run_id,
    fileName: r.file_name,
    usageCount: r.usage_count,
    contractCount: r.contract_count,
    integrationCount: r.integration_count,
    demo: r.demo === 1,
    current: r.id === current?.id,
  }));
}

/** The usage fields a diff compares, by their canonical names (docs/data-dictionary.md). */
const COMPARED = [
  'product',
  'local_name',
  'local_id',
  'version',
  'lifecycle',
  'supplier',
  'hosting_model',
  'hosted_by',
  'operated_by',
  'data_location',
  'criticality',
  'business_critical',
  'user_count_band',
  'data_sensitivity',
  'in_use_from',
  'in_use_to',
  'responsible_unit',
  'business_type',
  'notes',
  'data_export',
  'export_formats',
  'export_format_kind',
  'export_tested_at',
  'export_charges',
  'api_availability',
  'api_standards',
  'license_model',
  'key_management',
  'external_backup_tested_at',
  'exit_plan',
  'exit_plan_tested_at',
  'exit_plan_owner',
  'kle',
  'roles_filled',
  'extra',
] as const;
type Compared = (typeof COMPARED)[number];
type UsageView = Record<Compared, unknown> & { usage_key: string; name: string };

async function usagesOf(db: Kysely<Database>, versionId: number): Promise<Map<string, UsageView>> {
  const rows = await db
    .selectFrom('system_usages as u')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .leftJoin('vendors as s', 's.id', 'u.supplier_vendor_id')
    .leftJoin('vendors as h', 'h.id', 'u.hosted_by_vendor_id')
    .leftJoin('vendors as o', 'o.id', 'u.operated_by_vendor_id')
    .selectAll('u')
    .select(['p.name as product', 's.name as supplier', 'h.name as hosted_by', 'o.name as operated_by'])
    .where('u.inventory_version_id', '=', versionId)
    .execute();
  const out = new Map<string, UsageView>();
  for (const r of rows) {
    const view = { usage_key: r.usage_key, name: r.local_name ?? r.system_name } as UsageView;
    for (const f of COMPARED) view[f] = (r as Record<string, unknown>)[f] ?? null;
    out.set(r.usage_key, view);
  }
  return out;
}

export interface VersionDiff {
  from: number;
  to: number;
  /** The two versions' numbers within the municipality. */
  fromNumber: number | null;
  toNumber: number | null;
  added: { usageKey: string; name: string }[];
  removed: { usageKey: string; name: string }[];
  changed: { usageKey: string; name: string; fields: { field: Compared; from: unknown; to: unknown }[] }[];
  unchanged: number;
}

async function versionOf(db: Db, municipalityCode: number, id: number) {
  const v = await db.selectFrom('inventory_versions').selectAll().where('id', '=', id).where('municipality_code', '=', municipalityCode).executeTakeFirst();
  if (!v) throw new NotFoundError(`Municipality ${municipalityCode} has no inventory version ${id}`);
  return v;
}

/** Usages added, removed and changed (field by field) from version `a` to version `b`. */
export async function diffVersions(db: Kysely<Database>, municipalityCode: number, a: number, b: number): Promise<VersionDiff> {
  const va = await versionOf(db, municipalityCode, a);
  const vb = await versionOf(db, municipalityCode, b);
  const [before, after] = [await usagesOf(db, a), await usagesOf(db, b)];
  const diff: VersionDiff = { from: a, to: b, fromNumber: va.number, toNumber: vb.number, added: [], removed: [], changed: [], unchanged: 0 };
  for (const [key, u] of after) if (!before.has(key)) diff.added.push({ usageKey: key, name: u.name });
  for (const [key, u] of before) {
    const next = after.get(key);
    if (!next) {
      diff.removed.push({ usageKey: key, name: u.name });
      continue;
    }
    const fields = COMPARED.filter((f) => u[f] !== next[f]).map((field) => ({ field, from: u[field], to: next[field] }));
    if (fields.length) diff.changed.push({ usageKey: key, name: next.name, fields });
    else diff.unchanged++;
  }
  const byKey = (x: { usageKey: string }, y: { usageKey: string }) => (x.usageKey < y.usageKey ? -1 : 1);
  diff.added.sort(byKey);
  diff.removed.sort(byKey);
  diff.changed.sort(byKey);
  return diff;
}

/** Makes an earlier version current again, rescores it and records the rollback as a run. */
export async function rollbackTo(
  db: Kysely<Database>,
  municipalityCode: number,
  versionId: number,
  actor: AuditActor,
): Promise<{ inventoryVersionId: number; inventoryVersionNumber: number | null; importRunId: number; previousVersionId: number | null; previousVersionNumber: number | null }> {
  return db.transaction().execute(async (trx) => {
    const target = await versionOf(trx, municipalityCode, versionId);
    const current = await currentVersion(trx, municipalityCode);
    if (current?.id === target.id) throw new ConflictError(`Version ${versionId} is already the current inventory of municipality ${municipalityCode}`);
    // The shared lock before the current pointer, in the order an import takes them (no deadlock).
    await sharedRowsLock(trx)();
    await setCurrentVersion(trx, municipalityCode, target.id);
    await scoreVersions(trx, [target.id]);
    await recomputeNational(trx);
    const startedAt = nowIso();
    const importRunId = await insertImportRun(trx, {
      municipalityCode,
      startedAt,
      actor: actor.label,
      fileName: `rollback to version ${target.number ?? target.id}`,
      fileSha256: createHash('sha256').update(`rollback:${municipalityCode}:${target.id}:${startedAt}`).digest('hex'),
      fileSize: 0,
      format: 'rollback',
      profile: 'rollback',
      status: 'committed',
      rowsRead: 0,
      rowsAccepted: target.usage_count,
      rowsRejected: 0,
      errors: [],
      warnings: [],
      options: { fromVersionId: current?.id ?? null, toVersionId: target.id },
      demo: target.demo === 1,
      inventoryVersionId: target.id,
    });
    await recordAudit(trx, actor, {
      action: 'inventory.rollback',
      entityType: 'inventory_version',
      entityId: target.id,
      municipalityCode,
      before: { inventoryVersionId: current?.id ?? null },
      after: { inventoryVersionId: target.id, importRunId },
    });
    return { inventoryVersionId: target.id, inventoryVersionNumber: target.number, importRunId, previousVersionId: current?.id ?? null, previousVersionNumber: current?.number ?? null };
  });
}
