// The open-source catalogue and its mapping onto proprietary products.
import type { MigrationEffort, ModerationState } from '../domain/vocabulary.ts';
import { ReferenceDataError } from '../errors.ts';
import { type Db, flag } from './db-types.ts';
import type { PubliccodeDescriptions } from '../reference/publiccode-description.ts';
import { upsertByKey } from './upsert-by-key.ts';

export interface ReferenceAlternative {
  key: string;
  name: string;
  url: string | null;
  spdxLicense: string | null;
  licenseVerified: boolean;
  categories: string[];
  descriptionDa: string | null;
  descriptionEn: string | null;
  repositoryUrl: string | null;
  softwareType: string | null;
  developmentStatus: string | null;
  maintenanceType: string | null;
  platforms: string[];
  /** BCP 47 tags; null: unknown (the publiccode.yml export then names it as missing). */
  availableLanguages: string[] | null;
  /** publiccode.yml's localisation.localisationReady; null/absent: unknown (the export names it as missing). */
  localisationReady?: boolean | null;
  /** publiccode.yml description blocks by language, derived from the facts; null/absent: none. */
  publiccodeDescription?: PubliccodeDescriptions | null;
  moderationState: ModerationState;
  /** Why a reference entry is not published (what it lacks); null when it is. */
  moderationNote: string | null;
  source: string;
  verified: boolean;
  notes: string | null;
}

export interface ReferenceMapping {
  productId: number;
  alternativeKey: string;
  fitNotes: string | null;
  migrationEffort: MigrationEffort | null;
  source: string;
  verified: boolean;
}

export async function upsertReferenceAlternatives(
  db: Db,
  alternatives: ReferenceAlternative[],
  mappings: ReferenceMapping[],
): Promise<{ inserted: number; updated: number }> {
  const alts = await upsertByKey<string>(
    db,
    'alternatives',
    'key',
    alternatives.map((a) => ({
      key: a.key,
      name: a.name,
      url: a.url,
      spdx_license: a.spdxLicense,
      license_verified: flag(a.licenseVerified),
      categories: JSON.stringify(a.categories),
      platforms: JSON.stringify(a.platforms),
      description_da: a.descriptionDa,
      description_en: a.descriptionEn,
      repository_url: a.repositoryUrl,
      software_type: a.softwareType,
      development_status: a.developmentStatus,
      maintenance_type: a.maintenanceType,
      available_languages: a.availableLanguages ? JSON.stringify(a.availableLanguages) : null,
      localisation_ready: a.localisationReady == null ? null : flag(a.localisationReady),
      publiccode_description: a.publiccodeDescription && Object.keys(a.publiccodeDescription).length ? JSON.stringify(a.publiccodeDescription) : null,
      moderation_state: a.moderationState,
      moderation_note: a.moderationNote,
      source: a.source,
      verified: flag(a.verified),
      notes: a.notes,
    })),
    { timestamps: true },
  );
  const existing = new Map(
    (await db.selectFrom('product_alternatives').selectAll().execute()).map((m) => [`${m.product_id}:${m.alternative_id}`, m]),
  );
  let inserted = 0;
  let updated = 0;
  for (const m of mappings) {
    const row = {
      product_id: m.productId,
      alternative_id: alts.ids.get(m.alternativeKey)!,
      fit_notes: m.fitNotes,
      migration_effort: m.migrationEffort,
      source: m.source,
      verified: flag(m.verified),
    };
    const old = existing.get(`${row.product_id}:${row.alternative_id}`);
    if (!old) {
      await db.insertInto('product_alternatives').values(row).execute();
      inserted++;
    } else if (old.fit_notes !== row.fit_notes || old.migration_effort !== row.migration_effort || old.source !== row.source || old.verified !== row.verified) {
      await db
        .updateTable('product_alternatives')
        .set(row)
        .where('product_id', '=', row.product_id)
        .where('alternative_id', '=', row.alternative_id)
        .execute();
      updated++;
    }
  }
  return { inserted: alts.inserted + inserted, updated: alts.updated + updated };
}

/**
 * Takes reference entries that must no longer be shown (placeholders an older load published) out
 * of the public catalogue: `rejected`, with the reason as moderation note. Rows already withdrawn,
 * and rows that did not come from `source`, are left alone, so a second load changes nothing.
 */
export async function withdrawReferenceAlternatives(db: Db, keys: string[], source: string, note: string): Promise<{ inserted: number; updated: number }> {
  if (!keys.length) return { inserted: 0, updated: 0 };
  const result = await db
    .updateTable('alternatives')
    .set({ moderation_state: 'rejected', moderation_note: note })
    .where('key', 'in', keys)
    .where('source', '=', source)
    .where('moderation_state', '!=', 'rejected')
    .executeTakeFirst();
  return { inserted: 0, updated: Number(result.numUpdatedRows) };
}

