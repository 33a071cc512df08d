import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.ts';
import { migrations } from '../../server/src/db/migrations/index.ts';

/** The schema version is the number of migrations shipped (one source: the migration list). */
const SHIPPED_MIGRATIONS = Object.keys(migrations('sqlite'));

describe('handlefrihed serve on a fresh SQLite file', () => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hf-e2e-'));
    server = await startServerProcess({ DATABASE_URL: join(dir, 'nested', 'handlefrihed.db') });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates and migrates the database, loads reference and demo data, and prints the URL', async () => {
    expect(server.output()).toMatch(/Applied migrations: 0001_reference_catalogue, 0002_inventory, 0003_open_source_catalogue, 0004_scores, 0005_accounts_audit, 0006_score_exit_windows, 0007_scenarios, 0008_exit_plans, 0009_kle_roles_no_person_data/);
    expect(server.output()).toMatch(/Demo data \(fiktive demodata\): 98 municipalities/);
    expect(server.output()).toMatch(/Handlefrihed kører på http:\/\/127\.0\.0\.1:\d+/);
  });

  it('answers /api/health over real HTTP', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'sqlite', schemaVersion: SHIPPED_MIGRATIONS.length });
  });

  it('serves the built web front end at /', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="da">');
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    const js = await fetch(`${server.url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
  });

  describe.runIf(haveBrowser)('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => browser?.close());

    it('lists the 98 municipalities by region in Danish order, under a demo-data banner', async () => {
      const page = await browser.newPage({ locale: 'da-DK' });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.getByRole('status').filter({ hasText: '98 kommuner' }).waitFor();
      expect(await page.locator('li.municipality').count()).toBe(98);
      expect(await page.getByRole('note').isVisible()).toBe(true);
      expect(await page.getByRole('note').textContent()).toContain('Fiktive demodata');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await page.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
        'Region Hovedstaden (29)',
        'Region Midtjylland (19)',
        'Region Nordjylland (11)',
        'Region Sjælland (17)',
        'Region Syddanmark (22)',
      ]);
      // Danish collation: "Aa" is "Å", so Aarhus, Aalborg and Aabenraa close their regions.
      const last = async (region: string) =>
        page.locator('section.region', { hasText: region }).locator('li.municipality .name').last().textContent();
      expect(await last('Region Midtjylland')).toBe('Aarhus');
      expect(await last('Region Nordjylland')).toBe('Aalborg');
      expect(await last('Region Syddanmark')).toBe('Aabenraa');
      expect(await page.locator('li.municipality[data-code="101"] .count').textContent()).toBe('600 systemer · data pr. 6. dec. 2026');
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/landing.png', fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});
