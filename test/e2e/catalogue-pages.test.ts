// The open-source catalogue in a real browser against the real server with the demo data:
// search and filters kept in the URL (and Back), an entry page, a contribution refused by the
// browser's check and by the server, then accepted; a moderator approves it and it is listed.
// axe-core finds nothing on any page; a screenshot of each goes to test-results/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser, signInWithForm } from '../helpers/browser.ts';
import { addUser } from '../helpers/cli.ts';
import { daysAgo } from '../helpers/clock.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

describe.runIf(haveBrowser)('the open-source catalogue in headless Chromium (demo data)', () => {
  let site: E2eSite;
  let page: Page;
  const errors: string[] = [];
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    site = await openSite('catalogue', { startTimeoutMs: 850_000 });
    for (const [email, role] of [['bidrag@kk.dk', 'contributor'], ['moderator@kk.dk', 'moderator']] as const) {
      passwords[email] = addUser(site.env, email, role);
    }
    page = await site.browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 900_000);
  afterAll(() => site?.close());

  const status = () => page.locator('main > p[role="status"]').first();
  const rowNames = () => page.locator('#catalogue-table tbody th a').allTextContents();
  const signIn = async (email: string) => {
    await signInWithForm(page, email, passwords[email]!);
    await page.locator('#account').filter({ hasText: email }).waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.locator('#account').filter({ hasNotText: '@' }).waitFor();
  };

  it('searches and filters with the state in the URL, Back included, and links the same list as CSV', async () => {
    await page.goto(`${site.url}/katalog`);
    await page.getByRole('heading', { level: 1, name: 'Åbne alternativer' }).waitFor();
    await status().filter({ hasText: /^\d+ alternativer i kataloget\.$/ }).waitFor();
    const total = Number((await status().textContent())!.match(/^(\d+)/)![1]);
    expect(total).toBeGreaterThan(50);
    expect(await page.locator('#catalogue-table tbody tr').count()).toBe(total);
    // Names in Danish collation (the server sorts by code points).
    const names = await rowNames();
    expect(names).toEqual([...names].sort(new Intl.Collator('da-DK').compare));
    expect(await page.locator('#catalogue-table caption').textContent()).toBe('Åbne alternativer');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/catalogue-list.png', fullPage: true });

    // Free text: the URL carries it, the count is announced, the row shows what it replaces and its use.
    await page.getByLabel('Søg i navn og beskrivelse').fill('QGIS');
    await page.getByRole('button', { name: 'Søg', exact: true }).click();
    // Name and descriptions are searched: PostGIS's description names QGIS too.
    await status().filter({ hasText: /^\d+ alternativ(er)? matcher søgningen\.$/ }).waitFor();
    expect(new URL(page.url()).search).toBe('?search=QGIS');
    expect(await rowNames()).toContain('QGIS');
    const qgis = page.locator('#catalogue-table tbody tr').filter({ has: page.locator('th', { hasText: /^QGIS$/ }) });
    expect(await qgis.count()).toBe(1);
    expect(Number(await qgis.locator('td').nth(4).textContent())).toBeGreaterThan(0);
    expect((await qgis.locator('td').nth(0).textContent())!.length).toBeGreaterThan(1);

    // Filters: a licence, then a category on top; each applies at once and lands in the URL.
    await page.getByRole('button', { name: 'Nulstil' }).click();
    await status().filter({ hasText: `${total} alternativer i kataloget.` }).waitFor();
    await page.getByLabel('Licens (SPDX)').selectOption('MPL-2.0');
    await page.waitForURL(/\?license=MPL-2\.0$/);
    await status().filter({ hasText: /alternativer matcher søgningen/ }).waitFor();
    const mpl = await page.locator('#catalogue-table tbody td:nth-child(3)').allTextContents();
    expect(mpl.length).toBeGreaterThan(1);
    expect(mpl.every((l) => /\bMPL-2\.0\b/.test(l))).toBe(true);
    await page.getByLabel('Kategori').selectOption('office');
    await page.waitForURL(/\?category=office&license=MPL-2\.0$/);
    await page.waitForFunction(() => document.querySelector('main > p[role="status"]')?.textContent !== 'Søger …');
    const office = await rowNames();
    expect(office).toContain('LibreOffice Writer');
    expect(office.length).toBeLessThan(mpl.length);
    // A development status nothing in the demo catalogue has: an empty, announced result.
    await page.getByLabel('Udviklingsstatus').selectOption('obsolete');
    await status().filter({ hasText: 'Ingen alternativer matcher søgningen.' }).waitFor();
    expect(await page.locator('#catalogue-table').count()).toBe(0);

    // Back restores the previous filter, controls included.
    await page.goBack();
    await page.waitForURL(/\?category=office&license=MPL-2\.0$/);
    await page.locator('#catalogue-table').waitFor();
    expect(await rowNames()).toEqual(office);
    expect(await page.getByLabel('Kategori').inputValue()).toBe('office');
    expect(await page.getByLabel('Udviklingsstatus').inputValue()).toBe('');

    // The download is the same filtered list, from the API.
    const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(href).toContain('category=office');
    expect(href).toContain('format=csv');
    const csv = await page.request.get(new URL(href!, site.url).toString());
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toContain('Antal kommuner, der bruger det');
    expect(lines.length - 1).toBe(office.length);
    const xlsx = await page.request.get(new URL((await page.getByRole('link', { name: 'Excel (XLSX)' }).getAttribute('href'))!, site.url).toString());
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

    // A linked view opens filtered; English on request.
    await page.goto(`${site.url}/katalog?search=qgis&sort=municipalities`);
    await status().filter({ hasText: /^\d+ alternativ(er)? matcher søgningen\.$/ }).waitFor();
    expect(await page.getByLabel('Sortér efter').inputValue()).toBe('municipalities');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Open-source alternatives' }).waitFor();
    await status().filter({ hasText: /^\d+ alternatives? match(es)? the search\.$/ }).waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Åbne alternativer' }).waitFor();
    expect(errors).toEqual([]);
  }, 240_000);

  it('opens an entry: facts, maturity components, what it replaces, who uses it, and publiccode.yml', async () => {
    await page.goto(`${site.url}/katalog?search=QGIS`);
    await page.getByRole('link', { name: 'QGIS', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'QGIS' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/katalog\/\d+$/);
    expect(await page.locator('#entry-facts').textContent()).toContain('Licens (SPDX)');
    expect(await page.locator('#maturity-table tbody tr').count()).toBe(6);
    // AMS rests on the metrics whose inputs are known (issue #14): the page says how many; an unknown metric reads "ukendt", not 0.
    expect(await page.locator('#entry-ams-known').textContent()).toMatch(/^\d af 6 mål kendt/);
    const unknownRows = (await page.locator('#maturity-table tbody tr td:nth-child(3)').allTextContents()).filter((v) => v === 'ukendt').length;
    const known = Number((await page.locator('#entry-ams-known').textContent())!.split(' ')[0]);
    expect(unknownRows).toBe(6 - known);
    expect(await page.locator('#replaces-list li').count()).toBeGreaterThan(0);
    const users = await page.locator('#users-list li a').allTextContents();
    expect(users.length).toBeGreaterThan(0);
    expect(users).toEqual([...users].sort(new Intl.Collator('da-DK').compare));
    await page.getByText('Ingen har delt erfaringer med alternativet endnu.').waitFor();
    // Anonymous readers get no report form.
    expect(await page.getByRole('form', { name: 'Del jeres erfaringer' }).count()).toBe(0);
    // Sources: every sourced fact grouped by fact, each value with its source, the date it was read,
    // and "ikke verificeret" where the source does not state it.
    const groups = page.locator('#entry-sources details');
    expect(await groups.count()).toBeGreaterThan(5);
    const licence = page.locator('#entry-sources details[data-fact="spdx_license"]');
    await licence.locator('summary').click();
    expect(await licence.locator('summary').textContent()).toMatch(/^Licens \(SPDX\) \(1/);
    expect(await licence.locator('li').first().textContent()).toMatch(/GPL-2\.0-or-later.*Kilde: .*læst 7\. dec\. 2026/s);
    expect(await licence.locator('a.source-link').first().getAttribute('href')).toMatch(/^https?:\/\//);
    const languages = page.locator('#entry-sources details[data-fact="available_language"]');
    await languages.locator('summary').click();
    expect(await languages.locator('.tag').allTextContents()).toContain('ikke verificeret');
    const functions = page.locator('#entry-sources details[data-fact="function"]');
    await functions.locator('summary').click();
    expect(await functions.locator('.fact-value').allTextContents()).toContain('GIS (desktop)');
    // The reference entry exports from its sourced facts: the file is valid, with the stored localisation.
    await page.getByRole('button', { name: 'Tjek filen' }).click();
    await page.locator('#publiccode-result').filter({ hasText: 'Filen er gyldig publiccode.yml.' }).waitFor();
    expect(await page.locator('#publiccode-link').getAttribute('href')).toMatch(/\/publiccode\.yml\?localisationReady=true&availableLanguages=da%2Cen$/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/catalogue-entry.png', fullPage: true });
    // On a phone (390 px) every group opened: nothing scrolls sideways, and axe still finds nothing.
    await page.setViewportSize({ width: 390, height: 844 });
    const groupCount = await groups.count();
    for (let i = 0; i < groupCount; i++) {
      const group = groups.nth(i);
      if ((await group.getAttribute('open')) === null) await group.locator('summary').click();
    }
    expect(await page.locator('#entry-sources details[open]').count()).toBe(await groups.count());
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/catalogue-entry-sources-390.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(errors).toEqual([]);
  }, 240_000);

  it('refuses an invalid contribution at its fields (browser check, then the server), and accepts a valid one for moderation', async () => {
    await page.goto(`${site.url}/katalog/bidrag`);
    await page.getByRole('heading', { name: 'Ingen adgang' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await signIn('bidrag@kk.dk');
    await page.getByRole('button', { name: 'Send forslaget' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // The browser's check: every problem at once, at its field, summarised in an alert.
    await page.getByLabel('Seneste udgivelse').fill('20-05-2026');
    await page.getByRole('button', { name: 'Send forslaget' }).click();
    const summary = page.locator('#error-summary');
    await summary.getByRole('heading', { name: 'Forslaget har fejl' }).waitFor();
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.locator('li').count()).toBe(5);
    for (const id of ['name', 'repositoryUrl', 'spdxLicense', 'lastReleaseAt', 'descriptionDa']) {
      const control = page.locator(`#${id}`);
      expect(await control.getAttribute('aria-invalid'), id).toBe('true');
      expect(await control.getAttribute('aria-describedby'), id).toContain(`${id}-error`);
      expect((await page.locator(`#${id}-error`).textContent())!.length, id).toBeGreaterThan(3);
    }
    expect(await page.locator('#lastReleaseAt-error').textContent()).toBe('Datoen skal skrives åååå-mm-dd');
    // The summary's links lead to the fields.
    await summary.getByRole('link', { name: /^Licens som SPDX-udtryk/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('spdxLicense');

    // Valid for the browser, refused by the server: BUSL is no open-source licence.
    await page.getByLabel('Navn (påkrævet)').fill('Fjordby Borgerservice');
    await page.getByLabel('Kildekodens repository').fill('https://github.com/fjordby/borgerservice.git');
    await page.getByLabel('Licens som SPDX-udtryk (påkrævet)').fill('BUSL-1.1');
    await page.getByLabel('Udviklingsstatus').selectOption('stable');
    await page.getByLabel('Softwaretype').selectOption('standalone/web');
    await page.getByLabel('Kategorier').selectOption(['content-management']);
    await page.getByLabel('Seneste udgivelse').fill(daysAgo(20));
    await page.getByLabel('Beskrivelse på dansk').fill('Selvbetjening for borgere med tidsbestilling og kø-styring.');
    await page.getByRole('button', { name: 'Send forslaget' }).click();
    await page.locator('#spdxLicense-error').filter({ hasText: 'Licensen er ikke en open source-licens' }).waitFor();
    expect(await summary.locator('li').count()).toBe(1);
    expect(await page.locator('#name').getAttribute('aria-invalid')).toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/catalogue-contribute-errors.png', fullPage: true });

    // A name the catalogue has: the server's 409 at the name.
    await page.getByLabel('Licens som SPDX-udtryk (påkrævet)').fill('EUPL-1.2');
    await page.getByLabel('Navn (påkrævet)').fill('QGIS');
    await page.getByRole('button', { name: 'Send forslaget' }).click();
    await page.locator('#name-error').filter({ hasText: 'Kataloget har allerede QGIS' }).waitFor();

    await page.getByLabel('Navn (påkrævet)').fill('Fjordby Borgerservice');
    await page.getByRole('button', { name: 'Send forslaget' }).click();
    const done = page.locator('#contribution-done');
    await done.getByText('Fjordby Borgerservice er modtaget og afventer moderation.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/catalogue-contribute.png', fullPage: true });
    // The author sees it, marked as waiting.
    await done.getByRole('link', { name: /Se dit forslag/ }).click();
    await page.getByRole('heading', { level: 1, name: /Fjordby Borgerservice/ }).waitFor();
    expect(await page.locator('h1 .tag').textContent()).toBe('Afventer moderation');

    // A contributor may report experience with an entry; the report waits for moderation too.
    await page.goto(`${site.url}/katalog?search=QGIS`);
    await page.getByRole('link', { name: 'QGIS', exact: true }).click();
    const reportForm = page.getByRole('form', { name: 'Del jeres erfaringer' });
    await reportForm.waitFor();
    await reportForm.getByRole('button', { name: 'Send til moderation' }).click();
    await page.locator('#report-title-error').filter({ hasText: 'Skriv en overskrift' }).waitFor();
    expect(await page.locator('#report-body').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Overskrift').fill('Kortlægning i teknik og miljø');
    await page.getByLabel('Jeres erfaringer', { exact: true }).fill('Vi bruger QGIS til kortopgaver; oplæringen tog en uge.');
    await page.getByLabel('Vurdering').selectOption('4');
    await reportForm.getByRole('button', { name: 'Send til moderation' }).click();
    await page.getByText('Tak. Beretningen afventer nu moderation.').waitFor();
    const mine = page.locator('#experience-reports .report').filter({ hasText: 'Kortlægning i teknik og miljø' });
    expect(await mine.locator('.tag').textContent()).toBe('Afventer moderation');
    expect(await accessibilityViolations(page)).toEqual([]);

    // A contributor has no access to the queue.
    await page.goto(`${site.url}/katalog/moderation`);
    await page.getByText('Din rolle giver ikke adgang til at moderere kataloget.').waitFor();
    await signOut();
    expect(errors).toEqual([]);
  }, 240_000);

  it('lets a moderator approve the contribution, which then is listed in the catalogue', async () => {
    // Not listed for readers while it waits.
    await page.goto(`${site.url}/katalog?search=Fjordby`);
    await status().filter({ hasText: 'Ingen alternativer matcher søgningen.' }).waitFor();

    await page.goto(`${site.url}/katalog/moderation`);
    await page.getByRole('heading', { name: 'Ingen adgang' }).waitFor();
    await signIn('moderator@kk.dk');
    const item = page.locator('#queue-alternatives .queue-item').filter({ hasText: 'Fjordby Borgerservice' });
    await item.waitFor();
    expect(await page.locator('#queue-summary').textContent()).toBe('Venter: 1 forslag og 1 erfaringsberetning.');
    const report = page.locator('#queue-reports .queue-item').filter({ hasText: 'Kortlægning i teknik og miljø' });
    expect(await report.textContent()).toContain('vurdering 4 af 5');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/catalogue-moderation.png', fullPage: true });

    // Rejecting needs a reason.
    await item.getByRole('button', { name: 'Afvis' }).click();
    await item.getByRole('alert').filter({ hasText: 'Afvisningen mangler en begrundelse.' }).waitFor();
    expect(await item.locator('textarea').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);

    await item.getByRole('button', { name: 'Godkend' }).click();
    await page.locator('#moderation-status').filter({ hasText: 'Fjordby Borgerservice er godkendt og står nu i kataloget.' }).waitFor();
    expect(await page.locator('#queue-alternatives .queue-item').count()).toBe(0);
    expect(await page.locator('#queue-summary').textContent()).toBe('Venter: 0 forslag og 1 erfaringsberetning.');
    await report.getByRole('button', { name: 'Godkend' }).click();
    await page.locator('#moderation-status').filter({ hasText: 'Beretningen »Kortlægning i teknik og miljø« er godkendt.' }).waitFor();
    expect(await page.locator('#queue-summary').textContent()).toBe('Venter: 0 forslag og 0 erfaringsberetninger.');
    expect(await page.getByText('Køen er tom.').count()).toBe(2);

    await page.getByRole('link', { name: '← Alle åbne alternativer' }).click();
    await page.getByLabel('Søg i navn og beskrivelse').fill('tidsbestilling');
    await page.getByLabel('Søg i navn og beskrivelse').press('Enter');
    await status().filter({ hasText: '1 alternativ matcher søgningen.' }).waitFor();
    const row = page.locator('#catalogue-table tbody tr').first();
    expect(await row.locator('th a').textContent()).toBe('Fjordby Borgerservice');
    expect(await row.locator('.tag').count()).toBe(0);
    expect(await row.locator('td').nth(3).textContent()).toBe('Stabil');
    await signOut();
    // Readers see it now, too.
    await page.goto(`${site.url}/katalog?search=Fjordby`);
    await status().filter({ hasText: '1 alternativ matcher søgningen.' }).waitFor();
    expect(errors).toEqual([]);
  }, 240_000);
});
