// The exit-paths and scenario pages in a real browser against the real server with the demo
// data: a leader of København signs in, sees the ranked exit paths, builds a scenario from one
// of them, sees before and after, saves it shared, and finds it in the list.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser, signInWithApi } from '../helpers/browser.ts';
import { addUser } from '../helpers/cli.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

describe.runIf(haveBrowser)('exit paths and scenarios in headless Chromium (demo data)', () => {
  let site: E2eSite;
  let password: string;
  beforeAll(async () => {
    site = await openSite('solutions', { startTimeoutMs: 600_000 });
    password = addUser(site.env, 'leder@kk.dk', 'leader', 101);
  }, 660_000);
  afterAll(() => site?.close());

  const signIn = async (page: Page) => {
    expect(await signInWithApi(page, site.url, 'leder@kk.dk', password)).toBe(200);
  };

  it('shows the ranked exit paths, builds and saves a scenario, and shows before and after', async () => {
    const page = await site.browser.newPage({ locale: 'da-DK', viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await signIn(page);

    // Exit paths: ranked by reduction per effort point, each with window, effort and who runs it.
    await page.goto(`${site.url}/kommuner/101/exitveje`);
    await page.getByRole('status').filter({ hasText: /exitveje og \d+ idéer for København/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Exitveje – København');
    const rows = page.locator('#exit-paths table.exit-paths tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    // Task matches in the ranked table, each by reduction per effort point, with the shared task as the reason;
    // ideas to assess in their own section, never recommended.
    const section = (id: string) => page.locator(`#${id} table.exit-paths tbody tr`);
    const ranked = await section('exit-paths').evaluateAll((trs) =>
      trs.map((tr) => ({ basis: tr.querySelector('.basis')!.className, reason: tr.querySelector('.basis')!.textContent!, perPoint: tr.querySelector('td:nth-child(7)')!.textContent! })));
    expect(ranked.length).toBeGreaterThan(0);
    for (const r of ranked) {
      expect(r.basis).toContain('basis-function');
      expect(r.reason).toMatch(/^Samme opgave: \S/);
    }
    const perPoint = ranked.map((r) => Number(r.perPoint.replace(/\./g, '').replace(',', '.')));
    expect(perPoint).toEqual([...perPoint].sort((a, b) => b - a));
    expect(await page.getByRole('heading', { level: 2, name: 'Idéer at vurdere' }).count()).toBe(1);
    const ideas = await section('exit-ideas').evaluateAll((trs) =>
      trs.map((tr) => ({ basis: tr.querySelector('.basis')!.className, recommended: tr.querySelector('td:last-child')!.textContent! })));
    for (const i of ideas) {
      expect(i.basis).toContain('basis-category');
      expect(i.recommended).toBe('Nej – idé, skal vurderes');
    }
    expect(await page.locator('#exit-paths table.exit-paths thead').textContent()).toContain('Exitvindue');
    expect(await page.locator('#exit-paths table.exit-paths thead').textContent()).toContain('Kører allerede i');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/exit-paths.png', fullPage: true });

    // "Prøv …" opens the scenario page with that replacement chosen.
    const first = rows.first();
    const system = (await first.locator('th').textContent())!;
    await first.locator('td a').last().click();
    await page.waitForURL(/\/kommuner\/101\/scenarier\?erstat=/);
    await page.getByRole('status').filter({ hasText: 'kan indgå i et scenarie' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Scenarier – København');
    expect(await page.locator('li.replacement').count()).toBe(1);

    // A second replacement, the ready example "Microsoft 365 → openDesk" (several products → one suite), then compute.
    await page.getByRole('button', { name: 'Eksempel: Microsoft 365 → openDesk' }).click();
    expect(await page.locator('li.replacement').count()).toBe(2);
    const suiteRow = page.locator('li.replacement').nth(1);
    expect(await suiteRow.locator('input[name=product]:checked').count()).toBeGreaterThan(5);
    expect(await suiteRow.locator('input[name=alternative]:checked').count()).toBe(1);
    await page.getByLabel('Scenariet starter (valgfri)').fill('2027-01-01');
    await page.getByRole('button', { name: 'Beregn før og efter' }).click();
    await page.locator('#scenario-indicators').waitFor({ timeout: 60_000 });
    const lm = page.locator('#scenario-indicators tbody tr').first();
    expect(await lm.locator('th').textContent()).toBe('Leverandørbinding L_m');
    const [before, after] = (await lm.locator('td.num').allTextContents()).map((t) => Number(t.replace(',', '.')));
    expect(after).toBeLessThan(before!);
    expect(await lm.locator('td').last().textContent()).toContain('bedre');
    // The row names the system as "name (catalogue name)"; the replaced list by the file's name.
    expect(await page.locator('#scenario-result ul.replaced').textContent()).toContain(system.trim().replace(/ \(.*\)$/, ''));
    expect(await page.locator('#scenario-result ul.replaced').textContent()).toContain('Microsoft Exchange Server / Exchange Online');
    expect(await page.locator('#scenario-reach svg g.row').count()).toBeGreaterThan(0);

    // Save it, shared; it appears in the list with its downloads.
    await page.getByRole('button', { name: 'Gem scenarie' }).click();
    await page.getByRole('alert').filter({ hasText: 'Giv scenariet et navn' }).waitFor();
    await page.getByLabel('Navn', { exact: true }).fill('Exit fra de dyreste');
    await page.getByLabel('Del med kolleger i kommunen').check();
    await page.getByRole('button', { name: 'Gem scenarie' }).click();
    await page.getByText('Gemt som "Exit fra de dyreste".').waitFor();
    const saved = page.locator('#saved-scenarios tbody tr');
    await saved.filter({ hasText: 'Exit fra de dyreste' }).waitFor();
    expect(await saved.first().textContent()).toContain('Delt');
    expect(await saved.first().locator('a[href$="format=csv&lang=da"]').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/scenarios.png', fullPage: true });

    // Opening the saved scenario recomputes it on the current inventory.
    await page.getByRole('button', { name: 'Vis Exit fra de dyreste' }).click();
    await page.getByRole('heading', { name: 'Før og efter: Exit fra de dyreste' }).waitFor();
    const csv = await page.request.get(`${site.url}${await saved.first().locator('a[href*="format=csv"]').getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('L_m');
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it.each([390, 1280])('replaces a subset of one product’s usages with two catalogue entries, at %i px, accessibly (issue #14)', async (width) => {
    const page = await site.browser.newPage({ locale: 'da-DK', viewport: { width, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page);
    await page.goto(`${site.url}/kommuner/101/scenarier`);
    await page.getByRole('status').filter({ hasText: 'kan indgå i et scenarie' }).waitFor({ timeout: 60_000 });
    // The whole inventory, not only the exit paths' systems.
    const status = (await page.getByRole('status').filter({ hasText: 'kan indgå i et scenarie' }).textContent())!;
    expect(Number(status.match(/^(\d+) systemer/)![1])).toBe(600);
    const row = page.locator('li.replacement').first();
    // What: 2 of the 4 usages of "Lokalebooking (demo)", found by search.
    await row.getByLabel('Søg i kommunens systemer').fill('lokalebooking');
    // "Lokalebooking (demo)" and "Mødelokalebooking (demo)", each with its usages under it.
    const shown = row.locator('.what .pick-list > li:not([hidden])');
    expect(await shown.count()).toBe(2);
    const group = shown.filter({ hasText: 'Lokalebooking (demo) (4 brug)' });
    expect(await group.count()).toBe(1);
    await row.getByLabel('Lokalebooking – Sundheds- og Omsorgsforvaltningen', { exact: true }).check();
    await row.getByLabel('Lokalebooking – Teknik- og Miljøforvaltningen', { exact: true }).check();
    expect(await group.first().locator('input[name=product]').evaluate((b) => (b as HTMLInputElement).indeterminate)).toBe(true);
    // With: two entries of the catalogue (one → several).
    await row.getByLabel('Søg i kataloget').fill('nextcloud hub');
    await row.locator('.with .pick-list > li:not([hidden]) input').first().check();
    await row.getByLabel('Søg i kataloget').fill('jitsi meet');
    await row.locator('.with .pick-list > li:not([hidden]) input').first().check();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.getByRole('button', { name: 'Beregn før og efter' }).click();
    await page.locator('#scenario-indicators').waitFor({ timeout: 60_000 });
    const replaced = (await page.locator('#scenario-result ul.replaced').textContent())!;
    expect(replaced).toContain('Lokalebooking – Sundheds- og Omsorgsforvaltningen');
    expect(replaced).toContain('Lokalebooking – Teknik- og Miljøforvaltningen');
    expect(replaced).not.toContain('Kultur- og Fritidsforvaltningen');
    // The catalogue’s order (by name), not the order of the clicks.
    expect(replaced).toMatch(/Jitsi Meet \+ Nextcloud Hub/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `test-results/scenario-subset-${width}.png`, fullPage: true });
    // Nothing chosen on one side: the form says which replacement.
    await page.getByRole('button', { name: 'Tilføj udskiftning' }).click();
    await page.getByRole('button', { name: 'Beregn før og efter' }).click();
    await page.getByRole('alert').filter({ hasText: 'vælg både hvad der erstattes' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
