// Saved scenarios (migration 0007): plain functions over the table; the service decides who
// may see and change them and opens the transaction.
import type { Db } from './db-types.ts';
import { flag, nowIso } from './db-types.ts';
import type { StoredReplacement } from '../solutions/scenario-spec.ts';

export interface ScenarioRecord {
  id: number;
  municipalityCode: number;
  name: string;
  replacements: StoredReplacement[];
  startDate: string | null;
  createdByUserId: number | null;
  createdBy: string;
  shared: boolean;
  createdAt: string;
  updatedAt: string;
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirst']>>;
const base = (db: Db) => db.selectFrom('scenarios').selectAll();

const toRecord = (r: NonNullable<Row>): ScenarioRecord => ({
  id: r.id,
  municipalityCode: r.municipality_code,
  name: r.name,
  replacements: JSON.parse(r.replacements) as StoredReplacement[],
  startDate: r.start_date,
  createdByUserId: r.created_by_user_id,
  createdBy: r.created_by,
  shared: r.shared === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertScenario(
  db: Db,
  s: { municipalityCode: number; name: string; replacements: StoredReplacement[]; startDate: string | null; createdByUserId: number | null; createdBy: string; shared: boolean },
): Promise<ScenarioRecord> {
  const at = nowIso();
  const row = await db
    .insertInto('scenarios')
    .values({
      municipality_code: s.municipalityCode,
      name: s.name,
      replacements: JSON.stringify(s.replacements),
      start_date: s.startDate,
      created_by_user_id: s.createdByUserId,
      created_by: s.createdBy,
      shared: flag(s.shared),
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findScenario(db, row.id))!;
}

export async function findScenario(db: Db, id: number): Promise<ScenarioRecord | null> {
  const r = await base(db).where('id', '=', id).executeTakeFirst();
  return r ? toRecord(r) : null;
}

/** A municipality's scenarios that are shared or written by the given user, newest first. */
export async function listScenarios(db: Db, municipalityCode: number, visible: { userId: number | null; allShared: boolean }): Promise<ScenarioRecord[]> {
  const rows = await base(db)
    .where('municipality_code', '=', municipalityCode)
    .where((eb) => {
      const ors = [];
      if (visible.allShared) ors.push(eb('shared', '=', 1));
      if (visible.userId !== null) ors.push(eb('created_by_user_id', '=', visible.userId));
      // Nobody to match: no row (a comparison that is never true, without binding a boolean).
      return ors.length ? eb.or(ors) : eb('id', '<', 0);
    })
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toRecord);
}

export async function updateScenario(db: Db, id: number, change: { name?: string; shared?: boolean }): Promise<void> {
  await db
    .updateTable('scenarios')
    .set({ ...(change.name !== undefined ? { name: change.name } : {}), ...(change.shared !== undefined ? { shared: flag(change.shared) } : {}), updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

export async function deleteScenario(db: Db, id: number): Promise<void> {
  await db.deleteFrom('scenarios').where('id', '=', id).execute();
}
