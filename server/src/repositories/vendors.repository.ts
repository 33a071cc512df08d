// Vendors: legal entities with their ownership chain. The ultimate parent and its jurisdiction
// are derived and stored, so scoring and dashboards read them without walking the chain.
import { normalizeVendorName } from '../domain/names.ts';
import type { PartyRef } from '../domain/inventory.ts';
import { EU_EEA_COUNTRIES, type VendorKind } from '../domain/vocabulary.ts';
import type { VendorRow } from '../db/schema.ts';
import { type Db, flag, nowIso } from './db-types.ts';
import { upsertByKey } from './upsert-by-key.ts';

export interface ReferenceVendor {
  key: string;
  name: string;
  cvr: string | null;
  country: string | null;
  parentKey: string | null;
  kind: VendorKind;
  aliases: string[];
  source: string;
  verified: boolean;
  notes: string | null;
}

/** Loads reference vendors by key, then their parents, aliases and derived ownership. */
export async function upsertReferenceVendors(db: Db, vendors: ReferenceVendor[]): Promise<{ inserted: number; updated: number }> {
  const base = await upsertByKey<string>(
    db,
    'vendors',
    'key',
    vendors.map((v) => ({
      key: v.key,
      name: v.name,
      normalized_name: normalizeVendorName(v.name),
      cvr: v.cvr,
      country: v.country,
      kind: v.kind,
      source: v.source,
      verified: flag(v.verified),
      notes: v.notes,
    })),
    { timestamps: true },
  );
  const withParents = await upsertByKey<string>(
    db,
    'vendors',
    'key',
    vendors.map((v) => ({ key: v.key, parent_vendor_id: v.parentKey ? (base.ids.get(v.parentKey) ?? null) : null })),
    { timestamps: true },
  );
  const aliases = vendors.flatMap((v) =>
    v.aliases
      .map((alias) => ({ alias, normalized_alias: normalizeVendorName(alias), vendor_id: base.ids.get(v.key)!, source: v.source }))
      .filter((a) => a.normalized_alias !== normalizeVendorName(v.name)),
  );
  const aliasResult = await upsertByKey<string>(db, 'vendor_aliases', 'normalized_alias', dedupe(aliases, (a) => a.normalized_alias));
  const derived = await refreshOwnership(db);
  return {
    inserted: base.inserted + aliasResult.inserted,
    updated: base.updated + withParents.updated + aliasResult.updated + derived,
  };
}

function dedupe<T>(rows: T[], key: (r: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const r of rows) if (!seen.has(key(r))) seen.set(key(r), r);
  return [...seen.values()];
}

/** The ultimate parent of every vendor (following parent links, cycle-safe) and its jurisdiction. */
export function deriveOwnership(
  vendors: Pick<VendorRow, 'id' | 'parent_vendor_id' | 'country'>[],
): Map<number, { ultimateParentId: number; ultimateCountry: string | null; jurisdiction: 'eu' | 'non_eu' | null }> {
  const byId = new Map(vendors.map((v) => [v.id, v]));
  const out = new Map<number, { ultimateParentId: number; ultimateCountry: string | null; jurisdiction: 'eu' | 'non_eu' | null }>();
  for (const v of vendors) {
    let top = v;
    const seen = new Set<number>([v.id]);
    while (top.parent_vendor_id != null && byId.has(top.parent_vendor_id) && !seen.has(top.parent_vendor_id)) {
      top = byId.get(top.parent_vendor_id)!;
      seen.add(top.id);
    }
    const country = top.country;
    out.set(v.id, {
      ultimateParentId: top.id,
      ultimateCountry: country,
      jurisdiction: country == null ? null : EU_EEA_COUNTRIES.has(country) ? 'eu' : 'non_eu',
    });
  }
  return out;
}

