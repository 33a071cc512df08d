// `imports prune`: a municipality's versions older than its N newest are deleted with their rows
// (never the current one), in one transaction with one audit entry; refused, deleting nothing,
// for a version an exit plan was saved for; another municipality's rows stay byte for byte.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { ConflictError, InputError } from '../../server/src/errors.ts';
import { putExitPlan } from '../../server/src/services/exit-plans.ts';
import { exitPlanSchema } from '../../server/src/solutions/exit-plan.ts';
import { listVersions, rollbackTo } from '../../server/src/services/inventory-versions.ts';
import { pruneVersions } from '../../server/src/services/prune-versions.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { aContract, aRun, aUsage } from '../helpers/builders.ts';
import { runCli } from '../helpers/cli.ts';
import { databaseKinds } from '../helpers/databases.ts';

const actor = { userId: null, label: 'admin@kommune.dk' };
const plan = exitPlanSchema.parse({
  owner: 'Systemejer, Digitalisering',
  noticeDate: '2028-06-30',
  transitionDays: 30,
  exportFormats: ['CSV'],
  integrations: [],
  plannedSwitch: 'Fælles udbud ved kontraktudløb',
  suddenLoss: 'Dagligt udtræk til eget arkiv',
});

/** A version of `code` with a usage (and a contract and an integration), its local ids prefixed so they are unique. */
const records = (prefix: string, n: number) =>
  inventoryRecords.parse({
    usages: [aUsage({ local_id: `${prefix}-A`, notes: `udgave ${n}` }), aUsage({ local_id: `${prefix}-B`, product_name: 'KMD Opus Økonomi', supplier: { name: 'KMD A/S', cvr: '26911745' } })],
    contracts: [aContract({ usage_keys: [`id:${prefix.toLowerCase()}-a`] })],
    integrations: [{ source_key: `id:${prefix.toLowerCase()}-a`, target_key: `id:${prefix.toLowerCase()}-b`, kind: 'data' }],
  });

