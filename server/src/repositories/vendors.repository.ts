// Vendors: legal entities with their ownership chain. The ultimate parent and its jurisdiction
// are derived and stored, so scoring and dashboards read them without walking the chain.
import { isValidCvr } from '../domain/cvr.ts';
import { normalizeVendorName } from '../domain/names.ts';
import type { PartyRef } from '../domain/inventory.ts';
import { EU_EEA_COUNTRIES, type VendorKind, type VendorRoleKind } from '../domain/vocabulary.ts';
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
  roleKind: VendorRoleKind | null;
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
      role_kind: v.roleKind,
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

/** A vendor an import created, as the import report lists it. */
export interface CreatedVendor {
  id: number;
  name: string;
  cvr: string | null;
  /** The municipality it is local to (null: the shared catalogue, demo data only). */
  localTo: number | null;
}

/** A party whose name and valid CVR point to different known vendors: matched to neither. */
export interface VendorConflict {
  party: PartyRef;
  /** The vendor the CVR belongs to; null when the named vendor is known under another CVR. */
  byCvr: { id: number; name: string } | null;
  byName: { id: number; name: string; cvr: string | null };
}

interface KnownVendor {
  name: string;
  cvr: string | null;
  top: number | null;
}

/**
 * The matching key of a local vendor made for a name/CVR disagreement: no file name normalises
 * to it (normalisation drops parentheses), so only the same name with the same CVR finds it again.
 */
const conflictKey = (name: string, cvr: string) => `${normalizeVendorName(name)} (cvr ${cvr})`;

/**
 * Resolves party names from a file to vendors, for one municipality's import: by valid CVR
 * first, then by normalised name or alias, over the shared catalogue and the vendors local to
 * that municipality (shared names win). Only a valid CVR (domain/cvr.ts) is matched on. When the
 * name and the CVR point to different known vendors outside one group, neither is taken: the
 * party becomes a local vendor of its own and `conflict()` says why. Unknown parties are created
 * unverified and local to the municipality (shared for demo data), listed by `created`, for a
 * moderator to adopt or merge. One resolver serves one transaction.
 */
export class VendorResolver {
  private readonly byCvr = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  /** This municipality's local vendors by normalised name (conflict vendors by conflictKey). */
  private readonly local = new Map<string, number>();
  private readonly known = new Map<number, KnownVendor>();
  readonly created: CreatedVendor[] = [];

  private constructor(
    private readonly db: Db,
    /** Whose local vendors are visible and matchable (null: the shared catalogue only). */
    private readonly municipalityCode: number | null,
    /** Where new vendors go: local to the municipality, or (demo data) shared. */
    private readonly createLocal: boolean,
    /** Vendors this resolver creates are fictitious demo rows (source 'demo'). */
    private readonly demo: boolean = false,
  ) {}

  static async load(db: Db, municipalityCode: number | null, options: { createLocal?: boolean; demo?: boolean } = {}): Promise<VendorResolver> {
    const r = new VendorResolver(db, municipalityCode, municipalityCode != null && (options.createLocal ?? true), options.demo ?? false);
    const rows = await db
      .selectFrom('vendors')
      .select(['id', 'name', 'cvr', 'normalized_name', 'ultimate_parent_id', 'local_to_municipality'])
      .where((eb) => (municipalityCode == null ? eb('local_to_municipality', 'is', null) : eb.or([eb('local_to_municipality', 'is', null), eb('local_to_municipality', '=', municipalityCode)])))
      .orderBy('id')
      .execute();
    for (const v of rows) {
      r.known.set(v.id, { name: v.name, cvr: v.cvr && isValidCvr(v.cvr) ? v.cvr : null, top: v.ultimate_parent_id });
      if (v.local_to_municipality != null) {
        r.local.set(v.normalized_name, v.id);
        continue;
      }
      if (v.cvr && isValidCvr(v.cvr)) r.byCvr.set(v.cvr, v.id);
      r.byName.set(v.normalized_name, v.id);
    }
    for (const v of rows) if (v.local_to_municipality != null && v.cvr && isValidCvr(v.cvr) && !r.byCvr.has(v.cvr)) r.byCvr.set(v.cvr, v.id);
    for (const a of await db.selectFrom('vendor_aliases').select(['vendor_id', 'normalized_alias']).execute()) {
      if (!r.byName.has(a.normalized_alias) && r.known.has(a.vendor_id)) r.byName.set(a.normalized_alias, a.vendor_id);
    }
    return r;
  }

  /** Raw spelling → vendor, so a name repeated on every row is normalised once (found names only). */
  private readonly byRawName = new Map<string, number>();

  private byNameOf(name: string): number | undefined {
    const raw = this.byRawName.get(name);
    if (raw !== undefined) return raw;
    const key = normalizeVendorName(name);
    const id = this.byName.get(key) ?? this.local.get(key);
    if (id != null) this.byRawName.set(name, id);
    return id;
  }

  /** The CVR a party may be matched on: only a valid one (the parsers already keep others as written). */
  private static cvrOf(party: PartyRef): string | null {
    return party.cvr && isValidCvr(party.cvr) ? party.cvr : null;
  }

