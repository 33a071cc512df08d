// The raw KITOS answers of a municipality's last successful sync (0022_kitos_sync_snapshots).
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KitosRaw } from '../../../importers/kitos-api/raw.ts';
import { type Db, nowIso } from './db-types.ts';

export interface KitosSnapshot {
  inventoryVersionId: number;
  organizationUuid: string;
  rawSha256: string;
  raw: KitosRaw;
}

/** A snapshot past this size is not kept (the next sync reads everything): memory stays bounded. */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

export async function loadKitosSnapshot(db: Db, municipalityCode: number): Promise<KitosSnapshot | null> {
  const row = await db.selectFrom('kitos_sync_snapshots').selectAll().where('municipality_code', '=', municipalityCode).executeTakeFirst();
  if (!row) return null;
  const raw = JSON.parse(gunzipSync(row.raw_gzip, { maxOutputLength: MAX_SNAPSHOT_BYTES }).toString('utf8')) as KitosRaw;
  return { inventoryVersionId: row.inventory_version_id, organizationUuid: row.organization_uuid, rawSha256: row.raw_sha256, raw };
}

export async function saveKitosSnapshot(db: Db, municipalityCode: number, s: { inventoryVersionId: number; organizationUuid: string; rawSha256: string; rawJson: string }): Promise<void> {
  const bytes = Buffer.byteLength(s.rawJson);
  if (bytes > MAX_SNAPSHOT_BYTES) {
    await forgetKitosSnapshot(db, municipalityCode);
    return;
  }
  const values = {
    inventory_version_id: s.inventoryVersionId,
    organization_uuid: s.organizationUuid,
    raw_sha256: s.rawSha256,
    raw_bytes: bytes,
    raw_gzip: gzipSync(s.rawJson),
    created_at: nowIso(),
  };
  await db
    .insertInto('kitos_sync_snapshots')
    .values({ municipality_code: municipalityCode, ...values })
    .onConflict((oc) => oc.column('municipality_code').doUpdateSet(values))
    .execute();
}

export async function forgetKitosSnapshot(db: Db, municipalityCode: number): Promise<void> {
  await db.deleteFrom('kitos_sync_snapshots').where('municipality_code', '=', municipalityCode).execute();
}
