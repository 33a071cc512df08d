// "Foreløbig" that explains (issue #13): the municipality score says what is missing — per theme,
// how many systems have an input of it unknown — and the counts are the systems' own: each equals
// the number of the municipality's systems whose score explanation lists that theme as unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords, type InventoryRecordsInput } from '../../server/src/domain/inventory.ts';
import { missingInputKinds } from '../../server/src/scoring/missing-inputs.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aContract, aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const kmd = { name: 'KMD A/S', cvr: '26911745' };
/** Frederiksberg (147): two systems with nothing but a name, one without hosting, one fully contracted. */
const inventory: InventoryRecordsInput = {
  usages: [
    aUsage({ product_name: 'Netcompany GetOrganized', local_id: 'S1', hosting_model: 'vendor_hosted', criticality: 'critical' }),
    aUsage({ product_name: 'KMD Opus Økonomi', local_id: 'S2', supplier: kmd, hosting_model: 'shared_public', criticality: 'high' }),
    aUsage({ product_name: 'OS2forms', local_id: 'S3', supplier: { name: 'Magenta ApS', cvr: null }, criticality: 'medium' }),
    aUsage({ product_name: 'Notesystem', local_id: 'S4', criticality: undefined }),
    aUsage({ product_name: 'Ukendt fagsystem', local_id: 'S5', supplier: undefined, criticality: undefined }),
  ],
  contracts: [
    aContract({ name: 'Opus', external_id: 'K-1', supplier: kmd, valid_to: '2029-12-31', notice_months: 12, usage_keys: ['id:s2'] }),
  ],
  integrations: [],
};

interface ScoreAnswer {
  score: {
    systemCount: number;
    confidence: { provisional: boolean; missingInputs: { input: string; systems: number; label: { da: string; en: string } }[] };
  };
}

describe.each(databaseKinds)('what a provisional municipality score is missing, on %s', (kind) => {
  let ctx: TestApp;
  let admin: SignedInClient;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records: inventoryRecords.parse(inventory), kind: 'import', run: aRun() });
    admin = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
  }, 120_000);
  afterAll(async () => ctx.t.drop());

  it('counts, per theme, the systems whose own score lists it as unknown', async () => {
    const res = await ctx.app.request('/api/v1/municipalities/147/score', { headers: admin.read });
    expect(res.status).toBe(200);
    const { score } = (await res.json()) as ScoreAnswer;
    expect(score.systemCount).toBe(inventory.usages.length);
    const summary = score.confidence.missingInputs;
    expect(summary.length).toBeGreaterThan(0);

    const list = (await (await ctx.app.request('/api/v1/usages?municipality=147&limit=100', { headers: admin.read })).json()) as { items: { usageId: number }[] };
    expect(list.items).toHaveLength(inventory.usages.length);
    const perSystem: string[][] = [];
    for (const { usageId } of list.items) {
      const s = (await (await ctx.app.request(`/api/v1/usages/${usageId}/score`, { headers: admin.read })).json()) as { missingInputs: string[]; criticality: { unknown: boolean } };
      perSystem.push(s.missingInputs);
    }
    for (const theme of missingInputKinds) {
      const systems = perSystem.filter((m) => m.includes(theme)).length;
      expect(summary.find((l) => l.input === theme)?.systems ?? 0, theme).toBe(systems);
    }
    // Independently of the explanation: the two systems without a criticality, and the systems
    // with neither a hosting model nor a contract.
    expect(summary.find((l) => l.input === 'criticality')?.systems).toBe(2);
    expect(summary.find((l) => l.input === 'hosting')?.systems).toBeGreaterThanOrEqual(3);
    expect(summary.find((l) => l.input === 'contract')?.systems).toBeGreaterThanOrEqual(4);
    for (const line of summary) {
      expect(line.systems).toBeLessThanOrEqual(score.systemCount);
      expect(line.label.da).toMatch(/^[A-ZÆØÅ]/);
      expect(line.label.en).toMatch(/^[A-Z]/);
    }
    // Most systems first.
    expect(summary.map((l) => l.systems)).toEqual([...summary.map((l) => l.systems)].sort((a, b) => b - a));
  });

  it('documents the summary in the OpenAPI document', async () => {
    const doc = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    const schema = doc.components.schemas.MissingInput;
    expect(Object.keys(schema?.properties ?? {})).toEqual(['input', 'systems', 'label']);
    expect(JSON.stringify(doc.components.schemas.MunicipalityScore)).toContain('missingInputs');
  });
});
