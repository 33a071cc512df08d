// Municipalities: the 98 reference rows and what the landing page lists about each.
import { DEFAULT_VISIBILITY, type InventoryVisibility } from '../auth/policy.ts';
import type { Kysely } from 'kysely';
import { cachedRead } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import { type Db, isoDay, nowIso, reusableQuery } from './db-types.ts';
import { readWorld, type World, worldOfFlag } from './world.repository.ts';

export interface MunicipalitySummary {
  code: number;
  name: string;
  region: string;
  usageCount: number;
  inventoryVersionId: number | null;
  /** The current inventory is fictitious demo data. */
  demo: boolean;
  /** The current inventory counts in national figures (its world is the counted one: see world.repository.ts). */
  counted: boolean;
  /** The day the current inventory was loaded; null without one. */
  dataDate: string | null;
  /** Lock-in L of the current inventory when it counts; null ("ingen data") otherwise. */
  lockin: number | null;
  /** Data confidence (0–1) of the current inventory's score; null without one. */
  confidence: number | null;
}

function summaries(db: Db) {
  return db
    .selectFrom('municipalities as m')
    .leftJoin('current_inventory as ci', 'ci.municipality_code', 'm.code')
    .leftJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id')
    .leftJoin('municipality_scores as s', 's.inventory_version_id', 'ci.inventory_version_id')
    .select(['m.code', 'm.name', 'm.region', 'v.id as version_id', 'v.usage_count', 'v.demo', 'v.created_at', 's.lockin', 's.confidence']);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['executeTakeFirstOrThrow']>>;

function toSummary(r: SummaryRow, world: World): MunicipalitySummary {
  const counted = r.version_id != null && worldOfFlag(r.demo ?? 0) === world;
  return {
    code: r.code,
    name: r.name,
    region: r.region,
    usageCount: r.usage_count ?? 0,
    inventoryVersionId: r.version_id ?? null,
    demo: r.demo === 1,
    counted,
    dataDate: r.created_at ? isoDay(r.created_at) : null,
    lockin: counted ? (r.lockin ?? null) : null,
    confidence: r.confidence ?? null,
  };
}

export async function listMunicipalities(db: Db): Promise<MunicipalitySummary[]> {
  const world = await readWorld(db);
  return (await summaries(db).orderBy('m.code').execute()).map((r) => toSummary(r, world));
}

export async function findMunicipality(db: Db, code: number): Promise<MunicipalitySummary | null> {
  const row = await summaries(db).where('m.code', '=', code).executeTakeFirst();
  return row ? toSummary(row, await readWorld(db)) : null;
}

export interface MunicipalitySettings {
  inventoryVisibility: InventoryVisibility;
  calendarTokenHash: string | null;
}

export async function municipalitySettings(db: Db, code: number): Promise<MunicipalitySettings> {
  const row = await db.selectFrom('municipality_settings').selectAll().where('municipality_code', '=', code).executeTakeFirst();
  return {
    inventoryVisibility: (row?.inventory_visibility as InventoryVisibility | undefined) ?? DEFAULT_VISIBILITY,
    calendarTokenHash: row?.calendar_token_hash ?? null,
  };
}

export async function saveMunicipalitySettings(db: Db, code: number, s: MunicipalitySettings): Promise<void> {
  const values = { inventory_visibility: s.inventoryVisibility, calendar_token_hash: s.calendarTokenHash, updated_at: nowIso() };
  await db
    .insertInto('municipality_settings')
    .values({ municipality_code: code, ...values })
    .onConflict((oc) => oc.column('municipality_code').doUpdateSet(values))
    .execute();
}

const stateQuery = reusableQuery((db: Db, code: number) =>
  db
    .selectFrom('municipalities as m')
    .leftJoin('municipality_settings as ms', 'ms.municipality_code', 'm.code')
    .leftJoin('current_inventory as ci', 'ci.municipality_code', 'm.code')
    .leftJoin('municipality_scores as s', 's.inventory_version_id', 'ci.inventory_version_id')
    .select(['ms.inventory_visibility', 's.inventory_version_id', 's.computed_at', 's.model_version'])
    .where('m.code', '=', code),
);

/**
 * What a request about one municipality's scores needs before anything else, in one indexed
 * query: whether it exists, who may see its inventory, and what its score answers depend on
 * (current version, when and with which model it was scored — the source of their ETags; null
 * when nothing is scored). Null when there is no such municipality.
 */
export async function municipalityState(db: Db, code: number): Promise<{ inventoryVisibility: InventoryVisibility; scoreStamp: string | null } | null> {
  const [row] = await cachedRead(db as Kysely<Database>, `municipality-state:${code}`, () => stateQuery(db, code));
  if (!row) return null;
  return {
    inventoryVisibility: (row.inventory_visibility as InventoryVisibility | null) ?? DEFAULT_VISIBILITY,
    scoreStamp: row.inventory_version_id == null ? null : `${row.inventory_version_id}|${row.computed_at}|${row.model_version}`,
  };
}
