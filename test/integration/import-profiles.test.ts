// GET /api/v1/import-templates lists the profiles and the fields a column can be mapped to (what
// the import page offers in its mapping selects); every listed target is accepted by a dry run,
// and a target it does not list is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../importers/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';

interface ProfileView {
  id: string;
  label: { da: string; en: string };
  record: string;
  required: string[];
  fields: { id: string; titles: string[] }[];
  template: string;
}

describe('the import profiles', () => {
  let ctx: TestApp;
  let architect: SignedInClient;
  beforeAll(async () => {
    ctx = await createTestApp('sqlite');
    architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
  });
  afterAll(async () => ctx.t.drop());

  const dryRun = async (csv: string, map: string[]) => {
    const form = new FormData();
    form.set('file', new File([csv], 'oversigt.csv'));
    form.set('profile', 'generic');
    form.set('dryRun', 'true');
    for (const m of map) form.append('map', m);
    return ctx.app.request('/api/v1/municipalities/101/imports', { method: 'POST', body: form, headers: architect.write });
  };

  it('lists every profile with its required fields, mappable fields and template, without signing in', async () => {
    const res = await ctx.app.request('/api/v1/import-templates');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: ProfileView[] };
    expect(items.map((p) => p.id)).toEqual(PROFILES.map((p) => p.id));
    const generic = items.find((p) => p.id === 'generic')!;
    expect(generic).toMatchObject({ record: 'usage', required: ['system_name'], template: '/api/v1/import-templates/generic', label: { da: 'Generel it-systemoversigt' } });
    const ids = generic.fields.map((f) => f.id);
    expect(ids).toContain('system_name');
    expect(ids).toContain('supplier');
    expect(ids.at(-1)).toBe('extra');
    expect(generic.fields.find((f) => f.id === 'supplier')!.titles).toContain('Leverandør');
    for (const p of items) for (const r of p.required) expect(p.fields.map((f) => f.id)).toContain(r);
    // The template link answers.
    expect((await ctx.app.request(generic.template)).status).toBe(200);
  });

  it('offers only targets a dry run accepts', async () => {
    const { items } = (await (await ctx.app.request('/api/v1/import-templates')).json()) as { items: ProfileView[] };
    const generic = items.find((p) => p.id === 'generic')!;
    const csv = 'Navnet;Firma;Bemærk\nSagssystem;Leverandør A/S;x\n';
    const ok = await dryRun(csv, ['Navnet=system_name', 'Firma=supplier', 'Bemærk=extra']);
    expect(ok.status).toBe(200);
    const report = (await ok.json()) as { status: string; meta: { columns: { source: string; target: string; how: string }[] }; preview: { product_name: string }[] };
    expect(report.status).toBe('dry_run');
    expect(report.meta.columns).toEqual([
      { source: 'Navnet', target: 'system_name', how: 'user' },
      { source: 'Firma', target: 'supplier', how: 'user' },
      { source: 'Bemærk', target: 'extra', how: 'user' },
    ]);
    expect(report.preview[0]!.product_name).toBe('Sagssystem');
    expect(generic.fields.map((f) => f.id)).not.toContain('no_such_field');
    const refused = await dryRun(csv, ['Navnet=no_such_field']);
    expect(refused.status).toBe(422);
  });
});
