// Saved scenarios: create (checked against the current inventory first), list what the principal
// may see, read with the before/after recomputed on the current inventory, rename/share, delete.
// Writes are audited in their own transaction; nothing here touches the inventory.
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/policy.ts';
import { refuse } from '../auth/policy.ts';
import type { Database } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { deleteScenario, findScenario, insertScenario, listScenarios, type ScenarioRecord, updateScenario } from '../repositories/scenarios.repository.ts';
import { canChangeScenario, canCreateScenario, canSeeScenario, isColleague, type NewScenario, type ScenarioUpdate } from '../solutions/scenario-spec.ts';
import { isAdmin } from '../auth/policy.ts';
import { compareScenario, resolveScenario, type ScenarioComparison, solutionContext } from './solutions.ts';

export type ScenarioView = ScenarioRecord;

export async function createScenario(db: Kysely<Database>, principal: Principal, code: number, s: NewScenario): Promise<ScenarioView> {
  if (!canCreateScenario(principal, code)) refuse(principal, 'save scenarios for this municipality');
  const ctx = await solutionContext(db, code);
  const resolved = resolveScenario(ctx, s, true);
  return db.transaction().execute(async (trx) => {
    const created = await insertScenario(trx, {
      municipalityCode: code,
      name: s.name,
      replacements: resolved.stored,
      startDate: s.startDate ?? null,
      createdByUserId: principal.userId,
      createdBy: principal.label,
      shared: s.shared,
    });
    await recordAudit(trx, principal, { action: 'scenario.create', entityType: 'scenario', entityId: created.id, municipalityCode: code, after: { name: created.name, shared: created.shared, replacements: created.replacements, startDate: created.startDate } });
    return created;
  });
}

export async function visibleScenarios(db: Kysely<Database>, principal: Principal, code: number): Promise<ScenarioView[]> {
  const allShared = isColleague(principal, code) || isAdmin(principal) || principal.demoMode;
  return listScenarios(db, code, { userId: principal.userId, allShared });
}

/** A scenario the principal may see, or 404 (a private scenario's existence is not revealed). */
async function visibleScenario(db: Kysely<Database>, principal: Principal, code: number, id: number): Promise<ScenarioRecord> {
  const s = await findScenario(db, id);
  if (!s || s.municipalityCode !== code || !canSeeScenario(principal, s)) throw new NotFoundError(`No scenario ${id} for municipality ${code}`);
  return s;
}

export async function scenarioWithOutcome(db: Kysely<Database>, principal: Principal, code: number, id: number): Promise<{ scenario: ScenarioView } & ScenarioComparison> {
  const scenario = await visibleScenario(db, principal, code, id);
  const comparison = await compareScenario(
    db,
    code,
    { replacements: scenario.replacements.map((r) => ({ product: r.product, alternative: r.alternative, from: r.from })), startDate: scenario.startDate },
    { strict: false },
  );
  return { scenario, ...comparison };
}

export async function changeScenario(db: Kysely<Database>, principal: Principal, code: number, id: number, change: ScenarioUpdate): Promise<ScenarioView> {
  const before = await visibleScenario(db, principal, code, id);
  if (!canChangeScenario(principal, before)) refuse(principal, 'change this scenario');
  return db.transaction().execute(async (trx) => {
    await updateScenario(trx, id, change);
    await recordAudit(trx, principal, { action: 'scenario.update', entityType: 'scenario', entityId: id, municipalityCode: code, before: { name: before.name, shared: before.shared }, after: change });
    return (await findScenario(trx, id))!;
  });
}

export async function removeScenario(db: Kysely<Database>, principal: Principal, code: number, id: number): Promise<void> {
  const before = await visibleScenario(db, principal, code, id);
  if (!canChangeScenario(principal, before)) refuse(principal, 'delete this scenario');
  await db.transaction().execute(async (trx) => {
    await deleteScenario(trx, id);
    await recordAudit(trx, principal, { action: 'scenario.delete', entityType: 'scenario', entityId: id, municipalityCode: code, before: { name: before.name, shared: before.shared, replacements: before.replacements } });
  });
}
