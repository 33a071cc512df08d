// Nothing reads history by accident (issue #16): every query a page makes (services/hot-queries.ts,
// the builders the code runs) reaches the version-scoped tables through an index that is
// constrained by the inventory version — or by the id of one of its rows — never by a scan of
// every version's rows. Asserted on the plans themselves, not on timings:
// - SQLite: EXPLAIN QUERY PLAN, on a database without ANALYZE statistics, as the application runs
//   it (it never runs ANALYZE): no SCAN of those tables, each SEARCH constrained as above.
// - PostgreSQL: EXPLAIN (FORMAT JSON) after ANALYZE with enable_seqscan off. The test tables hold
//   a few hundred rows, where a sequential scan (or a hash/merge join over a full index walk) is
//   rightly the cheapest plan; turning those off asks
//   whether an index plan exists at all — and every index access must have a condition on the
//   version (or a row id), so a full index walk counts as a scan too.
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { saveExitPlan } from '../../server/src/repositories/exit-plans.repository.ts';
import { hotQueries, type HotQueryArguments } from '../../server/src/services/hot-queries.ts';
import { rollbackTo } from '../../server/src/services/inventory-versions.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

/** The tables with one row per usage (or contract, integration) of every version. */
const VERSIONED = new Set(['system_usages', 'usage_scores', 'contracts', 'integrations', 'contract_usages', 'usage_sub_processors', 'municipality_scores']);
/**
 * PostgreSQL plan choices that only win on tables of a few rows: a sequential scan, and a hash or
 * merge join fed by a full walk of an index. At national size (a million usages in the history,
 * a few thousand current) the planner picks nested loops over the version indexes on its own.
 */
const OFF = ['enable_seqscan', 'enable_hashjoin', 'enable_mergejoin'];
/** Imported versions of another municipality, and usages in each: the history the plans must not read. */
const HISTORY = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const HISTORY_USAGES = 800;
/** A lookup constrained by one of these columns reads one version's rows (or one row). */
const SCOPED = /\b(inventory_version_id|usage_id|contract_id|source_usage_id|id|rowid)\b\s*=/;

describe.each(databaseKinds)('hot queries read the current version through an index on %s', (kind) => {
  let ctx: TestApp;
  let args: HotQueryArguments;
  beforeAll(async () => {
    ctx = await createTestApp(kind, { demoCodes: [101, 147] });
    const db = ctx.t.handle.db;
    // History for 147: two imported versions, then back to its first.
    const first = (await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 147).executeTakeFirstOrThrow()).inventory_version_id;
    // History as the issue saw it: another municipality's versions outnumber every current row, so
    // the statistics (PostgreSQL ANALYZE) see the current versions as the small part they are.
    for (const note of HISTORY) {
      const usages = Array.from({ length: HISTORY_USAGES }, (_, i) => aUsage({ local_id: `H${i}`, notes: note, ...(i % 3 === 0 ? { product_name: 'Aula' } : {}) }));
      await replaceInventory(db, { municipalityCode: 147, records: inventoryRecords.parse({ usages }), kind: 'import', run: aRun() });
    }
    await rollbackTo(db, 147, first, { userId: null, label: 'test' });
    const versionId = (await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 101).executeTakeFirstOrThrow()).inventory_version_id;
    const usage = await db.selectFrom('system_usages').select(['id', 'product_id', 'supplier_vendor_id', 'usage_key']).where('inventory_version_id', '=', versionId).where('supplier_vendor_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    await saveExitPlan(db, { municipalityCode: 101, usageKey: usage.usage_key, plan: { steps: [] } as never, versionId, by: 'test' }).catch(() => undefined);
    args = { versionId, usageId: usage.id, productId: usage.product_id, vendorId: usage.supplier_vendor_id! };
    if (kind === 'postgres') await db.executeQuery(CompiledQuery.raw('analyze'));
  }, 300_000);
  afterAll(async () => ctx?.t.drop());

  for (const name of Object.keys(hotQueries)) it(name, async () => {
    const db = ctx.t.handle.db;
    const compiled = hotQueries[name]!(db, args).compile();
    if (kind === 'sqlite') {
      const plan = (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))).rows.map((r) => r.detail);
      // The plan names aliases: map each back to its table.
      const tableOf = new Map<string, string>();
      for (const m of compiled.sql.matchAll(/"(\w+)"(?: as "(\w+)")?/g)) if (VERSIONED.has(m[1]!)) tableOf.set(m[2] ?? m[1]!, m[1]!);
      const offending = plan.filter((line) => {
        const m = /^(SCAN|SEARCH) (\w+)/.exec(line);
        if (!m || !tableOf.has(m[2]!)) return false;
        return m[1] === 'SCAN' || !(SCOPED.test(line) || /INTEGER PRIMARY KEY/.test(line));
      });
      expect(offending, plan.join('\n')).toEqual([]);
      expect(plan.some((line) => /^SEARCH/.test(line) && tableOf.has(line.split(' ')[1]!))).toBe(tableOf.size > 0);
    } else {
      const plan = await db.connection().execute(async (conn) => {
        for (const off of OFF) await conn.executeQuery(CompiledQuery.raw(`set ${off} = off`));
        try {
          return (await conn.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]))).rows[0]!['QUERY PLAN'];
        } finally {
          for (const off of OFF) await conn.executeQuery(CompiledQuery.raw(`reset ${off}`));
        }
      });
      const indexTable = new Map(
        (await db.executeQuery<{ indexname: string; tablename: string }>(CompiledQuery.raw(`select indexname, tablename from pg_indexes where schemaname = current_schema()`))).rows.map((r) => [r.indexname, r.tablename]),
      );
      const offending: string[] = [];
      let touched = 0;
      const walk = (node: Record<string, unknown>) => {
        const relation = node['Relation Name'] as string | undefined;
        const index = node['Index Name'] as string | undefined;
        const table = relation ?? (index ? indexTable.get(index) : undefined);
        if (table && VERSIONED.has(table)) {
          touched++;
          const type = node['Node Type'] as string;
          if (type === 'Seq Scan') offending.push(`Seq Scan on ${table}`);
          if (index && !SCOPED.test(String(node['Index Cond'] ?? ''))) offending.push(`${type} on ${index} without a version condition (${String(node['Index Cond'] ?? 'none')})`);
        }
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      walk((plan as { Plan: Record<string, unknown> }[])[0]!.Plan);
      expect(offending).toEqual([]);
      expect(touched > 0).toBe([...VERSIONED].some((t) => compiled.sql.includes(`"${t}"`)));
    }
  });
});
