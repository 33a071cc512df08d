import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import type { Database } from '../../server/src/db/schema.ts';
import { ReferenceDataError } from '../../server/src/errors.ts';
import { isValidCvr } from '../../server/src/domain/cvr.ts';
import { PUBLIC_MODERATION_STATES } from '../../server/src/domain/vocabulary.ts';
import { candidateInputCoverage, MIN_KNOWN_INPUTS, publishable } from '../../server/src/reference/candidate-inputs.ts';
import { loadReferenceData, REFERENCE_DIR } from '../../server/src/reference/load-reference.ts';
import { alternativeFactRow, PLACEHOLDER_NAME } from '../../server/src/reference/schemas.ts';
import { readCsv } from '../../server/src/reference/read-csv.ts';
import { VendorResolver } from '../../server/src/repositories/vendors.repository.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

const TABLES = ['municipalities', 'categories', 'vocabulary_terms', 'vendors', 'vendor_aliases', 'products', 'product_aliases', 'product_dependencies', 'alternatives', 'product_alternatives', 'alternative_facts'] as const;

/** Every row of every reference table, in a stable order, for before/after comparison. */
async function dump(db: Kysely<Database>) {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

describe.each(databaseKinds)('reference data on %s', (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await migrateToLatest(t.handle);
  });
  afterEach(async () => t.drop());

  it('loads the catalogue the issue asks for', async () => {
    const result = await loadReferenceData(t.handle.db);
    expect(result.counts.municipalities).toBe(98);
    expect(result.counts.vendors).toBeGreaterThanOrEqual(60);
    expect(result.counts.products).toBeGreaterThanOrEqual(150);
    expect(result.counts.categories).toBeGreaterThan(106);
    expect(result.counts.alternatives).toBeGreaterThan(50);
    const db = t.handle.db;
    const regions = await db.selectFrom('municipalities').select('region').distinct().execute();
    expect(regions).toHaveLength(5);
    // every record carries its source and a verified flag
    expect(await db.selectFrom('vendors').select('id').where('source', 'is', null).execute()).toEqual([]);
    expect(await db.selectFrom('products').select('id').where('source', 'is', null).execute()).toEqual([]);
  });

  it('is idempotent: loading twice changes nothing', async () => {
    const first = await loadReferenceData(t.handle.db);
    expect(first.inserted).toBeGreaterThan(0);
    const before = await dump(t.handle.db);
    const second = await loadReferenceData(t.handle.db);
    expect({ inserted: second.inserted, updated: second.updated }).toEqual({ inserted: 0, updated: 0 });
    expect(await dump(t.handle.db)).toEqual(before);
  });

  it('derives the ultimate parent and its jurisdiction along the ownership chain', async () => {
    await loadReferenceData(t.handle.db);
    const owner = async (key: string) =>
      t.handle.db
        .selectFrom('vendors as v')
        .innerJoin('vendors as top', 'top.id', 'v.ultimate_parent_id')
        .select(['top.key as top', 'v.ultimate_country', 'v.jurisdiction'])
        .where('v.key', '=', key)
        .executeTakeFirstOrThrow();
    expect(await owner('kmd')).toEqual({ top: 'nec-corp', ultimate_country: 'JP', jurisdiction: 'non_eu' });
    expect(await owner('microsoft-danmark')).toEqual({ top: 'microsoft-corp', ultimate_country: 'US', jurisdiction: 'non_eu' });
    expect(await owner('google-denmark')).toEqual({ top: 'alphabet', ultimate_country: 'US', jurisdiction: 'non_eu' });
    expect(await owner('systematic')).toEqual({ top: 'systematic', ultimate_country: 'DK', jurisdiction: 'eu' });
    expect(await owner('kombit')).toMatchObject({ top: 'kl', jurisdiction: 'eu' });
  });

  it('knows the contracting subsidiaries and services behind the names municipalities see, and each vendor\'s role kind', async () => {
    await loadReferenceData(t.handle.db);
    const db = t.handle.db;
    const top = async (name: string) => {
      const resolver = await VendorResolver.load(db, null);
      const id = resolver.lookup({ name, cvr: null });
      if (id == null) return null;
      return db
        .selectFrom('vendors as v')
        .innerJoin('vendors as top', 'top.id', 'v.ultimate_parent_id')
        .select(['v.key', 'top.key as top', 'v.jurisdiction'])
        .where('v.id', '=', id)
        .executeTakeFirstOrThrow();
    };
    expect(await top('Microsoft Ireland Operations Ltd')).toEqual({ key: 'microsoft-ireland', top: 'microsoft-corp', jurisdiction: 'non_eu' });
    expect(await top('Microsoft Danmark ApS')).toMatchObject({ top: 'microsoft-corp' });
    expect(await top('Google Ireland Limited')).toMatchObject({ key: 'google-ireland', top: 'alphabet' });
    expect(await top('Amazon Web Services EMEA SARL')).toMatchObject({ key: 'aws-emea', top: 'amazon-com' });
    expect(await top('Adobe Systems Software Ireland Ltd')).toMatchObject({ key: 'adobe-ireland', top: 'adobe' });
    expect(await top('VMware')).toMatchObject({ top: 'broadcom' });
    expect(await top('Citrix')).toMatchObject({ top: 'cloud-software-group' });
    for (const [service, operator] of [['Microsoft Azure', 'microsoft-corp'], ['Azure', 'microsoft-corp'], ['AWS', 'amazon-com'], ['Google Cloud', 'alphabet'], ['Oracle Cloud', 'oracle-corp'], ['KMD Cloud', 'nec-corp']] as const) {
      expect(await top(service), service).toMatchObject({ top: operator });
    }
    const roles = Object.fromEntries((await db.selectFrom('vendors').select(['key', 'role_kind']).execute()).map((v) => [v.key, v.role_kind]));
    expect(roles).toMatchObject({ 'atea-dk': 'reseller', crayon: 'reseller', softwareone: 'reseller', dustin: 'reseller', insight: 'reseller', 'microsoft-corp': 'rights_holder', kmd: 'rights_holder', netcompany: 'supplier', hetzner: 'operator' });
  });

  it('holds only CVR numbers that pass the CVR rule (modulus 11)', async () => {
    const rows = readFileSync(join(REFERENCE_DIR, 'vendors.csv'), 'utf8').split('\n').slice(1).filter(Boolean);
    const cvrs = rows.map((l) => /^[a-z0-9-]+,(?:"[^"]*"|[^,]*),(\d*),/.exec(l)?.[1] ?? '').filter(Boolean);
    expect(cvrs.length).toBeGreaterThanOrEqual(15);
    expect(cvrs.filter((c) => !isValidCvr(c))).toEqual([]);
  });

  it('refuses a placeholder CVR in the reference data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-ref-'));
    cpSync(REFERENCE_DIR, dir, { recursive: true });
    const file = join(dir, 'vendors.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const kmd = lines.findIndex((l) => l.startsWith('kmd,'));
    lines[kmd] = lines[kmd]!.replace('26911745', '26911746');
    writeFileSync(file, lines.join('\n'));
    const error = await loadReferenceData(t.handle.db, dir).catch((e: unknown) => e);
    expect((error as ReferenceDataError).errors).toContainEqual(expect.objectContaining({ file: 'vendors.csv', line: kmd + 1, column: 'cvr', value: '26911746' }));
  });

  it('maps every product in alternatives.csv, keeps the `?` of a row as its verified flag and publishes by the publishable rule', async () => {
    await loadReferenceData(t.handle.db);
    const db = t.handle.db;
    const grommunio = await db.selectFrom('alternatives').selectAll().where('key', '=', 'grommunio').executeTakeFirstOrThrow();
    // alternatives.csv says AGPL-3.0-only; the sourced fact (Alpine's gromox package, verified) wins, and with
    // its content and candidate inputs sourced the entry is published although the csv row had a `?`
    expect(grommunio).toMatchObject({ verified: 0, moderation_state: 'published', spdx_license: 'AGPL-3.0-or-later', license_verified: 1 });
    const ox = await db.selectFrom('alternatives').selectAll().where('key', '=', 'ox-app-suite-open-xchange').executeTakeFirstOrThrow();
    expect(ox).toMatchObject({ spdx_license: null, license_verified: 0, moderation_state: 'unverified' });
    const exchangeAlternatives = await db
      .selectFrom('product_alternatives as pa')
      .innerJoin('products as p', 'p.id', 'pa.product_id')
      .innerJoin('alternatives as a', 'a.id', 'pa.alternative_id')
      .select('a.name')
      .where('p.name', '=', 'Microsoft Exchange Server / Exchange Online')
      .execute();
    expect(exchangeAlternatives.map((a) => a.name).sort()).toEqual(['OX App Suite (Open-Xchange)', 'grommunio']);
  });

  it('never publishes a placeholder as an alternative, and names the skipped placeholders', async () => {
    const db = t.handle.db;
    // A database loaded before #14 published the placeholders: the load takes them out again.
    await db
      .insertInto('alternatives')
      .values({ key: 'n-a-municipality-owned-not-osi-licensed', name: '(n/a - municipality-owned, not OSI-licensed)', platforms: '[]', categories: '["esdh"]', license_verified: 0, moderation_state: 'published', source: 'data/reference/alternatives.csv — compiled by the handlefrihed OSS-catalogue research (research/oss-catalogues.md)', verified: 1, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' })
      .execute();
    const result = await loadReferenceData(db);
    expect(result.skippedPlaceholders).toEqual(['(n/a - municipality-owned, not OSI-licensed)', '(none known, OSI-licensed)']);
    const published = await db.selectFrom('alternatives').select(['key', 'name']).where('moderation_state', 'in', [...PUBLIC_MODERATION_STATES]).execute();
    expect(published.length).toBeGreaterThan(100);
    expect(published.filter((a) => PLACEHOLDER_NAME.test(a.name))).toEqual([]);
    expect(await db.selectFrom('alternatives').select(['moderation_state']).where('key', '=', 'n-a-municipality-owned-not-osi-licensed').executeTakeFirstOrThrow()).toEqual({ moderation_state: 'rejected' });
    const mapped = await db.selectFrom('product_alternatives as pa').innerJoin('alternatives as a', 'a.id', 'pa.alternative_id').select('a.name').execute();
    expect(mapped.filter((a) => PLACEHOLDER_NAME.test(a.name))).toEqual([]);
  });

  it('fills the catalogue from alternative-facts.csv and creates the alternatives only the facts name', async () => {
    const result = await loadReferenceData(t.handle.db);
    const db = t.handle.db;
    const facts = readCsv(join(REFERENCE_DIR, 'alternative-facts.csv'), alternativeFactRow);
    expect(result.counts.facts).toBe(facts.length);
    // every key of the facts file is an alternative, named as its name fact says
    const rows = await db.selectFrom('alternatives').selectAll().execute();
    const byKey = new Map(rows.map((a) => [a.key, a]));
    const factKeys = [...new Set(facts.map((f) => f.alternative_key))];
    expect(factKeys.filter((k) => !byKey.has(k))).toEqual([]);
    // each single-valued fact the table has a column for is stored as the file states it
    const column = { description_da: 'description_da', description_en: 'description_en', spdx_license: 'spdx_license', development_status: 'development_status', maintenance_type: 'maintenance_type', repository_url: 'repository_url', homepage_url: 'url', software_type: 'software_type' } as const;
    const wrong = facts
      .filter((f): f is typeof f & { fact: keyof typeof column } => f.fact in column)
      .filter((f) => byKey.get(f.alternative_key)![column[f.fact]] !== f.value)
      .map((f) => `${f.alternative_key}.${f.fact}`);
    expect(wrong).toEqual([]);
    // list facts: platforms and languages, as sorted JSON lists
    const list = (key: string, fact: string) => [...new Set(facts.filter((f) => f.alternative_key === key && f.fact === fact).map((f) => f.value))].sort();
    for (const key of factKeys) {
      const a = byKey.get(key)!;
      if (list(key, 'platform').length) expect(JSON.parse(a.platforms), key).toEqual(list(key, 'platform'));
      const languages = list(key, 'available_language');
      expect(a.available_languages == null ? null : JSON.parse(a.available_languages), key).toEqual(languages.length ? languages : null);
    }
    // an alternative that only the facts file knows
    expect(byKey.get('sogo')).toMatchObject({ name: 'SOGo', repository_url: 'https://github.com/Alinto/sogo', spdx_license: 'GPL-2.0-or-later OR LGPL-2.1-or-later', license_verified: 1, development_status: 'stable', moderation_state: 'published', source: expect.stringContaining('alternative-facts.csv') });
    expect(byKey.get('libreoffice-writer')).toMatchObject({ development_status: 'stable', maintenance_type: 'community', repository_url: 'https://git.libreoffice.org/core', available_languages: '["da","en"]', platforms: '["linux","mac","windows"]' });
    expect(byKey.get('libreoffice-writer')!.description_da).toMatch(/ODF/);
  });

  it('stores every fact of alternative-facts.csv with its source, date, verified flag, qualifiers and note, and keeps them in step with the file', async () => {
    await loadReferenceData(t.handle.db);
    const db = t.handle.db;
    const facts = readCsv(join(REFERENCE_DIR, 'alternative-facts.csv'), alternativeFactRow);
    const stored = await db
      .selectFrom('alternative_facts as f')
      .innerJoin('alternatives as a', 'a.id', 'f.alternative_id')
      .select(['a.key', 'f.fact', 'f.value', 'f.qualifiers', 'f.source', 'f.source_date', 'f.verified', 'f.note'])
      .execute();
    const line = (key: string, fact: string, value: string, qualifiers: Record<string, string>, source: string, date: string, verified: boolean, note: string | null) =>
      JSON.stringify([key, fact, value, Object.fromEntries(Object.entries(qualifiers).sort()), source, date, verified, note]);
    expect(stored.map((r) => line(r.key, r.fact, r.value, JSON.parse(r.qualifiers), r.source, r.source_date, r.verified === 1, r.note)).sort()).toEqual(
      facts.map((f) => line(f.alternative_key, f.fact, f.value, f.qualifiers, f.source_url, f.source_date, f.verified, f.note)).sort(),
    );
    // a Danish supplier keeps its CVR and roles as qualifiers
    const magenta = stored.find((r) => r.fact === 'supplier' && JSON.parse(r.qualifiers).cvr === '25052943');
    expect(magenta && JSON.parse(magenta.qualifiers)).toMatchObject({ country: 'DK', cvr: '25052943' });

    // the file changes: a fact is dropped, one changes its source, one is added — the next load follows, once
    const dir = mkdtempSync(join(tmpdir(), 'hf-ref-'));
    cpSync(REFERENCE_DIR, dir, { recursive: true });
    const file = join(dir, 'alternative-facts.csv');
    const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
    const platformRow = rows.findIndex((r) => r.startsWith('libreoffice-writer,platform,linux,'));
    const licenceRow = rows.findIndex((r) => r.startsWith('sogo,spdx_license,'));
    expect([platformRow, licenceRow].every((i) => i >= 0)).toBe(true);
    const relicensed = rows[licenceRow]!.replace(/,https?:\/\/[^,]+,/, ',https://example.org/sogo-licence,');
    const kept = rows.filter((_, i) => i !== platformRow && i !== licenceRow);
    writeFileSync(file, [header, ...kept, relicensed, 'sogo,export_format,LDIF,,https://example.org/sogo-ldif,2026-12-07,false,test row', ''].join('\n'));
    const changed = await loadReferenceData(db, dir);
    expect(changed.inserted).toBe(1);
    const factsOf = async (key: string, fact: string) =>
      db.selectFrom('alternative_facts as f').innerJoin('alternatives as a', 'a.id', 'f.alternative_id').select(['f.value', 'f.source']).where('a.key', '=', key).where('f.fact', '=', fact).orderBy('f.value').execute();
    expect((await factsOf('libreoffice-writer', 'platform')).map((f) => f.value)).not.toContain('linux');
    expect(await factsOf('sogo', 'spdx_license')).toEqual([{ value: expect.any(String), source: 'https://example.org/sogo-licence' }]);
    expect(await factsOf('sogo', 'export_format')).toContainEqual({ value: 'LDIF', source: 'https://example.org/sogo-ldif' });
    const again = await loadReferenceData(db, dir);
    expect({ inserted: again.inserted, updated: again.updated }).toEqual({ inserted: 0, updated: 0 });
  });

  /** Every public reference alternative with its stored facts (parsed qualifiers). */
  async function referenceAlternatives(db: Kysely<Database>) {
    const rows = await db.selectFrom('alternatives').selectAll().where('moderation_state', 'in', [...PUBLIC_MODERATION_STATES]).orderBy('key').execute();
    const facts = await db.selectFrom('alternative_facts').select(['alternative_id', 'fact', 'value', 'qualifiers', 'verified']).execute();
    return rows.map((a) => ({
      ...a,
      facts: facts.filter((f) => f.alternative_id === a.id).map((f) => ({ fact: f.fact, value: f.value, qualifiers: JSON.parse(f.qualifiers) as Record<string, string>, verified: f.verified === 1 })),
    }));
  }
  const contentOf = (a: { description_da: string | null; description_en: string | null; spdx_license: string | null; development_status: string | null; maintenance_type: string | null; repository_url: string | null }) => ({
    descriptionDa: a.description_da, descriptionEn: a.description_en, spdxLicense: a.spdx_license, developmentStatus: a.development_status, maintenanceType: a.maintenance_type, repositoryUrl: a.repository_url,
  });

  it('publishes an alternative only with its content and at least 8 of the 9 candidate inputs; the others stay public as unverified, with what they lack', async () => {
    const result = await loadReferenceData(t.handle.db);
    const alternatives = await referenceAlternatives(t.handle.db);
    const published = alternatives.filter((a) => a.moderation_state === 'published');
    expect(published.length).toBeGreaterThan(0);
    // Read from the stored columns and facts (not the loader's verdict), so a loader that publishes too much fails here.
    const lacking = published.flatMap((a) => {
      const missing: string[] = [];
      for (const [column, value] of Object.entries(contentOf(a))) if (!value?.trim()) missing.push(column);
      const coverage = candidateInputCoverage(a.facts);
      if (coverage.known.length < MIN_KNOWN_INPUTS) missing.push(`candidate inputs ${coverage.known.length}/9 (missing ${coverage.missing.map((i) => i.id).join(', ')})`);
      if (a.facts.some((f) => f.fact === 'name' && !f.verified)) missing.push('verified name');
      return missing.length ? [`${a.name} (${a.key}): ${missing.join('; ')}`] : [];
    });
    expect(lacking, `published alternatives lacking required content:\n${lacking.join('\n')}`).toEqual([]);
    // Every unverified reference alternative is one the rule refuses, and its note names what it lacks.
    const unverified = alternatives.filter((a) => a.moderation_state === 'unverified');
    for (const a of unverified) {
      const verdict = publishable(contentOf(a), a.facts);
      expect(verdict.publishable, a.key).toBe(false);
      expect(a.moderation_note, a.key).toContain(verdict.missing[0]!.label.en);
    }
    expect(published.every((a) => a.moderation_note === null)).toBe(true);
    expect(result.publication).toMatchObject({ published: published.length, unverified: unverified.length });
    expect(result.publication.coverage.reduce((x, y) => x + y, 0)).toBe(published.length + unverified.length);
  });

  it('demotes a published alternative that no longer qualifies, with a note naming what it lacks', async () => {
    const db = t.handle.db;
    await loadReferenceData(db);
    const before = (await referenceAlternatives(db)).find((a) => a.moderation_state === 'published' && a.facts.some((f) => f.fact === 'description_da'));
    expect(before).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'hf-ref-'));
    cpSync(REFERENCE_DIR, dir, { recursive: true });
    const file = join(dir, 'alternative-facts.csv');
    const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
    // Its Danish description and every deployment row go: content and candidate inputs both lack something.
    const kept = rows.filter((r) => !r.startsWith(`${before!.key},description_da,`) && !r.startsWith(`${before!.key},deployment,`) && !r.startsWith(`${before!.key},api_standard,`));
    writeFileSync(file, [header, ...kept, ''].join('\n'));
    await loadReferenceData(db, dir);
    const after = await db.selectFrom('alternatives').select(['moderation_state', 'moderation_note', 'description_da']).where('key', '=', before!.key).executeTakeFirstOrThrow();
    expect(after.moderation_state).toBe('unverified');
    expect(after.moderation_note).toContain('Danish description');
    expect(after.moderation_note).toContain('deployment options');
    // and the original file publishes it again
    await loadReferenceData(db);
    expect(await db.selectFrom('alternatives').select(['moderation_state', 'moderation_note']).where('key', '=', before!.key).executeTakeFirstOrThrow()).toEqual({ moderation_state: 'published', moderation_note: null });
  });

  it('has at least 150 published alternatives', async () => {
    const result = await loadReferenceData(t.handle.db);
    expect(result.publication.published, `published ${result.publication.published}, unverified ${result.publication.unverified}; candidate inputs known (index = of 9): ${result.publication.coverage.join(', ')}`).toBeGreaterThanOrEqual(150);
  });

  it('refuses a fact about an alternative that nothing names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-ref-'));
    cpSync(REFERENCE_DIR, dir, { recursive: true });
    const file = join(dir, 'alternative-facts.csv');
    writeFileSync(file, `${readFileSync(file, 'utf8').trimEnd()}\nno-such-product,platform,web,,https://example.org/x,2026-12-07,false,\n`);
    const error = await loadReferenceData(t.handle.db, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReferenceDataError);
    expect((error as Error).message).toContain('no-such-product');
    expect(await t.handle.db.selectFrom('alternatives').select('id').execute()).toEqual([]);
  });

  it('refuses a broken file with its name, line and column, and loads nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-ref-'));
    cpSync(REFERENCE_DIR, dir, { recursive: true });
    const file = join(dir, 'vendors.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const kmd = lines.findIndex((l) => l.startsWith('kmd,'));
    lines[kmd] = lines[kmd]!.replace('26911745', '1234'); // a CVR with four digits
    writeFileSync(file, lines.join('\n'));
    const error = await loadReferenceData(t.handle.db, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReferenceDataError);
    expect((error as ReferenceDataError).errors).toContainEqual(
      expect.objectContaining({ file: 'vendors.csv', line: kmd + 1, column: 'cvr', value: '1234' }),
    );
    expect(await t.handle.db.selectFrom('municipalities').select('code').execute()).toEqual([]);
  });
});