describe.each(databaseKinds)('imports prune on %s', (kind) => {
  let ctx: TestApp;
  /** 101's versions in the order they were written. */
  const v: number[] = [];
  beforeEach(async () => {
    ctx = await createTestApp(kind);
    v.length = 0;
    const db = ctx.t.handle.db;
    for (let n = 1; n <= 5; n++) {
      v.push((await replaceInventory(db, { municipalityCode: 101, records: records('K', n), kind: 'import', run: aRun() })).inventoryVersionId!);
      if (n <= 3) await replaceInventory(db, { municipalityCode: 147, records: records('F', n), kind: 'import', run: aRun() });
    }
  });
  afterEach(async () => ctx.t.drop());

  /** Every row that belongs to municipality 147, table by table, in a fixed order. */
  async function rowsOf147() {
    const db = ctx.t.handle.db;
    const versions = (await db.selectFrom('inventory_versions').select('id').where('municipality_code', '=', 147).execute()).map((r) => r.id);
    const usages = (await db.selectFrom('system_usages').select('id').where('inventory_version_id', 'in', versions).execute()).map((r) => r.id);
    return {
      inventory_versions: await db.selectFrom('inventory_versions').selectAll().where('municipality_code', '=', 147).orderBy('id').execute(),
      current_inventory: await db.selectFrom('current_inventory').selectAll().where('municipality_code', '=', 147).execute(),
      import_runs: await db.selectFrom('import_runs').selectAll().where('municipality_code', '=', 147).orderBy('id').execute(),
      system_usages: await db.selectFrom('system_usages').selectAll().where('inventory_version_id', 'in', versions).orderBy('id').execute(),
      usage_sub_processors: await db.selectFrom('usage_sub_processors').selectAll().where('usage_id', 'in', usages).orderBy('usage_id').orderBy('vendor_id').execute(),
      contracts: await db.selectFrom('contracts').selectAll().where('inventory_version_id', 'in', versions).orderBy('id').execute(),
      contract_usages: await db.selectFrom('contract_usages').selectAll().where('usage_id', 'in', usages).orderBy('contract_id').orderBy('usage_id').execute(),
      integrations: await db.selectFrom('integrations').selectAll().where('inventory_version_id', 'in', versions).orderBy('id').execute(),
      usage_scores: await db.selectFrom('usage_scores').selectAll().where('inventory_version_id', 'in', versions).orderBy('usage_id').execute(),
      municipality_scores: await db.selectFrom('municipality_scores').selectAll().where('inventory_version_id', 'in', versions).orderBy('inventory_version_id').execute(),
    };
  }

  const count = async (table: 'system_usages' | 'contracts' | 'integrations' | 'usage_scores' | 'municipality_scores', ids: number[]) =>
    Number((await ctx.t.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('inventory_version_id', 'in', ids).executeTakeFirstOrThrow()).n);

  it('keeps the N newest and the current version, numbers unchanged, with one audit entry; another municipality untouched', async () => {
    const db = ctx.t.handle.db;
    // An old version current again: kept although it is not among the two newest.
    await rollbackTo(db, 101, v[1]!, actor);
    const numbersBefore = new Map((await listVersions(db, 101)).map((x) => [x.id, x.number]));
    const other = await rowsOf147();
    expect(other.system_usages.length).toBeGreaterThan(0);

    const r = await pruneVersions(db, { municipalityCode: 101, keep: 2 }, actor);
    expect(r.pruned.map((x) => x.id).sort()).toEqual([v[0]!, v[2]!].sort());
    expect(r.kept.map((x) => x.id)).toEqual([v[4], v[3], v[1]]);
    // The import runs of the pruned versions stay, unlinked.
    expect(r.importRunsUnlinked).toBe(2);

    const after = await listVersions(db, 101);
    expect(after.map((x) => x.id)).toEqual([v[4], v[3], v[1]]);
    expect(after.find((x) => x.current)!.id).toBe(v[1]);
    for (const x of after) expect(x.number).toBe(numbersBefore.get(x.id));
    // v[1] was based on the pruned v[0]; v[3] on the pruned v[2].
    expect(after.find((x) => x.id === v[1])!.basedOnVersionId).toBeNull();
    for (const t of ['system_usages', 'contracts', 'integrations', 'usage_scores', 'municipality_scores'] as const) expect(await count(t, [v[0]!, v[2]!])).toBe(0);
    expect(await count('system_usages', [v[1]!, v[3]!, v[4]!])).toBe(6);
    expect(await db.selectFrom('import_runs').select('id').where('municipality_code', '=', 101).execute()).toHaveLength(6);

    const audits = await db.selectFrom('audit_log').selectAll().where('action', '=', 'inventory.prune').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: 'admin@kommune.dk', municipality_code: 101 });
    const before = JSON.parse(audits[0]!.before!) as { pruned: { id: number; number: number; usageCount: number }[] };
    expect(before.pruned.map((p) => [p.id, p.number, p.usageCount]).sort()).toEqual([
      [v[0], numbersBefore.get(v[0]!), 2],
      [v[2], numbersBefore.get(v[2]!), 2],
    ]);
    expect(JSON.parse(audits[0]!.after!)).toMatchObject({ keep: 2, currentVersionId: v[1], importRunsUnlinked: 2 });

    expect(await rowsOf147()).toEqual(other);
    // The next import numbers on from the highest number, as before.
    const next = await replaceInventory(db, { municipalityCode: 101, records: records('K', 6), kind: 'import', run: aRun() });
    expect((await listVersions(db, 101)).find((x) => x.id === next.inventoryVersionId)!.number).toBe(6);
  });

  it('a dry run reports the same versions and deletes nothing, audits nothing', async () => {
    const db = ctx.t.handle.db;
    const r = await pruneVersions(db, { municipalityCode: 101, keep: 3, dryRun: true }, actor);
    expect(r.pruned.map((x) => x.id).sort()).toEqual([v[0]!, v[1]!].sort());
    expect(r.importRunsUnlinked).toBe(2);
    expect(await listVersions(db, 101)).toHaveLength(5);
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'inventory.prune').execute()).toHaveLength(0);
  });

  it('refuses a version an exit plan was saved for, naming it and the plan; nothing deleted', async () => {
    const db = ctx.t.handle.db;
    await rollbackTo(db, 101, v[0]!, actor);
    const usage = await db.selectFrom('system_usages').select('id').where('inventory_version_id', '=', v[0]!).where('local_id', '=', 'K-A').executeTakeFirstOrThrow();
    await putExitPlan(db, actor, usage.id, plan);
    // Back to the newest: v[0] is no longer current, but the plan was saved for it.
    await rollbackTo(db, 101, v[4]!, actor);
    const err = await pruneVersions(db, { municipalityCode: 101, keep: 2 }, actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    const message = (err as ConflictError).errors[0]!.message;
    expect(message.da).toContain('Version 1 ');
    expect(message.da).toContain('SBSYS');
    expect(message.en).toContain('id:k-a');
    expect(await listVersions(db, 101)).toHaveLength(5);
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'inventory.prune').execute()).toHaveLength(0);
    // Keeping enough versions spares it: the others go.
    const r = await pruneVersions(db, { municipalityCode: 101, keep: 5 }, actor);
    expect(r.pruned).toEqual([]);
  });

  it('refuses to keep fewer than one version', async () => {
    await expect(pruneVersions(ctx.t.handle.db, { municipalityCode: 101, keep: 0 }, actor)).rejects.toBeInstanceOf(InputError);
  });

  it.runIf(kind === 'sqlite')('the CLI prunes, in Danish and English, and a dry run first', async () => {
    const env = { DATABASE_URL: ctx.t.url };
    const dry = runCli(['imports', 'prune', '--municipality', '101', '--keep', '4', '--dry-run'], env);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('Prøvekørsel');
    expect(dry.out).toContain(`(id ${v[0]})`);
    const real = runCli(['imports', 'prune', '--municipality', '101', '--keep', '4', '--as', 'admin@kommune.dk'], env);
    expect(real.code, real.err).toBe(0);
    expect(real.out).toContain('1 version(er) slettet / pruned');
    expect((await listVersions(ctx.t.handle.db, 101)).map((x) => x.id)).toEqual([v[4], v[3], v[2], v[1]]);
    const bad = runCli(['imports', 'prune', '--municipality', '101', '--keep', '0'], env);
    expect(bad.code).toBe(2);
  });
});
