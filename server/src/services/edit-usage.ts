// An architect corrects one system in the municipality's inventory (its lifecycle, hosting,
// criticality, exit plan …) without a new file: the current version is copied into a new
// version of kind `edit` with the change, which becomes current and is scored — versions stay
// immutable, so the edit shows in the history, can be compared and rolled back, and is audited.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { sqliteConnection } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { usageRecord } from '../domain/inventory.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { type AuditActor, recordAudit } from '../repositories/audit.repository.ts';
import { optionalFlag } from '../repositories/db-types.ts';
import { setCurrentVersion } from '../repositories/inventory.repository.ts';
import { sharedRowsLock } from '../repositories/shared-rows-lock.ts';
import { InventoryWriter } from './inventory-writer.ts';
import { recomputeNational, scoreVersions } from './scores.ts';
import { currentVersionOfUsage } from './usage-version.ts';

/** The facts of a usage an architect may correct by hand (identity and parties come from files). */
const EDITABLE = [
  'local_name', 'version', 'lifecycle', 'hosting_model', 'data_location', 'criticality', 'business_critical', 'user_count_band',
  'in_use_from', 'in_use_to', 'responsible_unit', 'business_type', 'notes', 'data_export', 'export_format_kind', 'export_tested_at',
  'export_charges', 'api_availability', 'license_model', 'key_management', 'external_backup_tested_at', 'exit_plan',
  'exit_plan_tested_at', 'exit_plan_owner',
] as const;
type Editable = (typeof EDITABLE)[number];

const shape = usageRecord.shape;
/** The free-text fields an architect types: long enough for any real note, not for a megabyte. */
const TEXT_MAX: Partial<Record<Editable, number>> = { local_name: 300, version: 100, responsible_unit: 300, business_type: 300, notes: 10_000, exit_plan_owner: 200 };
const field = (k: Editable): z.ZodType => (TEXT_MAX[k] ? z.string().max(TEXT_MAX[k]).nullable() : (shape[k] as unknown as z.ZodDefault<z.ZodType>).unwrap());
/** Each field as the importer validates it, without its default: an absent field is left alone. */
export const usagePatch = z
  .object(Object.fromEntries(EDITABLE.map((k) => [k, field(k).optional()])) as { [K in Editable]: z.ZodOptional<z.ZodType<z.infer<(typeof shape)[K]>>> })
  .strict();
export type UsagePatch = z.infer<typeof usagePatch>;

const FLAGS = new Set<Editable>(['business_critical', 'export_charges']);

export async function editUsage(
  db: Kysely<Database>,
  actor: AuditActor,
  usageId: number,
  patch: UsagePatch,
): Promise<{ inventoryVersionId: number; usageId: number; previousVersionId: number }> {
  const fields = Object.keys(patch) as Editable[];
  if (!fields.length) throw new InputError('Nothing to change', [{ message: { da: 'Angiv mindst ét felt', en: 'Give at least one field' } }]);
  const sqlite = sqliteConnection(db);
  return db.transaction().execute(async (trx) => {
    const usage = await trx.selectFrom('system_usages').selectAll().where('id', '=', usageId).executeTakeFirst();
    if (!usage) throw new NotFoundError(`No system usage with id ${usageId}`);
    const current = await currentVersionOfUsage(trx, usage, 'edit the current one');
    const writer = await InventoryWriter.begin(trx, { municipalityCode: usage.municipality_code, kind: 'edit', createdBy: actor.label, demo: current.demo === 1, basedOnVersionId: current.id }, sqlite);
    await writer.copyUsagesFrom(current.id);
    const written = await writer.finish([], { contractsFrom: current.id, integrationsFrom: current.id });

    const before = Object.fromEntries(fields.map((f) => [f, FLAGS.has(f) ? (usage[f] == null ? null : usage[f] === 1) : usage[f]]));
    const set: Record<string, unknown> = {};
    for (const f of fields) set[f] = FLAGS.has(f) ? optionalFlag(patch[f] as boolean | null) : patch[f];
    // An edited fact is stated by the architect: its provenance is `declared` (no tag).
    const provenance = JSON.parse(usage.provenance) as Record<string, string>;
    for (const f of fields) delete provenance[f];
    const edited = await trx
      .updateTable('system_usages')
      .set({ ...set, provenance: JSON.stringify(provenance) })
      .where('inventory_version_id', '=', written.versionId)
      .where('usage_key', '=', usage.usage_key)
      .returning('id')
      .executeTakeFirstOrThrow();
    // The copied content hash no longer describes the version: derive a new one from the edit.
    const stamp = (h: string) => createHash('sha256').update(`${h}\nedit ${usage.usage_key} ${JSON.stringify(patch)}`).digest('hex');
    const v = await trx.selectFrom('inventory_versions').select(['usages_hash', 'content_hash']).where('id', '=', written.versionId).executeTakeFirstOrThrow();
    await trx.updateTable('inventory_versions').set({ usages_hash: stamp(v.usages_hash), content_hash: stamp(v.content_hash) }).where('id', '=', written.versionId).execute();

    // The shared lock before the current pointer, in the order an import takes them (no deadlock).
    await sharedRowsLock(trx)();
    await setCurrentVersion(trx, usage.municipality_code, written.versionId);
    await scoreVersions(trx, [written.versionId]);
    await recomputeNational(trx);
    await recordAudit(trx, actor, {
      action: 'usage.edit',
      entityType: 'system_usage',
      entityId: usage.usage_key,
      municipalityCode: usage.municipality_code,
      before: { inventoryVersionId: current.id, usageId, ...before },
      after: { inventoryVersionId: written.versionId, usageId: edited.id, ...patch },
    });
    return { inventoryVersionId: written.versionId, usageId: edited.id, previousVersionId: current.id };
  });
}
