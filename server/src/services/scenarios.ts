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
import { canChangeScenario, canCreateScenario, canSeeScenario, isColleague, type NewScenario, type ScenarioUpdate, specOfStored } from '../solutions/scenario-spec.ts';
import { isAdmin } from '../auth/policy.ts';
import { PUBLIC_MODERATION_STATES } from '../domain/vocabulary.ts';
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
    { replacements: scenario.replacements.map(specOfStored), startDate: scenario.startDate },
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

// ---------------------------------------------------------------------------------------------
// What a scenario can name (the builder's lists)

export interface ScenarioOptions {
  municipalityCode: number;
  inventoryVersionId: number;
  /** Every product of the current inventory with its usages, by the file's own names, by name. */
  products: Array<{ ref: string; key: string | null; name: string; usages: Array<{ ref: string; key: string; name: string }> }>;
  /** The whole catalogue a scenario may name: public alternatives (published or unverified) and catalogue products. */
  catalogue: Array<{ ref: string; key: string | null; name: string; kind: 'alternative' | 'product'; state: 'published' | 'unverified' | null; parts: string[] }>;
  /** Ready examples that fit this inventory (e.g. Microsoft 365 → openDesk), as spec names. */
  examples: Array<{ id: string; label: { da: string; en: string }; products: string[]; alternatives: string[] }>;
}

/**
 * The Microsoft 365 products that openDesk covers (office, mail and calendar, files, chat,
 * video, tasks: openDesk's components Collabora, OX, Nextcloud, Element, Jitsi, OpenProject).
 * Identity (Entra ID), Windows, Power BI and the like are not part of the suite example.
 */
const MICROSOFT_365_OFFICE = [
  'microsoft-365', 'microsoft-365-web-apps', 'microsoft-word', 'microsoft-excel', 'microsoft-powerpoint', 'microsoft-outlook',
  'microsoft-exchange', 'microsoft-sharepoint', 'microsoft-onedrive', 'microsoft-teams-chat', 'microsoft-teams-meetings', 'microsoft-planner',
];

export async function scenarioOptions(db: Kysely<Database>, code: number): Promise<ScenarioOptions> {
  const ctx = await solutionContext(db, code);
  const byProduct = new Map<string, ScenarioOptions['products'][number]>();
  for (const [usageId, f] of ctx.usageFacts) {
    const ref = `product:${f.productId}`;
    const entry = byProduct.get(ref) ?? { ref, key: ctx.products.get(f.productId)?.key ?? null, name: f.productName, usages: [] };
    const key = ctx.usageKeys.get(usageId)!;
    entry.usages.push({ ref: `usage:${key}`, key, name: ctx.fileNames.get(usageId)! });
    byProduct.set(ref, entry);
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'da');
  const products = [...byProduct.values()].sort(byName);
  for (const p of products) p.usages.sort(byName);

  const alternatives = await db.selectFrom('alternatives').select(['id', 'key', 'moderation_state']).where('moderation_state', 'in', PUBLIC_MODERATION_STATES).execute();
  const altById = new Map(alternatives.map((a) => [`alternative:${a.id}`, a]));
  const partRows = await db
    .selectFrom('alternative_facts as f')
    .innerJoin('alternatives as a', 'a.id', 'f.alternative_id')
    .select(['f.value as suite', 'a.name'])
    .where('f.fact', '=', 'part_of')
    .where('a.moderation_state', 'in', PUBLIC_MODERATION_STATES)
    .orderBy('a.name')
    .execute();
  const partsOf = new Map<string, string[]>();
  for (const r of partRows) partsOf.set(r.suite, [...new Set([...(partsOf.get(r.suite) ?? []), r.name])]);
  const catalogue = [...ctx.byRef.values()]
    .map((c) => {
      const alt = altById.get(c.ref);
      const key = alt ? alt.key : (c.productId ? (ctx.products.get(c.productId)?.key ?? null) : null);
      return {
        ref: c.ref,
        key,
        name: c.name,
        kind: alt ? ('alternative' as const) : ('product' as const),
        state: alt ? (alt.moderation_state as 'published' | 'unverified') : null,
        parts: alt?.key ? (partsOf.get(alt.key) ?? []) : [],
      };
    })
    .sort(byName);

  const examples: ScenarioOptions['examples'] = [];
  const office = products.filter((p) => p.key !== null && MICROSOFT_365_OFFICE.includes(p.key));
  const openDesk = catalogue.find((c) => c.kind === 'alternative' && c.key === 'opendesk');
  if (office.length > 0 && openDesk) {
    examples.push({ id: 'microsoft-365-opendesk', label: { da: 'Microsoft 365 → openDesk', en: 'Microsoft 365 → openDesk' }, products: office.map((p) => p.ref), alternatives: [openDesk.ref] });
  }
  return { municipalityCode: code, inventoryVersionId: ctx.inventoryVersionId, products, catalogue, examples };
}
