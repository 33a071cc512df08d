// `handlefrihed scenario` as a user runs it: a real process on a real database (SQLite, and
// PostgreSQL when set), the same service as the API's compare; nothing is written.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { runCli } from '../helpers/cli.ts';
import { databaseKinds } from '../helpers/databases.ts';

const microsoft = { name: 'Microsoft Corporation', cvr: null };
const records = inventoryRecords.parse({
  usages: [
    aUsage({ product_name: 'Netcompany GetOrganized', supplier: { name: 'Netcompany A/S', cvr: null }, hosting_model: 'vendor_hosted', hosted_by: microsoft, data_location: 'eu', criticality: 'critical' }),
    aUsage({ product_name: 'Microsoft 365 (suite)', supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'critical' }),
    aUsage({ product_name: 'OS2forms', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: 'medium' }),
  ],
});
/** The same, with Exchange (two departments) and Teams: Microsoft 365 as separate products. */
const office = inventoryRecords.parse({
  usages: [
    ...['Skole', 'Social'].map((d) => aUsage({ product_name: 'Microsoft Exchange Server / Exchange Online', local_name: `Exchange ${d}`, supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'high' })),
    aUsage({ product_name: 'Microsoft Teams (chat)', local_name: 'Teams', supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'medium' }),
    aUsage({ product_name: 'OS2forms', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: 'medium' }),
  ],
});

describe.each(databaseKinds)('handlefrihed scenario on %s', (kind) => {
  let ctx: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records, kind: 'import', run: aRun() });
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 151, records: office, kind: 'import', run: aRun() });
    env = { DATABASE_URL: ctx.t.url };
  }, 120_000);
  afterAll(async () => ctx.t.drop());

  const usageRows = async () => JSON.stringify(await ctx.t.handle.db.selectFrom('system_usages').selectAll().orderBy('id').execute());

  it('prints before/after indicators and the vendors whose reach changes', async () => {
    const before = await usageRows();
    const r = runCli(['scenario', '--municipality', '147', '--replace', 'Microsoft 365 (suite)=openDesk', '--replace', 'Netcompany GetOrganized=SBSYS@2027-01-01'], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Scenarie for kommune 147/);
    expect(r.out).toMatch(/Microsoft 365 \(suite\) → openDesk: L [\d,]+ \([A-E]\) → [\d,]+ \([A-E]\)/);
    expect(r.out).toMatch(/Netcompany GetOrganized → SBSYS fra 2027-01-01/);
    expect(r.out).toMatch(/Leverandørbinding L_m\s+[\d,]+\s+[\d,]+/);
    // Exposure 8 + 8 + 2 = 18; Microsoft supplies one critical system (8/18) and hosts the other
    // (no integrations on record): 16/18 before, nothing after.
    expect(r.out).toMatch(/Microsoft Corporation\s+44,4 % \/ 88,9 % → 0,0 % \/ 0,0 %/);
    expect(await usageRows()).toBe(before);
  });

  it('answers --json with the same document as the API', () => {
    const r = runCli(['scenario', '--municipality', '147', '--replace', 'OS2forms=Nextcloud Hub', '--json'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { municipalityCode: number; replacements: Array<{ alternativeName: string }>; outcome: { before: { L: number }; after: { L: number } } };
    expect(doc.municipalityCode).toBe(147);
    expect(doc.replacements[0]!.alternativeName).toBe('Nextcloud Hub');
    expect(typeof doc.outcome.after.L).toBe('number');
  });

  it('exits 1 naming a replacement that matches nothing, 2 for wrong usage', () => {
    const bad = runCli(['scenario', '--municipality', '147', '--replace', 'Lotus Notes=openDesk'], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/replacements\.0\.product|Lotus Notes/);
    expect(runCli(['scenario', '--municipality', '147'], env).code).toBe(2);
    expect(runCli(['scenario', '--municipality', '147', '--replace', 'nothing'], env).code).toBe(2);
  });

  it('several → one with a comma list, one → several, a subset by usage key, and a JSON spec file (issue #14)', async () => {
    const suite = runCli(['scenario', '--municipality', '151', '--replace', 'Exchange Skole,Exchange Social,Teams=openDesk', '--json'], env);
    expect(suite.code, suite.err).toBe(0);
    const doc = JSON.parse(suite.out) as { replacements: Array<{ alternativeName: string; products?: unknown[] }>; outcome: { replaced: Array<{ name: string; replacement: string }>; vendors: Array<{ name: string; after: unknown }> } };
    expect(doc.outcome.replaced.map((r) => [r.name, r.replacement])).toEqual([['Exchange Skole', 'openDesk'], ['Exchange Social', 'openDesk'], ['Teams', 'openDesk']]);
    expect(doc.outcome.vendors.find((v) => v.name === 'Microsoft Corporation')!.after).toBeNull();
    const split = runCli(['scenario', '--municipality', '151', '--replace', 'Teams=element-matrix,Jitsi Meet'], env);
    expect(split.code, split.err).toBe(0);
    expect(split.out).toMatch(/Teams → Element \(Matrix\) \+ Jitsi Meet: L [\d,]+ \([A-E]\) → [\d,]+ \([A-E]\) \(gennemsnit af 2 dele/);
    const key = (await ctx.t.handle.db.selectFrom('system_usages').select('usage_key').where('municipality_code', '=', 151).where('local_name', '=', 'Exchange Social').executeTakeFirstOrThrow()).usage_key;
    const dir = mkdtempSync(join(tmpdir(), 'scenario-spec-'));
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify({ replacements: [{ usages: [`usage:${key}`], alternatives: ['openDesk'] }], startDate: '2027-06-01' }));
    const fromFile = runCli(['scenario', '--municipality', '151', '--spec', file, '--json'], env);
    expect(fromFile.code, fromFile.err).toBe(0);
    const one = JSON.parse(fromFile.out) as { startDate: string; outcome: { replaced: Array<{ name: string; from: string }> } };
    expect(one.outcome.replaced).toEqual([expect.objectContaining({ name: 'Exchange Social', from: '2027-06-01' })]);
    const twice = runCli(['scenario', '--municipality', '151', '--replace', 'Exchange Skole=openDesk', '--replace', 'microsoft-exchange=Nextcloud Hub'], env);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/replacements\.0.*replacements\.1|Exchange Skole/);
  });
});
