// Pruning a municipality's inventory history: `imports prune --municipality KODE --keep N` deletes
// the versions older than its N newest, never the current one (a rollback can make an old version
// current), in one transaction with one audit entry. Refused, with nothing deleted, when a version
// to prune is the one a saved exit plan was saved for. Saved scenarios need no guard: they store
// their replacements by product and `usage:<usage_key>` refs (stable across versions) and their
// municipality, never a version id (migration 0007, solutions/scenario-spec.ts), so they are
// recomputed on whatever version is current.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ConflictError, InputError, NotFoundError } from '../errors.ts';
import { type AuditActor, recordAudit } from '../repositories/audit.repository.ts';
import { exitPlansSavedFor } from '../repositories/exit-plans.repository.ts';
import { countRunsOf, currentVersion, deleteVersions, versionsOfMunicipality } from '../repositories/inventory.repository.ts';
import { sharedRowsLock } from '../repositories/shared-rows-lock.ts';

export interface PrunedVersion {
  id: number;
  /** The number people see (1, 2, 3 … within the municipality); unchanged for the versions that stay. */
  number: number | null;
  kind: string;
  createdAt: string;
  usageCount: number;
  contractCount: number;
  integrationCount: number;
  demo: boolean;
}

export interface PruneResult {
  municipalityCode: number;
  keep: number;
  dryRun: boolean;
  /** The versions removed (or, in a dry run, that would be). */
  pruned: PrunedVersion[];
  /** The versions that stay, newest first. */
  kept: PrunedVersion[];
  currentVersionId: number | null;
  /** Import runs whose link to a pruned version is cleared; the runs themselves stay. */
  importRunsUnlinked: number;
}

const summary = (v: Awaited<ReturnType<typeof versionsOfMunicipality>>[number]): PrunedVersion => ({
  id: v.id,
  number: v.number,
  kind: v.kind,
  createdAt: v.created_at,
  usageCount: v.usage_count,
  contractCount: v.contract_count,
  integrationCount: v.integration_count,
  demo: v.demo === 1,
});

const label = (v: { id: number; number: number | null }) => (v.number != null ? String(v.number) : `id ${v.id}`);

/** Deletes the municipality's versions older than its `keep` newest (and never the current one). */
export async function pruneVersions(
  db: Kysely<Database>,
  args: { municipalityCode: number; keep: number; dryRun?: boolean },
  actor: AuditActor,
): Promise<PruneResult> {
  const { municipalityCode, keep } = args;
  const dryRun = args.dryRun ?? false;
  if (!Number.isInteger(keep) || keep < 1) {
    throw new InputError(`--keep must be a whole number of at least 1, got ${keep}`, [
      { field: 'keep', value: String(keep), message: { da: 'Antallet af versioner at beholde skal være et helt tal, mindst 1', en: 'The number of versions to keep must be a whole number, at least 1' } },
    ]);
  }
  return db.transaction().execute(async (trx) => {
    // The lock an import and a rollback take before moving the current pointer: while it is held
    // no version can become current, so the one read here stays current until commit.
    await sharedRowsLock(trx)();
    const municipality = await trx.selectFrom('municipalities').select('code').where('code', '=', municipalityCode).executeTakeFirst();
    if (!municipality) throw new NotFoundError(`No municipality ${municipalityCode}`);
    const current = await currentVersion(trx, municipalityCode);
    const versions = await versionsOfMunicipality(trx, municipalityCode);
    const keptIds = new Set(versions.slice(0, keep).map((v) => v.id));
    if (current) keptIds.add(current.id);
    const pruned = versions.filter((v) => !keptIds.has(v.id));
    const kept = versions.filter((v) => keptIds.has(v.id));
    const prunedIds = pruned.map((v) => v.id);

    const plans = await exitPlansSavedFor(trx, municipalityCode, prunedIds);
    if (plans.length) {
      const byId = new Map(pruned.map((v) => [v.id, v]));
      const named = plans.map((p) => ({ version: label(byId.get(p.saved_for_version_id!)!), name: p.local_name ?? p.system_name ?? p.usage_key, key: p.usage_key }));
      const list = (versionWord: string) => named.map((p) => `«${p.name}» (${p.key}, ${versionWord} ${p.version})`).join(', ');
      const versionsNamed = [...new Set(named.map((p) => p.version))].join(', ');
      const message = {
        da: `Version ${versionsNamed} kan ikke slettes: exitplanerne for ${list('version')} er gemt for den. Gem planerne igen på den aktuelle version, eller behold flere versioner.`,
        en: `Version ${versionsNamed} cannot be pruned: the exit plans for ${list('version')} were saved for it. Save the plans again on the current version, or keep more versions.`,
      };
      throw new ConflictError(message.en, [{ code: 'version-has-exit-plan', field: 'keep', value: String(keep), message }]);
    }

    const result: PruneResult = { municipalityCode, keep, dryRun, pruned: pruned.map(summary), kept: kept.map(summary), currentVersionId: current?.id ?? null, importRunsUnlinked: 0 };
    if (prunedIds.length === 0) return result;
    if (dryRun) {
      result.importRunsUnlinked = await countRunsOf(trx, prunedIds);
      return result;
    }
    const { runsUnlinked, basedOnCleared } = await deleteVersions(trx, municipalityCode, prunedIds);
    result.importRunsUnlinked = runsUnlinked;
    await recordAudit(trx, actor, {
      action: 'inventory.prune',
      entityType: 'municipality',
      entityId: municipalityCode,
      municipalityCode,
      before: {
        pruned: pruned.map((v) => ({ id: v.id, number: v.number, kind: v.kind, createdAt: v.created_at, usageCount: v.usage_count, contractCount: v.contract_count, integrationCount: v.integration_count, demo: v.demo === 1 })),
      },
      after: {
        keep,
        kept: kept.map((v) => ({ id: v.id, number: v.number })),
        currentVersionId: current?.id ?? null,
        // The runs stay (who imported what, when); only their link to a deleted version is cleared.
        importRunsUnlinked: runsUnlinked,
        basedOnCleared,
      },
    });
    return result;
  });
}
