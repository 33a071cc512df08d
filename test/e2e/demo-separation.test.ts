// Demo and real never mix, end to end (issue #13): the real server with its 98 demo
// municipalities, one real KITOS file imported into København with the CLI. The overview then
// carries the coverage line and no demo banner; Læsø's own page shows the banner naming it.
// `demo reset` refuses (exit 1, Danish and English) while real data exists, `demo remove` deletes
// the demo data (audited as the CLI's user), and `demo reset --force` rebuilds it beside the real.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/connect.ts';
import { haveBrowser, signInWithApi } from '../helpers/browser.ts';
import { addUser, runCli } from '../helpers/cli.ts';
import { kitosFile } from '../helpers/kitos-exports.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

const counts = async (databaseUrl: string) => {
  const h = openDatabase(databaseUrl);
  try {
    const demoVersions = await h.db.selectFrom('inventory_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('demo', '=', 1).executeTakeFirstOrThrow();
    const demoProducts = await h.db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'demo').executeTakeFirstOrThrow();
    const realVersions = await h.db.selectFrom('inventory_versions').select(['id', 'municipality_code']).where('demo', '=', 0).execute();
    const audit = await h.db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'demo.remove').execute();
    return { demoVersions: Number(demoVersions.n), demoProducts: Number(demoProducts.n), realVersions, audit };
  } finally {
    await h.close();
  }
};

describe('demo and real data, end to end', () => {
  let site: E2eSite;
  let dir: string;
  let password: string;
  const email = 'admin@kommune.dk';

  beforeAll(async () => {
    site = await openSite('demo-separation', { startTimeoutMs: 280_000 });
    dir = mkdtempSync(join(tmpdir(), 'hf-e2e-demo-sep-'));
    const { fileName, bytes } = await kitosFile('systems-full', 'csv-utf-8-bom');
    const file = join(dir, fileName);
    writeFileSync(file, bytes);
    const imported = runCli(['import', file, '--municipality', '101'], site.env);
    expect(imported.code, imported.err).toBe(0);
    password = addUser(site.env, email, 'admin');
  }, 300_000);
  afterAll(async () => {
    await site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(haveBrowser)('shows the coverage line and no banner on the overview, and the banner on Læsø’s own page', async () => {
    const page = await site.browser.newPage({ locale: 'da-DK' });
    expect(await signInWithApi(page, site.url, email, password)).toBe(200);
    await page.goto(site.url);
    const coverage = page.locator('#coverage');
    await expect.poll(async () => (await coverage.textContent()) ?? '', { timeout: 120_000 }).toMatch(/^1 af 98 kommuner har indlæst data \(\d{1,2}\. [a-z]{3}\.? \d{4}\)\.$/);
    expect(await page.locator('#demo-banner').isHidden()).toBe(true);
    // Læsø reads "ingen data" nationally.
    await expect.poll(async () => (await page.locator('li.municipality[data-code="825"] .count').textContent()) ?? '').toMatch(/^ingen data/);

    await page.goto(`${site.url}/kommuner/825`);
    const banner = page.locator('#demo-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toMatch(/Fiktive demodata\..*Læsøs tal er genereret/);
    await page.screenshot({ path: 'test-results/demo-separation-laeso.png', fullPage: true });

    await page.goto(`${site.url}/kommuner/101`);
    await page.locator('h1', { hasText: 'København' }).waitFor();
    expect(await page.locator('#demo-banner').isHidden()).toBe(true);
    await page.close();
  });

  it.runIf(haveBrowser)('shows no demo product, demo municipality or demo banner on København’s pages or the national ones', async () => {
    const page = await site.browser.newPage({ locale: 'da-DK' });
    expect(await signInWithApi(page, site.url, email, password)).toBe(200);
    // Pages that name other municipalities only where they compare with them: there, the demo
    // municipalities (Frederiksberg, Læsø, …) must not appear; the overview lists all 98 by name.
    const pages: { path: string; namesOthers: boolean }[] = [
      { path: '/', namesOthers: false },
      { path: '/kommuner/101', namesOthers: true },
      { path: '/kommuner/101/exitveje', namesOthers: true },
      { path: '/kommuner/101/rapport', namesOthers: true },
      { path: '/kommuner/101/scenarier', namesOthers: true },
      { path: '/samarbejde', namesOthers: true },
      { path: '/katalog', namesOthers: true },
    ];
    for (const { path, namesOthers } of pages) {
      await page.goto(`${site.url}${path}`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => ![...document.querySelectorAll('[role="status"]')].some((s) => /…\s*$/.test(s.textContent ?? '')));
      const text = await page.locator('main').innerText();
      expect(text, path).not.toMatch(/\(demo\)/);
      expect(await page.locator('#demo-banner').isHidden(), path).toBe(true);
      if (namesOthers) for (const other of ['Frederiksberg', 'Læsø', 'Aarhus', 'Odense']) expect(text, `${path}: ${other}`).not.toContain(other);
    }
    await page.close();
  });

  it('demo reset refuses while real data exists, demo remove deletes the demo data, reset --force rebuilds it', async () => {
    const refused = runCli(['demo', 'reset'], site.env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/rigtige data/);
    expect(refused.err).toMatch(/real data/);
    const before = await counts(site.env.DATABASE_URL!);
    expect(before.demoVersions).toBe(98);

    const removed = runCli(['demo', 'remove'], site.env);
    expect(removed.code, removed.err).toBe(0);
    expect(removed.out).toMatch(/98 inventory versions \(97 municipalities\)/);
    const after = await counts(site.env.DATABASE_URL!);
    expect(after).toMatchObject({ demoVersions: 0, demoProducts: 0, realVersions: before.realVersions });
    expect(after.audit).toHaveLength(1);
    expect(after.audit[0]!.actor).toMatch(/^cli:/);

    const forced = runCli(['demo', 'reset', '--force', '--seed', '7'], site.env);
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toMatch(/generated 97 \(seed 7/);
    const rebuilt = await counts(site.env.DATABASE_URL!);
    expect(rebuilt.demoVersions).toBe(97);
    expect(rebuilt.realVersions).toEqual(before.realVersions);
  }, 300_000);
});