  /** The two vendors a party's name and CVR point to, when they disagree (different vendors, not one group). */
  conflict(party: PartyRef): VendorConflict | null {
    const cvr = VendorResolver.cvrOf(party);
    if (!cvr) return null;
    const byName = this.byNameOf(party.name);
    if (byName == null) return null;
    const named = this.known.get(byName)!;
    const byCvr = this.byCvr.get(cvr);
    if (byCvr == null) {
      // The name is known under another valid CVR: the file and the catalogue disagree.
      return named.cvr && named.cvr !== cvr ? { party, byCvr: null, byName: { id: byName, name: named.name, cvr: named.cvr } } : null;
    }
    if (byCvr === byName) return null;
    const numbered = this.known.get(byCvr)!;
    // "Microsoft" with Microsoft Danmark's CVR names one group: the CVR's legal entity is meant.
    if (numbered.top != null && numbered.top === named.top) return null;
    return { party, byCvr: { id: byCvr, name: numbered.name }, byName: { id: byName, name: named.name, cvr: named.cvr } };
  }

  /** The vendor already known for a party (CVR first, then name or alias), without touching the database. */
  lookup(party: PartyRef): number | undefined {
    const cvr = VendorResolver.cvrOf(party);
    if (!cvr) return this.byNameOf(party.name);
    if (this.conflict(party)) return this.local.get(conflictKey(party.name, cvr));
    return this.byCvr.get(cvr) ?? this.byNameOf(party.name);
  }

  async resolve(party: PartyRef): Promise<ResolvedVendor> {
    const known = this.lookup(party);
    if (known != null) return { id: known, created: false };
    const cvr = VendorResolver.cvrOf(party);
    const conflict = this.conflict(party);
    const name = party.name.trim();
    const key = conflict ? conflictKey(name, cvr!) : normalizeVendorName(name);
    const localTo = this.createLocal ? this.municipalityCode : null;
    const now = nowIso();
    // A valid CVR makes it a Danish entity; without one the country stays unknown (scores worst).
    const country = cvr && !conflict ? 'DK' : null;
    const row = await this.db
      .insertInto('vendors')
      .values({
        key: null,
        name,
        normalized_name: key,
        // A conflicting CVR belongs to another vendor: it is kept as written, not as identity.
        cvr: conflict ? null : cvr,
        cvr_as_written: conflict ? cvr : (party.cvr_as_written ?? null),
        country,
        kind: 'company',
        role_kind: null,
        local_to_municipality: localTo,
        source: this.demo ? 'demo' : 'import',
        verified: 0,
        notes: createdNotes(party, conflict),
        created_at: now,
        updated_at: now,
      })
      // Another import may have committed the same vendor since this resolver was loaded (see
      // shared-rows-lock.ts): then the existing row is used.
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    const id = row?.id ?? (await this.existing(key, conflict ? null : cvr, localTo));
    this.known.set(id, { name, cvr: conflict ? null : cvr, top: id });
    if (localTo != null || conflict) this.local.set(key, id);
    else this.byName.set(key, id);
    if (cvr && !conflict) this.byCvr.set(cvr, id);
    if (!row) return { id, created: false };
    // A new vendor is its own ultimate parent until an administrator links it.
    await this.db
      .updateTable('vendors')
      .set({ ultimate_parent_id: row.id, ultimate_country: country, jurisdiction: country ? 'eu' : null })
      .where('id', '=', row.id)
      .execute();
    this.created.push({ id: row.id, name, cvr: conflict ? null : cvr, localTo });
    return { id: row.id, created: true };
  }

  /** The vendor an insert collided with: by CVR, else by normalised name, in the same scope. */
  private async existing(normalizedName: string, cvr: string | null, localTo: number | null): Promise<number> {
    const scoped = () => {
      const q = this.db.selectFrom('vendors').select('id');
      return localTo == null ? q.where('local_to_municipality', 'is', null) : q.where('local_to_municipality', '=', localTo);
    };
    const byCvr = cvr ? await scoped().where('cvr', '=', cvr).executeTakeFirst() : undefined;
    return (byCvr ?? (await scoped().where('normalized_name', '=', normalizedName).executeTakeFirstOrThrow())).id;
  }
}

/** What a created vendor's notes say about the file's own words (Danish, then English). */
function createdNotes(party: PartyRef, conflict: VendorConflict | null): string | null {
  const notes: string[] = [];
  if (conflict) {
    const m = conflictMessage(conflict);
    notes.push(`${m.da} / ${m.en}`);
  }
  if (party.cvr_as_written) notes.push(`CVR som skrevet i filen: ${party.cvr_as_written} (ikke et gyldigt CVR-nummer). / CVR as written in the file: ${party.cvr_as_written} (not a valid CVR number).`);
  if (party.hint) notes.push(`Landeangivelse i filen: ${party.hint}. / Country given in the file: ${party.hint}.`);
  return notes.length ? notes.join('\n') : null;
}

/** Why a party was matched to neither vendor (the import warning and the vendor's notes). */
export function conflictMessage(c: VendorConflict): { da: string; en: string } {
  const cvr = c.party.cvr;
  const named = c.byName.name;
  if (!c.byCvr) {
    return {
      da: `Navnet "${c.party.name}" er leverandøren ${named} med CVR ${c.byName.cvr}, men filen angiver CVR ${cvr}; intet match, en ny lokal leverandør oprettes til en it-arkitekts afgørelse (flet eller godkend).`,
      en: `The name "${c.party.name}" is the vendor ${named} with CVR ${c.byName.cvr}, but the file gives CVR ${cvr}; no match, a new local vendor is created for an IT architect to decide (merge or adopt).`,
    };
  }
  return {
    da: `Navnet "${c.party.name}" peger på ${named}, men CVR ${cvr} tilhører ${c.byCvr.name}; intet match, en ny lokal leverandør oprettes til en it-arkitekts afgørelse (flet eller godkend).`,
    en: `The name "${c.party.name}" points to ${named}, but CVR ${cvr} belongs to ${c.byCvr.name}; no match, a new local vendor is created for an IT architect to decide (merge or adopt).`,
  };
}
