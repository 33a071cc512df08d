// Exit plans as stored (migration 0008): one per municipality and usage key, so a plan follows
// its system from one inventory version to the next.
import type { Db } from './db-types.ts';
import { isoDay, nowIso } from './db-types.ts';
import { type ExitPlanData, exitPlanSchema, exitReadinessInputs, type ExitReadinessInputs } from '../solutions/exit-plan.ts';

export interface StoredExitPlan {
  plan: ExitPlanData;
  savedForVersionId: number | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

const toStored = (r: { plan: string; saved_for_version_id: number | null; created_at: string; updated_at: string; updated_by: string }): StoredExitPlan => ({
  plan: exitPlanSchema.parse(JSON.parse(r.plan)),
  savedForVersionId: r.saved_for_version_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export async function findExitPlan(db: Db, municipalityCode: number, usageKey: string): Promise<StoredExitPlan | null> {
  const row = await db
    .selectFrom('exit_plans')
    .select(['plan', 'saved_for_version_id', 'created_at', 'updated_at', 'updated_by'])
    .where('municipality_code', '=', municipalityCode)
    .where('usage_key', '=', usageKey)
    .executeTakeFirst();
  return row ? toStored(row) : null;
}

/** Creates or replaces the plan of a municipality's system. */
export async function saveExitPlan(
  db: Db,
  args: { municipalityCode: number; usageKey: string; plan: ExitPlanData; versionId: number; by: string },
): Promise<void> {
  const now = nowIso();
  const values = { plan: JSON.stringify(args.plan), saved_for_version_id: args.versionId, updated_at: now, updated_by: args.by };
  await db
    .insertInto('exit_plans')
    .values({ municipality_code: args.municipalityCode, usage_key: args.usageKey, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['municipality_code', 'usage_key']).doUpdateSet(values))
    .execute();
}

/** The saved plans of the usages of the given versions: each usage of those versions looks up its plan by (municipality, key). */
export function exitReadinessQuery(db: Db, versionIds: readonly number[]) {
  return db
    .selectFrom('system_usages as u')
    .innerJoin('exit_plans as p', (j) => j.onRef('p.municipality_code', '=', 'u.municipality_code').onRef('p.usage_key', '=', 'u.usage_key'))
    .select(['u.id', 'p.plan', 'p.updated_at'])
    .where('u.inventory_version_id', 'in', [...versionIds]);
}

/**
 * F9's inputs from the saved plans of the usages of the given inventory versions, keyed by
 * usage id: the scoring loader puts them in place of the imported exit-plan columns.
 */
export async function exitReadinessByUsage(db: Db, versionIds: readonly number[]): Promise<Map<number, ExitReadinessInputs>> {
  const out = new Map<number, ExitReadinessInputs>();
  if (versionIds.length === 0) return out;
  const rows = await exitReadinessQuery(db, versionIds).execute();
  for (const r of rows) out.set(r.id, exitReadinessInputs(exitPlanSchema.parse(JSON.parse(r.plan)), isoDay(r.updated_at)));
  return out;
}

/** The exit plans saved for any of these versions, with the system's name in that version (if it is there). */
export async function exitPlansSavedFor(db: Db, municipalityCode: number, versionIds: readonly number[]) {
  if (versionIds.length === 0) return [];
  return db
    .selectFrom('exit_plans as e')
    .leftJoin('system_usages as u', (j) => j.onRef('u.inventory_version_id', '=', 'e.saved_for_version_id').onRef('u.usage_key', '=', 'e.usage_key'))
    .select(['e.id', 'e.usage_key', 'e.saved_for_version_id', 'u.local_name', 'u.system_name'])
    .where('e.municipality_code', '=', municipalityCode)
    .where('e.saved_for_version_id', 'in', [...versionIds])
    .orderBy('e.id')
    .execute();
}
