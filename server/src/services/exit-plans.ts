// Reading and saving a system's exit plan. Saving rescores the municipality in the same
// transaction (the plan is an F9 input), so the stored scores never lag behind the plan, and
// the change is audited with the plan before and after.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LocalizedText } from '../domain/field-error.ts';
import { AppError, InputError, NotFoundError } from '../errors.ts';
import { type AuditActor, recordAudit } from '../repositories/audit.repository.ts';
import type { Db } from '../repositories/db-types.ts';
import { findExitPlan, saveExitPlan } from '../repositories/exit-plans.repository.ts';
import { currentVersion } from '../repositories/inventory.repository.ts';
import {
  type ExitPlanCompleteness,
  type ExitPlanData,
  exitPlanCompleteness,
  exitPlanProblems,
  exitReadinessInputs,
  type ExitReadinessInputs,
  type PlanContext,
  prefilledExitPlan,
} from '../solutions/exit-plan.ts';
import { usageScore } from './score-queries.ts';
import { recomputeNational, scoreVersions, today } from './scores.ts';
import { currentVersionOfUsage } from './usage-version.ts';

/** The score figures the exit-plan page shows before and after saving. */
export interface ExitPlanScoreSummary {
  asOf: string;
  lockin: number;
  band: string;
  /** Q_s, the system's confidence (0–1). */
  confidence: number;
  f9: { value: number; rule: string; ruleText: LocalizedText; confidence: number; provenance: string };
}

export interface ExitPlanView {
  usageId: number;
  usageKey: string;
  municipalityCode: number;
  /** The name the file gave the system (its local name, else its system name). */
  systemName: string;
  /** The catalogue product it is matched to (or the municipality's own product). */
  catalogueName: string;
  inventoryVersionId: number;
  /** The usage belongs to its municipality's current inventory (only then can the plan be saved). */
  current: boolean;
  /** Whether a plan has been saved; when not, `plan` is a draft prefilled from the inventory. */
  saved: { updatedAt: string; updatedBy: string; savedForVersionId: number | null } | null;
  plan: ExitPlanData;
  completeness: ExitPlanCompleteness;
  /** What the saved plan tells F9 (null while nothing is saved: the imported columns count). */
  f9Inputs: ExitReadinessInputs | null;
  integrations: PlanContext['integrations'];
  score: ExitPlanScoreSummary | null;
}

async function usageRow(db: Db, usageId: number) {
  const row = await db
    .selectFrom('system_usages as u')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .select(['u.id', 'u.usage_key', 'u.municipality_code', 'u.inventory_version_id', 'u.local_name', 'u.system_name', 'p.name as product_name'])
    .where('u.id', '=', usageId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`No system usage with id ${usageId}`);
  return row;
}

/** The usage's integration partners in its version, by stable key (each once, by name). */
async function integrationsOf(db: Db, usageId: number, versionId: number): Promise<PlanContext['integrations']> {
  const edges = await db
    .selectFrom('integrations')
    .select(['source_usage_id', 'target_usage_id'])
    .where('inventory_version_id', '=', versionId)
    .where((eb) => eb.or([eb('source_usage_id', '=', usageId), eb('target_usage_id', '=', usageId)]))
    .execute();
  const partners = [...new Set(edges.map((e) => (e.source_usage_id === usageId ? e.target_usage_id : e.source_usage_id)))].filter((id) => id !== usageId);
  if (partners.length === 0) return [];
  const rows = await db
    .selectFrom('system_usages as u')
    .select(['u.usage_key', 'u.local_name', 'u.system_name'])
    .where('u.id', 'in', partners)
    .execute();
  const byKey = new Map<string, string>();
  for (const r of rows) byKey.set(r.usage_key, r.local_name ?? r.system_name);
  return [...byKey].map(([usageKey, name]) => ({ usageKey, name })).sort((a, b) => a.name.localeCompare(b.name, 'da'));
}

/** The usage's stored score, explained; null when it is not scored (yet) or with another model. */
async function scored(db: Kysely<Database>, usageId: number) {
  try {
    return await usageScore(db, usageId);
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 409)) return null;
    throw err;
  }
}

function summaryOf(s: NonNullable<Awaited<ReturnType<typeof scored>>>): ExitPlanScoreSummary {
  const f9 = s.factors.find((f) => f.factor === 'F9')!;
  return {
    asOf: s.asOf,
    lockin: s.L,
    band: s.band,
    confidence: s.confidence.value,
    f9: { value: f9.value, rule: f9.rule, ruleText: f9.ruleText, confidence: f9.confidence, provenance: f9.inputs[0]?.provenance ?? 'unknown' },
  };
}

/** A usage's exit plan (saved, or a draft prefilled from its integrations and exit window). */
export async function exitPlanView(db: Kysely<Database>, usageId: number): Promise<ExitPlanView> {
  const u = await usageRow(db, usageId);
  const current = await currentVersion(db, u.municipality_code);
  const integrations = await integrationsOf(db, u.id, u.inventory_version_id);
  const stored = await findExitPlan(db, u.municipality_code, u.usage_key);
  const score = await scored(db, usageId);
  const plan = stored?.plan ?? prefilledExitPlan({ integrations, noticeBy: score?.exitWindow.noticeBy ?? null });
  return {
    usageId: u.id,
    usageKey: u.usage_key,
    municipalityCode: u.municipality_code,
    systemName: u.local_name ?? u.system_name,
    catalogueName: u.product_name,
    inventoryVersionId: u.inventory_version_id,
    current: current?.id === u.inventory_version_id,
    saved: stored ? { updatedAt: stored.updatedAt, updatedBy: stored.updatedBy, savedForVersionId: stored.savedForVersionId } : null,
    plan,
    completeness: exitPlanCompleteness(plan, { integrations }),
    f9Inputs: stored ? exitReadinessInputs(stored.plan, stored.updatedAt.slice(0, 10)) : null,
    integrations,
    score: score ? summaryOf(score) : null,
  };
}

/**
 * Saves a usage's exit plan (of the current inventory only), rescores its municipality and the
 * nation in the same transaction, and audits it. Answers the plan as saved with the score
 * summary before and after.
 */
export async function putExitPlan(
  db: Kysely<Database>,
  actor: AuditActor,
  usageId: number,
  plan: ExitPlanData,
  options: { today?: string } = {},
): Promise<ExitPlanView & { before: ExitPlanScoreSummary | null }> {
  const problems = exitPlanProblems(plan, options.today ?? today());
  if (problems.length) throw new InputError('The exit plan did not validate', problems);
  return db.transaction().execute(async (trx) => {
    const u = await usageRow(trx, usageId);
    const current = await currentVersionOfUsage(trx, u, 'open the system in the current one');
    const scoredBefore = await scored(trx, usageId);
    const before = scoredBefore ? summaryOf(scoredBefore) : null;
    const previous = await findExitPlan(trx, u.municipality_code, u.usage_key);
    await saveExitPlan(trx, { municipalityCode: u.municipality_code, usageKey: u.usage_key, plan, versionId: current.id, by: actor.label });
    await scoreVersions(trx, [current.id]);
    await recomputeNational(trx);
    await recordAudit(trx, actor, {
      action: 'exit_plan.save',
      entityType: 'system_usage',
      entityId: u.usage_key,
      municipalityCode: u.municipality_code,
      before: previous ? { usageId, plan: previous.plan } : null,
      after: { usageId, plan },
    });
    return { ...(await exitPlanView(trx, usageId)), before };
  });
}