/** Recomputes the derived ownership columns; returns how many vendors changed. */
export async function refreshOwnership(db: Db): Promise<number> {
  const all = await db.selectFrom('vendors').select(['id', 'parent_vendor_id', 'country', 'ultimate_parent_id', 'ultimate_country', 'jurisdiction']).execute();
  const derived = deriveOwnership(all);
  let changed = 0;
  for (const v of all) {
    const d = derived.get(v.id)!;
    if (v.ultimate_parent_id === d.ultimateParentId && v.ultimate_country === d.ultimateCountry && v.jurisdiction === d.jurisdiction) continue;
    await db
      .updateTable('vendors')
      .set({ ultimate_parent_id: d.ultimateParentId, ultimate_country: d.ultimateCountry, jurisdiction: d.jurisdiction })
      .where('id', '=', v.id)
      .execute();
    changed++;
  }
  return changed;
}

export interface ResolvedVendor {
  id: number;
  created: boolean;
}

/**
 * Resolves party names from a file to vendors: by CVR first, then by normalised name or alias.
 * Unknown parties are created as unverified vendors (and listed by `created`) so an
 * administrator can merge them later. One resolver serves one transaction.
 */
export class VendorResolver {
  private readonly byCvr = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  readonly created: { id: number; name: string; cvr: string | null }[] = [];

  private constructor(private readonly db: Db) {}

  static async load(db: Db): Promise<VendorResolver> {
    const r = new VendorResolver(db);
    for (const v of await db.selectFrom('vendors').select(['id', 'cvr', 'normalized_name']).execute()) {
      if (v.cvr) r.byCvr.set(v.cvr, v.id);
      r.byName.set(v.normalized_name, v.id);
    }
    for (const a of await db.selectFrom('vendor_aliases').select(['vendor_id', 'normalized_alias']).execute()) {
      if (!r.byName.has(a.normalized_alias)) r.byName.set(a.normalized_alias, a.vendor_id);
    }
    return r;
  }

  /** Raw spelling → vendor, so a name repeated on every row is normalised once. */
  private readonly byRawName = new Map<string, number>();

  /** The vendor already known for a party (CVR first, then name or alias), without touching the database. */
  lookup(party: PartyRef): number | undefined {
    if (party.cvr) {
      const byCvr = this.byCvr.get(party.cvr);
      if (byCvr != null) return byCvr;
    }
    const raw = this.byRawName.get(party.name);
    if (raw != null) return raw;
    const id = this.byName.get(normalizeVendorName(party.name));
    if (id != null) this.byRawName.set(party.name, id);
    return id;
  }

  async resolve(party: PartyRef): Promise<ResolvedVendor> {
    const known = this.lookup(party);
    if (known != null) return { id: known, created: false };
    const key = normalizeVendorName(party.name);
    const now = nowIso();
    // A CVR number makes it a Danish entity; without one the country stays unknown (scores worst).
    const country = party.cvr ? 'DK' : null;
    const row = await this.db
      .insertInto('vendors')
      .values({
        key: null,
        name: party.name.trim(),
        normalized_name: key,
        cvr: party.cvr,
        country,
        kind: 'company',
        source: 'import',
        verified: 0,
        notes: null,
        created_at: now,
        updated_at: now,
      })
      // Another import may have committed the same vendor since this resolver was loaded (see
      // shared-rows-lock.ts): then the existing row is used.
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) {
      const id = await this.existing(key, party.cvr);
      this.byName.set(key, id);
      if (party.cvr) this.byCvr.set(party.cvr, id);
      return { id, created: false };
    }
    // A new vendor is its own ultimate parent until an administrator links it.
    await this.db
      .updateTable('vendors')
      .set({ ultimate_parent_id: row.id, ultimate_country: country, jurisdiction: country ? 'eu' : null })
      .where('id', '=', row.id)
      .execute();
    this.byName.set(key, row.id);
    if (party.cvr) this.byCvr.set(party.cvr, row.id);
    this.created.push({ id: row.id, name: party.name.trim(), cvr: party.cvr });
    return { id: row.id, created: true };
  }

  /** The vendor an insert collided with: by CVR, else by normalised name. */
  private async existing(normalizedName: string, cvr: string | null): Promise<number> {
    const byCvr = cvr ? await this.db.selectFrom('vendors').select('id').where('cvr', '=', cvr).executeTakeFirst() : undefined;
    return (byCvr ?? (await this.db.selectFrom('vendors').select('id').where('normalized_name', '=', normalizedName).executeTakeFirstOrThrow())).id;
  }
}
