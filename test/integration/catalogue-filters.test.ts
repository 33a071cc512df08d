// The catalogue list's filters for the web catalogue: free text over name and descriptions,
// a minimum maturity (AMS), the number of municipalities using each entry (inventory or a
// published experience report), the sort by it, and the same in the detail and the CSV export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { daysAgo } from '../helpers/clock.ts';
import { databaseKinds } from '../helpers/databases.ts';

interface Row {
  id: number;
  name: string;
  ams: number | null;
  municipalityCount: number;
  productCount: number;
  replaces: string[];
}

describe.each(databaseKinds)('catalogue filters on %s', (kind) => {
  let ctx: TestApp;
  let reader: SignedInClient;
  let contributor: SignedInClient;
  let architect: SignedInClient;
  let moderator: SignedInClient;
  let fjordby = 0;

  const request = (path: string, who: SignedInClient, body?: unknown) =>
    ctx.app.request(path, body === undefined ? { headers: who.read } : { method: 'POST', headers: { ...who.write, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = async <T>(path: string, who: SignedInClient, body?: unknown, status = body === undefined ? 200 : 201): Promise<T> => {
    const res = await request(path, who, body);
    const text = await res.text();
    expect(res.status, `${path}: ${text}`).toBe(status);
    return JSON.parse(text) as T;
  };
  const list = (query: string) => json<{ items: Row[]; total: number }>(`/api/v1/alternatives?limit=500&${query}`, reader);

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    const db = ctx.t.handle.db;
    // Two municipalities run QGIS (one of them twice); one of them runs Nextcloud Hub too.
    await replaceInventory(db, { municipalityCode: 147, kind: 'import', run: aRun(), records: inventoryRecords.parse({ usages: [aUsage({ local_id: 'Q1', product_name: 'QGIS' }), aUsage({ local_id: 'Q2', product_name: 'QGIS', criticality: 'high' }), aUsage({ local_id: 'N1', product_name: 'Nextcloud Hub' })] }) });
    await replaceInventory(db, { municipalityCode: 151, kind: 'import', run: aRun(), records: inventoryRecords.parse({ usages: [aUsage({ local_id: 'Q1', product_name: 'QGIS' })] }) });
    reader = await signInAs(ctx, [{ role: 'reader', municipalityCode: null }]);
    contributor = await signInAs(ctx, [{ role: 'contributor', municipalityCode: null }]);
    architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 153 }]);
    moderator = await signInAs(ctx, [{ role: 'moderator', municipalityCode: null }]);
    const proposal = {
      name: 'Fjordby Borgerservice',
      repositoryUrl: 'https://github.com/fjordby/borgerservice.git',
      softwareType: 'standalone/web',
      developmentStatus: 'stable',
      spdxLicense: 'EUPL-1.2',
      maintenanceType: 'community',
      categories: ['content-management'],
      descriptionDa: 'Selvbetjening for borgere med tidsbestilling og kø-styring.',
      descriptionEn: 'Self-service for citizens with appointment booking.',
      lastReleaseAt: daysAgo(30),
    };
    fjordby = (await json<{ id: number }>('/api/v1/alternatives', contributor, proposal)).id;
    await json(`/api/v1/alternatives/${fjordby}/moderation`, moderator, { decision: 'publish' }, 200);
  });
  afterAll(async () => ctx.t.drop());

  it('counts the municipalities whose current inventory uses an entry, once each', async () => {
    const qgis = (await list('q=qgis')).items.find((a) => a.name === 'QGIS')!;
    expect(qgis.municipalityCount).toBe(2);
    // What it replaces, by name, as many as it is mapped onto.
    expect(qgis.replaces.length).toBe(qgis.productCount);
    expect(qgis.replaces.length).toBeGreaterThan(0);
    expect((await list('q=nextcloud')).items.find((a) => a.name === 'Nextcloud Hub')!.municipalityCount).toBe(1);
    expect((await list('q=fjordby')).items.map((a) => [a.name, a.municipalityCount])).toEqual([['Fjordby Borgerservice', 0]]);
    const detail = await json<{ municipalities: { code: number; name: string }[] }>(`/api/v1/alternatives/${qgis.id}`, reader);
    expect(detail.municipalities.map((m) => m.code).sort()).toEqual([147, 151]);
    // Sorted by that count, most used first.
    const byUse = await list('sort=municipalities&order=desc');
    const counts = byUse.items.map((a) => a.municipalityCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(byUse.items[0]!.name).toBe('QGIS');
  });

  it('counts a municipality that published an experience report, but not while the report is pending', async () => {
    const report = await json<{ id: number }>(`/api/v1/alternatives/${fjordby}/experience-reports`, architect, { title: 'Godt i gang', body: 'Vi bruger det i borgerservice.', municipalityCode: 153 });
    expect((await list('q=fjordby')).items[0]!.municipalityCount).toBe(0);
    await json(`/api/v1/experience-reports/${report.id}/moderation`, moderator, { decision: 'publish' }, 200);
    expect((await list('q=fjordby')).items[0]!.municipalityCount).toBe(1);
    const detail = await json<{ municipalities: { code: number }[] }>(`/api/v1/alternatives/${fjordby}`, reader);
    expect(detail.municipalities.map((m) => m.code)).toEqual([153]);
  });

  it('searches free text in the name and both descriptions, every word', async () => {
    expect((await list('search=tidsbestilling')).items.map((a) => a.name)).toEqual(['Fjordby Borgerservice']);
    expect((await list('search=APPOINTMENT%20fjordby')).items.map((a) => a.name)).toEqual(['Fjordby Borgerservice']);
    expect((await list('search=tidsbestilling%20spreadsheet')).total).toBe(0);
    // The name alone still matches through `search`, as through `q`.
    expect((await list('search=qgis')).items.map((a) => a.name)).toContain('QGIS');
  });

  it('filters on a minimum maturity and gives the maturity components in the detail', async () => {
    const all = await list('');
    // The contribution's facts score highest (a recent release, stable and maintained); reference entries score from
    // their sourced facts, and an entry with no maturity metric known has AMS null ("ukendt"), not 0.
    const own = all.items.find((a) => a.id === fjordby)!.ams!;
    expect(own).toBeGreaterThan(0);
    expect(all.items.filter((a) => a.id !== fjordby).every((a) => a.ams === null || a.ams < own)).toBe(true);
    const unknown = all.items.filter((a) => a.ams === null);
    expect(unknown.length).toBeGreaterThan(0);
    const mature = await list(`minMaturity=${Math.floor(own)}`);
    expect(mature.items.map((a) => a.name)).toEqual(['Fjordby Borgerservice']);
    expect((await list(`minMaturity=${Math.floor(own) + 1}`)).total).toBe(0);
    // An unknown AMS is not at least 0: minMaturity=0 lists exactly the entries whose AMS is known.
    const known = await list('minMaturity=0');
    expect(known.total).toBe(all.total - unknown.length);
    expect(known.items.every((a) => a.ams !== null)).toBe(true);
    expect((await request('/api/v1/alternatives?minMaturity=101', reader)).status).toBe(400);
    const detail = await json<{ ams: number; maturity: { ams: number; knownMetrics: number; metricCount: number; components: { metric: string; weight: number; unknown: string[]; known: boolean }[] } }>(`/api/v1/alternatives/${fjordby}`, reader);
    expect(detail.maturity.ams).toBeCloseTo(detail.ams);
    expect(detail.maturity.knownMetrics).toBe(detail.maturity.components.filter((c) => c.known).length);
    expect(detail.maturity.metricCount).toBe(6);
    const none = await json<{ ams: number | null; maturity: { ams: number | null; knownMetrics: number } }>(`/api/v1/alternatives/${unknown[0]!.id}`, reader);
    expect(none).toMatchObject({ ams: null, maturity: { ams: null, knownMetrics: 0 } });
    expect(detail.maturity.components.map((c) => c.metric)).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
    expect(detail.maturity.components.find((c) => c.metric === 'M1')!.unknown).toEqual(['scorecardScore']);
  });

  it('exports the count with the filtered rows', async () => {
    const res = await request('/api/v1/alternatives?format=csv&delimiter=comma&lang=en&search=qgis', reader);
    const [head, ...rows] = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(head).toContain('Municipalities using it');
    expect(rows.some((r) => r.includes('QGIS'))).toBe(true);
  });
});
