// GET /api/v1/municipalities/{code}/graph: the inventory as vendors, systems and hosting with
// direct and transitive links; the score's band; the session's site settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { bandOf } from '../../server/src/scoring/index.ts';
import { buildMunicipalityGraph } from '../../server/src/services/municipality-graph.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const microsoft = { name: 'Microsoft Corporation', cvr: null };
const netcompany = { name: 'Netcompany A/S', cvr: null };
const records = inventoryRecords.parse({
  usages: [
    aUsage({ product_name: 'Netcompany GetOrganized', supplier: netcompany, hosting_model: 'vendor_hosted', hosted_by: microsoft, operated_by: netcompany, criticality: 'critical' }),
    aUsage({ product_name: 'Microsoft 365 (suite)', supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'critical' }),
    aUsage({ product_name: 'OS2forms', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: 'medium' }),
  ],
});

interface GraphBody {
  municipalityCode: number;
  nodes: { id: string; kind: string; label: string }[];
  links: { source: string; target: string; transitive: boolean; via: string }[];
}

describe('buildMunicipalityGraph', () => {
  it('links suppliers directly, hosts, other operators, integrations and platforms transitively, without duplicates', () => {
    const g = buildMunicipalityGraph(
      [
        { usageId: 1, name: 'ESDH', supplierId: 10, supplier: 'Netcompany', hostedById: 20, hostedBy: 'Microsoft', operatedById: 10, operatedBy: 'Netcompany' },
        { usageId: 2, name: 'M365', supplierId: 20, supplier: 'Microsoft', hostedById: 20, hostedBy: 'Microsoft', operatedById: 30, operatedBy: 'Atea' },
        { usageId: 3, name: 'Lokal', supplierId: null, supplier: null, hostedById: null, hostedBy: null, operatedById: null, operatedBy: null },
      ],
      [
        { sourceUsageId: 1, targetUsageId: 2, kind: 'requires_platform' },
        { sourceUsageId: 1, targetUsageId: 2, kind: 'requires_platform' },
        { sourceUsageId: 3, targetUsageId: 1, kind: 'data' },
        { sourceUsageId: 3, targetUsageId: 99, kind: 'data' }, // not in this inventory: dropped
      ],
    );
    expect(g.nodes.map((n) => `${n.kind}:${n.id}`)).toEqual(['hosting:h:20', 'system:s:1', 'system:s:2', 'system:s:3', 'vendor:v:10', 'vendor:v:20', 'vendor:v:30']);
    expect(g.links.map((l) => `${l.source}>${l.target}:${l.via}:${l.transitive ? 't' : 'd'}`)).toEqual([
      's:1>h:20:hosting:t', 's:1>s:2:platform:t', 's:2>h:20:hosting:t', 's:3>s:1:integration:t',
      'v:10>s:1:supplier:d', 'v:20>s:2:supplier:d', 'v:30>s:2:operator:t',
    ]);
  });

  it('a reseller in the supplier column: the product’s rights holder is linked directly too', () => {
    const g = buildMunicipalityGraph(
      [{ usageId: 1, name: 'M365', supplierId: 30, supplier: 'Atea A/S', rightsHolderId: 20, rightsHolder: 'Microsoft', hostedById: null, hostedBy: null, operatedById: null, operatedBy: null }],
      [],
    );
    expect(g.links.map((l) => `${l.source}>${l.target}:${l.via}:${l.transitive ? 't' : 'd'}`)).toEqual(['v:20>s:1:supplier:d', 'v:30>s:1:supplier:d']);
  });
});

