// `handlefrihed model compare` on a realistic KITOS-shaped inventory (test/fixtures/importers/
// kitos-realistic, fictitious): the two export files import through the import service into a
// real SQLite file without errors, and the comparison of model 1.0 with the selected model says
// what holds by definition: a reseller (Atea) has reach under 1.0 and none under 1.1; direct
// reach never exceeds total reach; the paths listed for Microsoft add up to its reach. The CLI
// prints the same comparison as JSON from the same database file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { loadReferenceData } from '../../server/src/reference/load-reference.ts';
import { defaultModel, model10 } from '../../server/src/scoring/index.ts';
import { importFile, type ImportReport } from '../../server/src/services/import-file.ts';
import { compareModels, type ModelComparison } from '../../server/src/services/model-compare.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';

const CODE = 607;
const fixture = (name: string) => join(process.cwd(), 'test/fixtures/importers/kitos-realistic', name);

describe('model compare on a realistic KITOS-shaped inventory (SQLite)', () => {
  let t: TestDatabase;
  const reports: ImportReport[] = [];
  let microsoft: ModelComparison;
  let atea: ModelComparison;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    await migrateToLatest(t.handle);
    await loadReferenceData(t.handle.db);
    for (const name of ['systems.csv', 'contracts.csv']) {
      reports.push(await importFile(t.handle.db, { municipalityCode: CODE, fileName: name, source: readFileSync(fixture(name)), actor: 'test' }));
    }
    microsoft = await compareModels(t.handle.db, { municipalityCode: CODE, top: 10 });
    atea = await compareModels(t.handle.db, { municipalityCode: CODE, vendor: 'Atea A/S', top: 100 });
  }, 120_000);
  afterAll(async () => t?.drop());

  it('imports both files without errors and links every contract row', () => {
    const [systems, contracts] = reports;
    expect(systems!.errors).toEqual([]);
    expect(systems!.status).toBe('committed');
    expect(systems!.rows).toMatchObject({ accepted: systems!.rows.read, rejected: 0 });
    expect(systems!.rows.read).toBeGreaterThanOrEqual(80);
    expect(contracts!.errors).toEqual([]);
    expect(contracts!.status).toBe('committed');
    expect(contracts!.rows).toMatchObject({ accepted: contracts!.rows.read, rejected: 0 });
    expect(contracts!.warnings.filter((w) => w.code === 'unresolved-dependency')).toEqual([]);
    expect(microsoft.scope).toMatchObject({ municipalityCode: CODE, municipalities: 1, systems: systems!.rows.read, world: 'real' });
    expect(microsoft.before).toBe(model10.version);
    expect(microsoft.after).toBe(defaultModel.version);
  });

  it('gives the reseller Atea reach under 1.0 and none under 1.1', () => {
    expect(atea.explained.name).toBe('Atea ASA (Norway)');
    const row = atea.vendors.find((v) => v.vendorId === atea.explained.vendorId)!;
    expect(row.before.directReach).toBeGreaterThan(0);
    expect(row.before.reach).toBeGreaterThan(0);
    expect(row.after).toMatchObject({ directReach: 0, reach: 0 });
    expect(atea.explained).toMatchObject({ reach: 0, paths: [] });
  });

  it('never shows a direct reach above the total reach, under either model', () => {
    for (const v of atea.vendors) {
      expect(v.before.directReach, v.name ?? v.vendorId).toBeLessThanOrEqual(v.before.reach + 1e-12);
      expect(v.after.directReach, v.name ?? v.vendorId).toBeLessThanOrEqual(v.after.reach + 1e-12);
    }
  });

  it("explains Microsoft's 1.1 reach by paths that add up to it, logins to Entra ID among them", () => {
    const row = microsoft.vendors.find((v) => v.vendorId === microsoft.explained.vendorId)!;
    expect(microsoft.explained.name).toBe('Microsoft Corporation');
    expect(row.after.reach).toBeGreaterThan(row.after.directReach);
    const sum = microsoft.explained.paths.reduce((a, p) => a + p.contribution, 0);
    expect(sum).toBeCloseTo(row.after.reach, 12);
    expect(microsoft.explained.reach).toBeCloseTo(row.after.reach, 12);
    // Largest first; a path through another system names what it goes through.
    const contributions = microsoft.explained.paths.map((p) => p.contribution);
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
    // The breakdown by how the vendor is reached and the grouping by route re-add the same paths.
    expect(microsoft.explained.breakdown.reduce((a, b) => a + b.contribution, 0)).toBeCloseTo(row.after.reach, 12);
    expect(microsoft.explained.groups.reduce((a, g) => a + g.contribution, 0)).toBeCloseTo(row.after.reach, 12);
    expect(microsoft.explained.breakdown.find((b) => b.how === 'own:supplier')!.contribution).toBeCloseTo(row.after.directReach, 12);
    expect(microsoft.explained.paths).toContainEqual(expect.objectContaining({ steps: [expect.objectContaining({ to: 'Entra ID', kind: 'identity' })] }));
  });

  it('prints the same comparison through the CLI', () => {
    const r = runCli(['model', 'compare', '--municipality', String(CODE), '--json'], { DATABASE_URL: t.url });
    expect(r.code, r.err).toBe(0);
    const printed = JSON.parse(r.out) as ModelComparison;
    expect(printed.vendors).toEqual(microsoft.vendors);
    expect(printed.explained.reach).toBeCloseTo(microsoft.explained.reach, 12);
    const text = runCli(['model', 'compare', '--municipality', String(CODE), '--top', '3'], { DATABASE_URL: t.url });
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('Microsoft Corporation');
    expect(text.out).toContain('Atea ASA (Norway)'); // top 3 under 1.0 only, listed beside
    const wrong = runCli(['model', 'compare', '--top', 'x'], { DATABASE_URL: t.url });
    expect(wrong.code).toBe(2);
  }, 120_000);

  it('runs the sensitivity check under model 1.0 when asked, and refuses a model that was never shipped', () => {
    const r = runCli(['sensitivity', '--model', model10.version, '--json'], { DATABASE_URL: t.url });
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as { model: string; variants: { model: string }[] };
    expect(report.model).toBe(model10.version);
    expect(report.variants.every((v) => v.model.startsWith(`${model10.version}+`))).toBe(true);
    const unknown = runCli(['sensitivity', '--model', 'handlefrihed-0.9'], { DATABASE_URL: t.url });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(defaultModel.version);
  }, 120_000);
});
