// The rows of an import file read in a worker thread (ImportRequest.rowsIn = 'worker') and in this
// thread give the same reports and the same stored rows, for a committed file, a refused one, skip
// mode, a dry run and a file the parser refuses; an error of the source itself comes back as it is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from '../../importers/index.ts';
import type { Database } from '../../server/src/db/schema.ts';
import { type ImportReport, type ImportRequest, importFile } from '../../server/src/services/import-file.ts';
import { openRows } from '../../server/src/services/import-rows.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const FIXTURES = join(process.cwd(), 'test/fixtures/importers');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** The bytes as an upload arrives: in small chunks, one at a time. */
async function* streamed(bytes: Uint8Array, chunk = 97): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += chunk) yield bytes.subarray(i, i + chunk);
}

/** A stored row without the columns a clock fills. */
const timeless = (row: object) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !/(_at|^started|^finished)$/.test(k))));

async function stored(db: Kysely<Database>) {
  const out: Record<string, string[]> = {};
  for (const t of ['inventory_versions', 'current_inventory', 'system_usages', 'contracts', 'contract_usages', 'integrations', 'usage_sub_processors', 'usage_scores', 'vendors', 'products', 'import_runs'] as const) {
    out[t] = ((await db.selectFrom(t).selectAll().execute()) as object[]).map(timeless).sort();
  }
  return out;
}

type Step = Omit<ImportRequest, 'municipalityCode' | 'actor' | 'source'> & { bytes: Uint8Array; stream?: boolean };

const steps: Step[] = [
  { fileName: 'generic-dansk-sep.csv', bytes: fixture('generic-dansk-sep.csv'), stream: true },
  { fileName: 'broken-usages.csv', bytes: fixture('broken-usages.csv') },
  { fileName: 'mixed.csv', bytes: new TextEncoder().encode('Systemnavn;Leverandør;Livscyklus;Ibrugtagningsdato\nFagsystem A;Leverandør A/S;I drift;31-02-2025\nFagsystem C;Leverandør C/S;I drift;01-02-2020\n'), skipInvalid: true, stream: true },
  { fileName: 'generic-english.csv', bytes: fixture('generic-english.csv'), dryRun: true, stream: true },
  { fileName: 'kitos-systems-new.csv', bytes: fixture('kitos-systems-new.csv'), stream: true },
  { fileName: 'kitos-contracts-new.csv', bytes: fixture('kitos-contracts-new.csv') },
  // Refused by the parser before any row: an unclosed quote, an unknown format, too large.
  { fileName: 'unclosed.csv', bytes: new TextEncoder().encode('Systemnavn;Leverandør\n"SBSYS;KMD\nAula;Netcompany\n'), stream: true },
  { fileName: 'data.bin', bytes: new Uint8Array([0, 1, 2, 3, 255, 254, 0, 0, 7]), stream: true },
  { fileName: 'generic-dansk-sep.csv', bytes: fixture('generic-dansk-sep.csv'), maxBytes: 40, stream: true },
];

describe('reading an import file in a worker thread', () => {
  const runs: Record<'this-thread' | 'worker', { ctx: TestApp; reports: ImportReport[] }> = {} as never;
  beforeAll(async () => {
    for (const where of ['this-thread', 'worker'] as const) {
      const ctx = await createTestApp('sqlite');
      const reports: ImportReport[] = [];
      for (const { bytes, stream, ...step } of steps) {
        reports.push(await importFile(ctx.t.handle.db, { ...step, municipalityCode: 101, actor: 'test', source: stream ? streamed(bytes) : bytes, rowsIn: where }));
      }
      runs[where] = { ctx, reports };
    }
  }, 120_000);
  afterAll(async () => {
    for (const r of Object.values(runs)) await r.ctx.t.drop();
  });

  it('gives the same report for every file, whichever thread reads it', () => {
    expect(runs.worker.reports).toEqual(runs['this-thread'].reports);
    // The steps are what they say: a commit, a refusal with row errors, skip mode, parser refusals.
    const [committed, refused, skipped, , , , unclosed, binary, tooLarge] = runs.worker.reports;
    expect(committed!.status).toBe('committed');
    expect(refused!.status).toBe('refused');
    expect(refused!.errors.some((e) => e.line != null && e.column != null)).toBe(true);
    expect(skipped!.status).toBe('committed');
    expect(skipped!.rows.rejected).toBeGreaterThan(0);
    for (const r of [unclosed!, binary!, tooLarge!]) expect(r.status).toBe('refused');
    expect(tooLarge!.errors.map((e) => e.code)).toContain('file-too-large');
  });

  it('stores the same rows, whichever thread reads the file', async () => {
    expect(await stored(runs.worker.ctx.t.handle.db)).toEqual(await stored(runs['this-thread'].ctx.t.handle.db));
  });

  it("throws the parser's refusal as the same ImportFileError (issues and meta)", async () => {
    const options = { fileName: 'data.bin', source: new Uint8Array([0, 1, 2, 255]), municipality: '101' };
    const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
    const here = await errorOf(openRows(options, 'this-thread'));
    const there = await errorOf(openRows(options, 'worker'));
    expect(here).toBeInstanceOf(ImportFileError);
    expect(there).toBeInstanceOf(ImportFileError);
    expect((there as ImportFileError).issues).toEqual((here as ImportFileError).issues);
    expect((there as ImportFileError).meta).toEqual((here as ImportFileError).meta);
    expect((there as Error).message).toBe((here as Error).message);
  });

  it('throws an error of the source itself (an upload cut short) as it is, and stops the worker', async () => {
    const cut = new Error('upload aborted');
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield* streamed(fixture('generic-dansk-sep.csv').subarray(0, 200));
      throw cut;
    }
    const rows = openRows({ fileName: 'x.csv', source: broken(), municipality: '101' }, 'worker').then(async (s) => {
      try {
        for await (const _ of s.batches());
      } finally {
        await s.close();
      }
    });
    await expect(rows).rejects.toBe(cut);
  });
});
