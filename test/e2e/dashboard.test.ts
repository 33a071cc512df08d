// The dashboard in a real browser against the real server with the demo data: the national
// overview (map, indicator switch, ranking) and, by keyboard, one municipality's dashboard; a
// system's score page (from the dashboard's exit priorities) and a vendor's page.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.ts';

describe.runIf(haveBrowser)('the dashboard in headless Chromium (demo data)', () => {
  let dir: string;
  let server: ServerProcess;
  let browser: Browser;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hf-e2e-dash-'));
    server = await startServerProcess({ DATABASE_URL: join(dir, 'handlefrihed.db') });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the map, the ranking and the vendors, switches indicator, and opens a municipality by keyboard', async () => {
    const page = await browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(server.url);
    await page.getByRole('status').filter({ hasText: '98 kommuner' }).waitFor();

    // The map: 98 focusable regions, a legend, the DAGI credit; the ranking beside it.
    expect(await page.locator('#map-figure svg path.region').count()).toBe(98);
    expect(await page.locator('#map-figure figcaption').textContent()).toContain('Kortet viser');
    expect(await page.locator('#map-figure details table tbody tr').count()).toBe(98);
    expect(await page.locator('#map-figure g.credit').textContent()).toContain('DAGI');
    expect(await page.locator('#ranking tbody tr').count()).toBe(98);
    expect(await page.locator('#ranking th[aria-sort="descending"]').textContent()).toBe('Binding L');
    expect(await page.locator('#national-reach-figure svg g.vendor').count()).toBe(10);
    expect(await page.locator('#national-reach-figure details tbody th a[href^="/leverandoerer/"]').count()).toBe(10);
    expect(await page.locator('li.municipality').count()).toBe(98);

    // The ranking sorts by L, highest first, in Danish number format.
    const Ls = (await page.locator('#ranking tbody tr td:nth-child(3)').allTextContents()).map((t) => Number(t.replace(',', '.')));
    expect(Ls).toEqual([...Ls].sort((a, b) => b - a));

    // Switching the indicator redraws the legend and re-sorts the ranking.
    const legend = () => page.locator('#map-figure g.legend').textContent();
    const before = await legend();
    await page.getByLabel('Vis på kortet og sortér efter').selectOption('nonEuShare');
    await page.waitForFunction((b) => document.querySelector('#map-figure g.legend')?.textContent !== b, before);
    expect(await legend()).toContain('%');
    expect(await legend()).toContain('ikke-EU');
    expect(await page.locator('#ranking th[aria-sort="descending"]').textContent()).toBe('Ikke-EU');

    // Sorting by name uses Danish collation: Aabenraa, Aalborg and Aarhus come last.
    await page.getByRole('button', { name: 'Kommune', exact: true }).click();
    const names = await page.locator('#ranking tbody th a').allTextContents();
    expect(names.slice(-3)).toEqual(['Aabenraa', 'Aalborg', 'Aarhus']);

    expect(await accessibilityViolations(page)).toEqual([]);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-overview.png', fullPage: true });

    // Enter on a focused map region opens that municipality (a client-side route).
    await page.locator('#map-figure path.region[data-code="101"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/kommuner\/101$/);
    await page.getByRole('status').filter({ hasText: 'opgjort pr.' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('København');
    await checkDashboard();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/dashboard-municipality.png', fullPage: true });

    // Back to the overview, then Enter on a ranking row's link.
    await page.goBack();
    await page.waitForURL(`${server.url}/`);
    await page.locator('#ranking tbody tr').first().waitFor();
    const first = page.locator('#ranking tbody tr').first();
    const code = await first.getAttribute('data-code');
    await first.locator('a').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/kommuner/${code}$`));
    await page.getByRole('status').filter({ hasText: 'opgjort pr.' }).waitFor();
    await checkDashboard();

    // Nothing left the server (the map and all code are bundled), and nothing threw.
    expect(requests.filter((u) => !u.startsWith(server.url))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();

    async function checkDashboard() {
      const dt = await page.locator('.headline dt').allTextContents();
      expect(dt).toEqual(['Leverandørbinding L', 'Effektivt antal leverandører', 'Største leverandørs andel', 'Andel under ikke-EU-jurisdiktion']);
      expect(await page.locator('.headline dd').first().textContent()).toMatch(/^\d+bånd [A-E] af A–E · datasikkerhed (lav|middel|høj)/);
      expect(await page.locator('#reach-figure svg g.vendor').count()).toBeGreaterThan(0);
      expect(await page.locator('#exposure-figure svg g.tile').count()).toBeGreaterThan(0);
      expect(await page.locator('#contracts-figure svg g.contract').count()).toBeGreaterThan(0);
      expect(await page.locator('#contracts-figure svg g.today text').textContent()).toMatch(/^I dag, /);
      expect(await page.locator('#prio-heading + table tbody tr').count()).toBe(10);
      for (const f of await page.locator('figure.chart').all()) {
        expect(await f.locator('figcaption .summary').textContent()).not.toBe('');
        expect(await f.locator('details table').count()).toBe(1);
      }
    }
  });

  it('opens a system from the exit priorities: nine factor bars, rules with provenance, alternatives', async () => {
    const page = await browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/kommuner/101`);
    await page.getByRole('status').filter({ hasText: 'opgjort pr.' }).waitFor();
    const first = page.locator('#prio-heading + table tbody tr').first().locator('th a');
    const name = await first.textContent();
    expect(await first.getAttribute('href')).toMatch(/^\/systemer\/\d+$/);
    await first.click();
    await page.waitForURL(/\/systemer\/\d+$/);
    await page.getByRole('status').filter({ hasText: 'score opgjort pr.' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect(await page.locator('.back a').textContent()).toBe('← København');

    expect(await page.locator('#factors-figure svg g.factor').count()).toBe(9);
    expect(await page.locator('#factors-figure figcaption .summary').textContent()).toContain('9 bindingsfaktorer');
    expect(await page.locator('#factors-figure details table tbody tr').count()).toBe(9);
    expect(await page.locator('#system-headline dt').allTextContents()).toEqual(['Leverandørbinding L', 'Spænd L_opt–L', 'Kritikalitet', 'Datasikkerhed']);
    expect(await page.locator('#system-headline dd').first().textContent()).toMatch(/^\d+bånd [A-E] af A–E/);
    expect(await page.locator('#gates li').count()).toBe(4);
    expect(await page.locator('#explanation tbody').count()).toBe(9);
    const sources = (await page.locator('#explanation tbody td:last-child').allTextContents()).join(' ');
    expect(sources).toMatch(/oplyst|katalog|udledt|ukendt/);
    expect(await page.locator('#alternatives h2').textContent()).toBe('Open source-alternativer');
    expect(await page.locator('#alternatives').textContent()).not.toBe('');
    const headings = await page.locator('main h1, main h2, main h3').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    expect(headings[0]).toBe(1);
    for (let i = 1; i < headings.length; i++) expect(headings[i]! - headings[i - 1]!).toBeLessThanOrEqual(1);

    expect(await accessibilityViolations(page)).toEqual([]);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-system.png', fullPage: true });

    // A system with catalogued alternatives (Microsoft 365): ranked by lock-in after migration.
    const systems = (await (await fetch(`${server.url}/api/v1/municipalities/101/systems?limit=1000`)).json()) as { items: { usageId: number; product: string }[] };
    const m365 = systems.items.find((x) => x.product.startsWith('Microsoft 365'));
    if (m365) {
      await page.goto(`${server.url}/systemer/${m365.usageId}`);
      await page.getByRole('status').filter({ hasText: 'score opgjort pr.' }).waitFor();
      expect(await page.locator('#alternatives-table tbody tr').count()).toBeGreaterThan(0);
      const after = (await page.locator('#alternatives-table tbody td:nth-child(2)').allTextContents()).map((t) => Number(t.split(' ')[0]));
      expect(after).toEqual([...after].sort((a, b) => a - b));
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a vendor: ownership chain, national reach, reach per municipality and products', async () => {
    const vendors = (await (await fetch(`${server.url}/api/v1/vendors?q=Microsoft`)).json()) as { items: { id: number; name: string }[] };
    const microsoft = vendors.items.find((v) => v.name === 'Microsoft Corporation')!;
    const page = await browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // From a municipality's reach chart to the vendor, by the link under it.
    await page.goto(`${server.url}/kommuner/101`);
    await page.getByRole('status').filter({ hasText: 'opgjort pr.' }).waitFor();
    await page.locator(`#reach-heading ~ nav a[href="/leverandoerer/${microsoft.id}"]`).click();
    await page.waitForURL(new RegExp(`/leverandoerer/${microsoft.id}$`));
    await page.getByRole('status').filter({ hasText: 'ejerskab, rækkevidde og produkter' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Microsoft Corporation');

    expect(await page.locator('#ownership-chain li').allTextContents()).toEqual(['Microsoft Corporation (USA)']);
    expect(await page.locator('#ownership').textContent()).toContain('uden for EU/EØS');
    expect(await page.locator('#national-reach dt').allTextContents()).toContain('Samlet rækkevidde');
    expect(await page.locator('#vendor-reach-figure svg g.vendor').count()).toBe(20);
    expect(await page.locator('#vendor-reach-figure details table tbody tr').count()).toBe(98);
    expect(await page.locator('#vendor-reach-figure details table tbody th a').first().getAttribute('href')).toMatch(/^\/kommuner\/\d{3}$/);
    expect(await page.locator('#products tbody tr').count()).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-vendor.png', fullPage: true });

    // A subsidiary: the chain goes up to Microsoft Corporation; the reach is the group's.
    await page.locator('#ownership .children a').first().click();
    await page.waitForURL(/\/leverandoerer\/\d+$/);
    await page.locator('#ownership-chain li:nth-child(2)').waitFor();
    expect(await page.locator('#ownership-chain li').last().textContent()).toBe('Microsoft Corporation (USA)');
    expect(await page.locator('#national-heading ~ .chart-note').textContent()).toContain('hele koncernen under Microsoft Corporation');
    expect(await page.locator('#vendor-reach-figure svg g.vendor').count()).toBe(20);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('loads the dashboard directly without the map module', async () => {
    const page = await browser.newPage({ locale: 'da-DK' });
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await page.goto(`${server.url}/kommuner/751`);
    await page.getByRole('status').filter({ hasText: 'opgjort pr.' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Aarhus');
    expect(scripts.some((u) => /municipality/.test(u))).toBe(true);
    expect(scripts.some((u) => /choropleth|overview/.test(u))).toBe(false);
    await page.close();
  });

  it('prints the dashboard as a report: no navigation or controls, the figures and the demo label kept', async () => {
    const page = await browser.newPage({ locale: 'da-DK' });
    await page.goto(`${server.url}/kommuner/751`);
    await page.getByRole('status').filter({ hasText: 'opgjort pr.' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    const visible = (selector: string) => page.locator(selector).first().isVisible();
    expect(await visible('.site-header')).toBe(false);
    expect(await visible('.back')).toBe(false);
    expect(await visible('#demo-banner')).toBe(true);
    expect(await visible('figure svg')).toBe(true);
    expect(await page.locator('figure').count()).toBeGreaterThan(1);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