/** One sourced fact about a reference alternative (a row of alternative-facts.csv). */
export interface ReferenceAlternativeFact {
  alternativeKey: string;
  fact: string;
  value: string;
  qualifiers: Record<string, string>;
  source: string;
  sourceDate: string;
  verified: boolean;
  note: string | null;
}

/** Qualifiers as stored: a JSON object with its keys sorted, so an unchanged fact compares equal. */
function qualifiersJson(q: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(q).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * Makes `alternative_facts` hold exactly the given facts for the alternatives they name
 * (matched by key): inserts new facts, updates a fact whose source, date, verified flag,
 * qualifiers or note changed, and deletes a fact of those alternatives that the file no longer
 * states (counted as updated). Facts of alternatives the file does not name are left alone.
 * Idempotent: unchanged facts are not written.
 */
export async function syncReferenceAlternativeFacts(db: Db, facts: ReferenceAlternativeFact[]): Promise<{ inserted: number; updated: number }> {
  const keys = [...new Set(facts.map((f) => f.alternativeKey))];
  if (!keys.length) return { inserted: 0, updated: 0 };
  const ids = new Map((await db.selectFrom('alternatives').select(['id', 'key']).where('key', 'in', keys).execute()).map((a) => [a.key, a.id]));
  const missing = keys.filter((k) => !ids.has(k));
  if (missing.length) throw new ReferenceDataError(`Facts about alternatives the catalogue lacks: ${missing.join(', ')}`);
  const id = (key: string) => ids.get(key)!;
  const slot = (alternativeId: number, fact: string, value: string) => `${alternativeId}\u0000${fact}\u0000${value}`;
  const existing = new Map(
    (await db.selectFrom('alternative_facts').selectAll().where('alternative_id', 'in', [...ids.values()]).execute()).map((r) => [slot(r.alternative_id, r.fact, r.value), r]),
  );
  let inserted = 0;
  let updated = 0;
  const wanted = new Set<string>();
  for (const f of facts) {
    const row = { alternative_id: id(f.alternativeKey), fact: f.fact, value: f.value, qualifiers: qualifiersJson(f.qualifiers), source: f.source, source_date: f.sourceDate, verified: flag(f.verified), note: f.note };
    const k = slot(row.alternative_id, row.fact, row.value);
    if (wanted.has(k)) continue; // a repeated (alternative, fact, value): the first row wins, as the file's test forbids repeats
    wanted.add(k);
    const old = existing.get(k);
    if (!old) {
      await db.insertInto('alternative_facts').values(row).execute();
      inserted++;
    } else if (old.qualifiers !== row.qualifiers || old.source !== row.source || old.source_date !== row.source_date || old.verified !== row.verified || old.note !== row.note) {
      await db.updateTable('alternative_facts').set(row).where('id', '=', old.id).execute();
      updated++;
    }
  }
  const gone = [...existing].filter(([k]) => !wanted.has(k)).map(([, r]) => r.id);
  for (let i = 0; i < gone.length; i += 500) await db.deleteFrom('alternative_facts').where('id', 'in', gone.slice(i, i + 500)).execute();
  return { inserted, updated: updated + gone.length };
}

/** The stored facts of one alternative, by fact and value. */
export async function factsOfAlternative(db: Db, alternativeId: number) {
  return db
    .selectFrom('alternative_facts')
    .select(['fact', 'value', 'qualifiers', 'source', 'source_date', 'verified', 'note'])
    .where('alternative_id', '=', alternativeId)
    .orderBy('fact')
    .orderBy('value')
    .execute();
}

/** The sourced facts of every alternative (one query), by alternative id, for the model's candidates and AMS. */
export async function sourcedFactsByAlternative(db: Db, ids?: readonly number[]): Promise<Map<number, Array<{ fact: string; value: string; qualifiers: Record<string, string>; verified: boolean; sourceDate: string }>>> {
  const rows = await db
    .selectFrom('alternative_facts')
    .select(['alternative_id', 'fact', 'value', 'qualifiers', 'verified', 'source_date'])
    .$if(ids !== undefined, (q) => q.where('alternative_id', 'in', ids!.length ? [...ids!] : [-1]))
    .orderBy('alternative_id')
    .orderBy('fact')
    .orderBy('value')
    .execute();
  const out = new Map<number, Array<{ fact: string; value: string; qualifiers: Record<string, string>; verified: boolean; sourceDate: string }>>();
  for (const r of rows) {
    const list = out.get(r.alternative_id) ?? [];
    list.push({ fact: r.fact, value: r.value, qualifiers: JSON.parse(r.qualifiers) as Record<string, string>, verified: r.verified === 1, sourceDate: r.source_date });
    out.set(r.alternative_id, list);
  }
  return out;
}
