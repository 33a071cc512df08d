// `handlefrihed export` as an operator runs it: the real command in a child process, on a
// database named by DATABASE_URL, writing CSV/XLSX files or JSON to standard output.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { loadDemoData } from '../../server/src/demo/load-demo.ts';
import { loadReferenceData } from '../../server/src/reference/load-reference.ts';
import { TEST_SEED } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

describe('handlefrihed export: wrong usage', () => {
  it.each([
    [['export'], /export needs exactly one list/],
    [['export', 'kunder'], /Unknown list: kunder/],
    [['export', 'usages', '--format', 'pdf'], /--format must be one of csv, xlsx, json/],
    [['export', 'usages', '--kommune', '101'], /Unknown option '--kommune'/],
    [['export', 'scores', '--municipality', '101'], /export scores has no --municipality filter/],
  ])('%j exits 2 with the usage', (args, message) => {
    const r = runCli(args, { DATABASE_URL: ':memory:' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/Brug \/ usage: handlefrihed/);
    expect(r.out).toBe('');
  });

  it('prints its own help in Danish first', () => {
    const r = runCli(['export', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Brug \/ usage: handlefrihed export <liste>/);
    expect(r.out).toMatch(/usages, contracts, integrations, products, vendors, alternatives, scores/);
  });
});

describe.each(databaseKinds)('handlefrihed export on %s', (kind) => {
  let t: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  let usages101: number;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await migrateToLatest(t.handle);
    await loadReferenceData(t.handle.db);
    await loadDemoData(t.handle.db, { seed: TEST_SEED, onlyIfEmpty: false, codes: [101, 461] });
    const v = await t.handle.db
      .selectFrom('current_inventory as ci')
      .innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id')
      .select('v.usage_count')
      .where('ci.municipality_code', '=', 101)
      .executeTakeFirstOrThrow();
    usages101 = v.usage_count;
    dir = mkdtempSync(join(tmpdir(), 'handlefrihed-export-'));
    env = { DATABASE_URL: t.url, USER: 'driftsansvarlig' };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.drop();
  });

  it('writes a municipality\'s systems as Danish Excel CSV to --out', () => {
    const file = join(dir, 'systemer.csv');
    const r = runCli(['export', 'usages', '--municipality', '101', '--format', 'csv', '--out', file], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`^${usages101} rækker skrevet til ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(bytes.toString('utf8').replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data;
    expect(rows[0]!.slice(0, 4)).toEqual(['Kommunekode', 'Kommune', 'Lokalt kaldenavn', 'It-system']);
    expect(rows).toHaveLength(usages101 + 1);
    expect(rows.slice(1).every((row) => row[0] === '101' && row[1] === 'København')).toBe(true);
    expect(bytes.toString('utf8')).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
  });

  it('prints { items, total } as JSON to standard output', () => {
    const r = runCli(['export', 'usages', '--municipality', '101', '--format', 'json'], env);
    expect(r.code, r.err).toBe(0);
    const { items, total } = JSON.parse(r.out) as { items: { municipalityCode: number; priority: number }[]; total: number };
    expect(total).toBe(usages101);
    expect(items).toHaveLength(usages101);
    expect(items.every((i) => i.municipalityCode === 101)).toBe(true);
    const p = items.map((i) => i.priority);
    expect(p).toEqual([...p].sort((a, b) => b - a));
    const all = JSON.parse(runCli(['export', 'usages', '--format', 'json'], env).out) as { total: number };
    expect(all.total).toBeGreaterThan(usages101); // the CLI is a local administrator: every municipality
  });

  it('writes CSV to standard output without --out, with commas and English headings on request', () => {
    const r = runCli(['export', 'contracts', '--municipality', '461', '--delimiter', 'comma', '--lang', 'en'], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out.charCodeAt(0)).toBe(0xfeff);
    expect(r.out.slice(1).split('\r\n')[0]).toMatch(/^Municipality code,Municipality,Contract,Contract ID,Supplier,/);
  });

  it('writes XLSX and the municipal scores', async () => {
    const file = join(dir, 'scorer.xlsx');
    const r = runCli(['export', 'scores', '--format', 'xlsx', '--out', file, '--sort', 'code', '--order', 'asc'], env);
    expect(r.code, r.err).toBe(0);
    const [header, ...rows] = await readSheet(readFileSync(file));
    expect(header!.slice(0, 3)).toEqual(['Kommunekode', 'Kommune', 'Region']);
    expect(rows.map((row) => row[0])).toEqual([101, 461]);
  });

  it('exits 1 for a municipality that does not exist, and for a file it cannot write', () => {
    const r = runCli(['export', 'usages', '--municipality', '999'], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Ikke fundet \/ Not found: No municipality with code 999/);
    const w = runCli(['export', 'usages', '--out', join(dir, 'mangler', 'x.csv')], env);
    expect(w.code).toBe(1);
    expect(w.err).toMatch(/Cannot write/);
  });
});
