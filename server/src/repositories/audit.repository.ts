// The audit log: who changed what, when, with the values before and after. Written by the
// services inside the transaction of the change itself, so a refused change leaves no entry and
// an accepted one always has one.
import type { Db } from './db-types.ts';
import { nowIso } from './db-types.ts';

export interface AuditActor {
  userId: number | null;
  label: string;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number | null;
  municipalityCode?: number | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(db: Db, actor: AuditActor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      actor_user_id: actor.userId,
      actor: actor.label,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId == null ? null : String(e.entityId),
      municipality_code: e.municipalityCode ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute();
}

export interface AuditFilter {
  municipalityCode?: number;
  entityType?: string;
  action?: string;
  actorUserId?: number;
  limit: number;
  offset: number;
}

export async function listAudit(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.municipalityCode !== undefined) q = q.where('municipality_code', '=', f.municipalityCode);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actorUserId !== undefined) q = q.where('actor_user_id', '=', f.actorUserId);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    municipalityCode: r.municipality_code,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  }));
  return { items, total: Number(total.n) };
}