describe.each(databaseKinds)('the municipality graph on %s', (kind) => {
  let ctx: TestApp;
  let leader: SignedInClient;
  let outsider: SignedInClient;
  beforeAll(async () => {
    ctx = await createTestApp(kind, { demoCodes: [101], env: { ACCESSIBILITY_STATEMENT_URL: 'https://www.was.digst.dk/handlefrihed-example' } });
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records, kind: 'import', run: aRun() });
    leader = await signInAs(ctx, [{ role: 'leader', municipalityCode: 147 }]);
    outsider = await signInAs(ctx, [{ role: 'leader', municipalityCode: 751 }]);
  });
  afterAll(async () => ctx.t.drop());

  it('answers the inventory as nodes and links, with an ETag', async () => {
    const res = await ctx.app.request('/api/v1/municipalities/147/graph', { headers: leader.read });
    expect(res.status).toBe(200);
    const g = (await res.json()) as GraphBody;
    expect(g.municipalityCode).toBe(147);
    expect(g.nodes.filter((n) => n.kind === 'system').map((n) => n.label).sort()).toEqual(['Microsoft 365 (suite)', 'Netcompany GetOrganized', 'OS2forms']);
    // OS2forms is supplied by Magenta and owned by OS2 (its rights holder in the catalogue): both are linked.
    expect(g.nodes.filter((n) => n.kind === 'vendor').map((n) => n.label).sort()).toEqual(['Magenta ApS', 'Microsoft Corporation', 'Netcompany A/S', 'OS2 – Offentligt Digitaliseringsfællesskab']);
    expect(g.nodes.filter((n) => n.kind === 'hosting').map((n) => n.label)).toEqual(['Microsoft Corporation']);
    const label = new Map(g.nodes.map((n) => [n.id, n.label]));
    const hosting = g.links.filter((l) => l.via === 'hosting').map((l) => `${label.get(l.source)} @ ${label.get(l.target)}`).sort();
    expect(hosting).toEqual(['Microsoft 365 (suite) @ Microsoft Corporation', 'Netcompany GetOrganized @ Microsoft Corporation']);
    expect(g.links.every((l) => l.transitive === (l.via !== 'supplier'))).toBe(true);
    expect(g.links.filter((l) => l.via === 'supplier')).toHaveLength(4);

    const etag = res.headers.get('etag')!;
    const again = await ctx.app.request('/api/v1/municipalities/147/graph', { headers: { ...leader.read, 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('draws the demo inventory of København whole: every system, supplier links and integrations', async () => {
    const admin = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
    const g = (await (await ctx.app.request('/api/v1/municipalities/101/graph', { headers: admin.read })).json()) as GraphBody;
    const systems = (await (await ctx.app.request('/api/v1/municipalities/101/systems?limit=1000', { headers: admin.read })).json()) as { total: number };
    expect(g.nodes.filter((n) => n.kind === 'system')).toHaveLength(systems.total);
    expect(g.links.some((l) => l.via === 'integration')).toBe(true);
    expect(g.links.some((l) => l.via === 'platform')).toBe(true);
    const ids = new Set(g.nodes.map((n) => n.id));
    expect(g.links.every((l) => ids.has(l.source) && ids.has(l.target))).toBe(true);
  });

  it('refuses those who may not see the inventory, and unknown municipalities', async () => {
    expect((await ctx.app.request('/api/v1/municipalities/147/graph')).status).toBe(401);
    // Other municipalities' users see it by default; not once the municipality says own only.
    expect((await ctx.app.request('/api/v1/municipalities/147/graph', { headers: outsider.read })).status).toBe(200);
    const put = await ctx.app.request('/api/v1/municipalities/147/settings', { method: 'PUT', headers: { ...leader.write, 'content-type': 'application/json' }, body: JSON.stringify({ inventoryVisibility: 'own_municipality' }) });
    expect(put.status).toBe(200);
    const refused = await ctx.app.request('/api/v1/municipalities/147/graph', { headers: outsider.read });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await ctx.app.request('/api/v1/municipalities/999/graph', { headers: leader.read })).status).toBe(404);
  });

  it("gives the municipality score's band for L by the model's cut-offs", async () => {
    const view = (await (await ctx.app.request('/api/v1/municipalities/147/score', { headers: leader.read })).json()) as { band: string; score: { lockin: { L: number } } };
    expect(view.band).toBe(bandOf(view.score.lockin.L));
  });

  it('tells the web front end where the accessibility statement is', async () => {
    const session = (await (await ctx.app.request('/api/v1/auth/session')).json()) as { site: { accessibilityStatementUrl: string | null } };
    expect(session.site.accessibilityStatementUrl).toBe('https://www.was.digst.dk/handlefrihed-example');
  });
});
