// The import page's "Hent fra KITOS" section in a real browser against the real server (with a
// SECRETS_KEY) and a local KITOS (the fixture server on 127.0.0.1): an architect reads what a KITOS
// API user is, is stopped by the form's own checks and by the server's, sets the connection up,
// finds the organisation through the API user, runs a dry run (nothing saved) and a real sync (a
// new version in the history), and sees KITOS refuse access said in words; on a 390 px phone
// nothing scrolls sideways; Danish and English; a leader sees the state only. axe finds nothing.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser, signInWithForm } from '../helpers/browser.ts';
import { addUser } from '../helpers/cli.ts';
import { type KitosFixtureServer, startKitosFixtureServer } from '../helpers/kitos-fixture-server.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

/** The import runs through the API the page uses, newest first. */
const runs = (page: Page) =>
  page.evaluate(async () => {
    const res = await fetch('/api/v1/municipalities/101/imports?limit=1000');
    return ((await res.json()) as { items: { id: number; status: string; format: string; inventoryVersionId: number | null }[] }).items;
  });

/** The page scrolls sideways nowhere (a table's own scroll box may). */
const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/**
 * The import page afresh, its KITOS section loaded (the state or the form): each step starts here,
 * so one that fails leaves the next a page it knows.
 */
async function openImport(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/kommuner/101/import`);
  await page.locator('#kitos-state, #kitos-form').first().waitFor();
}

const historyStatus = (page: Page) => page.locator('#history-table tbody tr').first().locator('td:nth-child(5)').textContent();

describe.runIf(haveBrowser)('the import page fetches from KITOS (headless Chromium, local KITOS)', () => {
  let site: E2eSite;
  let kitos: KitosFixtureServer;
  let page: Page;
  let password: string;
  let leaderPassword: string;
  const errors: string[] = [];

  beforeAll(async () => {
    kitos = await startKitosFixtureServer();
    site = await openSite('kitos-sync', { env: { SECRETS_KEY: randomBytes(32).toString('hex') } });
    password = addUser(site.env, 'arkitekt@kk.dk', 'architect', 101);
    leaderPassword = addUser(site.env, 'leder@kk.dk', 'leader', 101);
    page = await site.browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 240_000);
  afterAll(async () => {
    await site?.close();
    await kitos?.stop();
  });

  it('explains the KITOS API user and checks the form before anything is sent', async () => {
    await page.goto(`${site.url}/kommuner/101/import`);
    await page.getByRole('heading', { name: 'Log ind' }).waitFor();
    expect(await page.locator('#import-kitos').count()).toBe(0);
    await signInWithForm(page, 'arkitekt@kk.dk', password);
    const section = page.locator('#import-kitos');
    await section.getByRole('heading', { level: 2, name: 'Hent fra KITOS' }).waitFor();
    // Between the upload and the history.
    expect(await page.locator('section.panel').evaluateAll((s) => s.map((x) => x.id))).toEqual(['import-upload', 'import-kitos', 'import-history']);
    const explain = section.locator('#kitos-explain');
    expect(await explain.textContent()).toContain('API-bruger');
    expect(await explain.locator('a[href="mailto:info@kitos.dk"]').count()).toBe(1);
    expect(await page.getByLabel('KITOS-adresse').inputValue()).toBe('https://kitos.dk');
    const secret = page.getByLabel('API-brugerens adgangskode');
    expect(await secret.getAttribute('type')).toBe('password');
    expect(await secret.getAttribute('autocomplete')).toBe('off');
    expect(await secret.inputValue()).toBe('');
    expect(await accessibilityViolations(page)).toEqual([]);

    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/kitos-connection')) sent.push(r.method());
    });
    await page.getByLabel('KITOS-adresse').fill('kitos.dk');
    await page.getByRole('button', { name: 'Gem forbindelsen' }).click();
    for (const id of ['baseUrl', 'email', 'password', 'organizationUuid']) {
      expect(await page.locator(`#kitos-${id}`).getAttribute('aria-invalid'), id).toBe('true');
      expect((await page.locator(`#kitos-${id}-error`).textContent())!.length, id).toBeGreaterThan(0);
    }
    expect(await page.locator('#kitos-email-error').textContent()).toBe('Skriv API-brugerens e-mailadresse');
    // Focus on the first field in error; nothing went to the server.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kitos-baseUrl');
    expect(sent).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/kitos-form-errors.png', fullPage: true });
  });

  it('sets the connection up through the form; the state shows the API user masked, never the password', async () => {
    await openImport(page, site.url);
    await page.getByLabel('KITOS-adresse').fill(kitos.url);
    await page.getByLabel('API-brugerens e-mail').fill(kitos.credentials.email);
    await page.getByLabel('API-brugerens adgangskode').fill(kitos.credentials.password);
    await page.getByLabel('Organisationens UUID i KITOS').fill(kitos.orgUuid.toUpperCase());
    await page.getByRole('button', { name: 'Gem forbindelsen' }).click();
    await page.getByRole('status').filter({ hasText: 'KITOS-forbindelsen er gemt' }).waitFor();
    const state = page.locator('#kitos-state');
    expect(await state.locator('[data-kitos="base-url"]').textContent()).toBe(kitos.url);
    expect(await state.locator('[data-kitos="organization"]').textContent()).toBe(kitos.orgUuid);
    expect(await state.locator('[data-kitos="api-user"]').textContent()).toBe(`k***@${kitos.credentials.email.split('@')[1]}`);
    expect(await state.locator('[data-kitos="last-sync"]').textContent()).toBe('Ingen endnu');
    expect(await page.locator('#kitos-form').count()).toBe(0);
    expect(await page.content()).not.toContain(kitos.credentials.password);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kitos-heading');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("shows the server's refusal next to the field: a new e-mail needs the password again", async () => {
    await openImport(page, site.url);
    await page.getByRole('button', { name: 'Skift forbindelse' }).click();
    await page.locator('#kitos-form').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kitos-form-heading');
    // Editing: the address and organisation are filled in, the password never is.
    expect(await page.getByLabel('KITOS-adresse').inputValue()).toBe(kitos.url);
    expect(await page.getByLabel('API-brugerens adgangskode').inputValue()).toBe('');
    await page.getByLabel('API-brugerens e-mail').fill('en-anden@eksempel.dk');
    await page.getByRole('button', { name: 'Gem forbindelsen' }).click();
    await page.locator('#kitos-password[aria-invalid="true"]').waitFor();
    expect(await page.locator('#kitos-password-error').textContent()).toBe('Angiv API-brugerens adgangskode, når e-mailadressen skifter');
    expect(await page.locator('#kitos-email').getAttribute('aria-invalid')).toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Fortryd' }).click();
    await page.locator('#kitos-state').waitFor();
    expect(await page.locator('#kitos-state [data-kitos="api-user"]').textContent()).toMatch(/^k\*\*\*@/);
  });

  it('finds the organisation through the API user and fills its UUID in', async () => {
    await openImport(page, site.url);
    await page.getByRole('button', { name: 'Skift forbindelse' }).click();
    await page.getByLabel('Organisationens UUID i KITOS').fill('');
    await page.getByLabel('API-brugerens e-mail').fill(kitos.credentials.email);
    await page.getByLabel('API-brugerens adgangskode').fill(kitos.credentials.password);
    await page.getByRole('button', { name: 'Find organisationen' }).click();
    await page.getByRole('status').filter({ hasText: 'Fandt Eksempel Kommune' }).waitFor();
    expect(await page.getByLabel('Organisationens UUID i KITOS').inputValue()).toBe(kitos.orgUuid);
    // The server asked KITOS as the API user for the organisations it is a member of.
    expect(kitos.requests.some((r) => r.path === '/api/v2/organizations' && r.query.onlyWhereUserHasMembership === 'true' && r.bearer)).toBe(true);
    await page.getByRole('button', { name: 'Gem forbindelsen' }).click();
    await page.getByRole('status').filter({ hasText: 'KITOS-forbindelsen er gemt' }).waitFor();
  });

  it('runs a dry run that saves nothing, then a real sync that becomes the current version', async () => {
    await openImport(page, site.url);
    await page.locator('#history-table').waitFor();
    const before = await runs(page);
    await page.getByLabel('Prøvekørsel (gem intet)').check();
    await page.getByRole('button', { name: 'Hent fra KITOS' }).click();
    const heading = page.locator('#kitos-result-heading');
    await heading.waitFor();
    expect(await heading.textContent()).toBe('Prøvekørsel fra KITOS: intet er gemt');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kitos-result-heading');
    expect(await page.locator('#kitos-errors .ok').count()).toBe(1);
    expect(await page.locator('#kitos-sync-summary [data-sync="mode"]').textContent()).toBe('alt i organisationen');
    expect(Number((await page.locator('#kitos-sync-summary [data-sync="usages"]').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await page.locator('#kitos-preview-table tbody tr').count()).toBeGreaterThan(0);
    await page.locator('#history-table tbody tr').first().filter({ hasText: 'Prøvekørsel' }).waitFor();
    const afterDry = await runs(page);
    expect(afterDry.filter((r) => r.status === 'committed').length).toBe(before.filter((r) => r.status === 'committed').length);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/kitos-dry-run.png', fullPage: true });

    // "Hent og gem" after a clean dry run: the real sync.
    await page.getByRole('button', { name: 'Hent og gem' }).click();
    await heading.filter({ hasText: 'Hentet fra KITOS og gemt' }).waitFor();
    const text = (await page.locator('.kitos-result').textContent())!;
    const version = text.match(/gemt som version (\d+)/)?.[1];
    expect(version).toBeDefined();
    expect(await page.getByRole('status').filter({ hasText: 'hentet fra KITOS og gemt som version' }).count()).toBe(1);
    expect(await page.locator('.kitos-result a[href="/kommuner/101"]').count()).toBe(1);
    await page.locator('#history-table tbody tr').first().filter({ hasText: 'Importeret' }).waitFor();
    expect(await page.locator('#history-table tbody tr').first().locator('td:nth-child(7)').textContent()).toBe(`${version} (aktuel)`);
    // The state has the sync: when, and that the next one reads only changes.
    await page.locator('#kitos-state [data-kitos="last-sync"] time').waitFor();
    expect(await page.locator('#kitos-state [data-kitos="next"]').textContent()).toBe('kun ændringer siden den seneste');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/kitos-synced.png', fullPage: true });
  });

  it('reads only the changes the next time, and says so when nothing changed', async () => {
    await openImport(page, site.url);
    await page.getByRole('button', { name: 'Hent fra KITOS' }).click();
    await page.locator('#kitos-result-heading').filter({ hasText: 'Intet nyt i KITOS' }).waitFor();
    expect(await page.locator('#kitos-sync-summary [data-sync="mode"]').textContent()).toBe('kun ændringer siden sidste hentning');
    expect(await historyStatus(page)).toBe('Uændret');
  });

  it("refuses data that breaks KITOS's contract with the file import's error table, naming the entity by its UUID", async () => {
    await openImport(page, site.url);
    const committed = (await runs(page)).filter((r) => r.status === 'committed').length;
    const general = kitos.data.itSystemUsages[0]!.general as Record<string, unknown>;
    const validity = general.validity;
    general.validity = { ...(validity as object), lifeCycleStatus: 'Retired' };
    try {
      await page.getByLabel('Hent alt (ikke kun ændringer)').check();
      await page.getByRole('button', { name: 'Hent fra KITOS' }).click();
      await page.locator('#kitos-result-heading').filter({ hasText: 'Data fra KITOS blev afvist' }).waitFor();
    } finally {
      general.validity = validity;
    }
    expect(await page.locator('#kitos-errors [role="alert"]').textContent()).toMatch(/^\d+ fejl\. Intet er gemt\. Ret fejlene i KITOS/);
    const cells = await page.locator('#kitos-error-table tbody td').allTextContents();
    expect(cells.some((c) => c.includes(kitos.data.itSystemUsages[0]!.uuid))).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Data fra KITOS blev afvist med' }).count()).toBe(1);
    await page.locator('#history-table tbody tr').first().filter({ hasText: 'Afvist' }).waitFor();
    expect((await runs(page)).filter((r) => r.status === 'committed').length).toBe(committed);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/kitos-refused.png', fullPage: true });
  });

  it('says in words when KITOS refuses the API user, and saves nothing', async () => {
    await openImport(page, site.url);
    const committed = (await runs(page)).filter((r) => r.status === 'committed').length;
    kitos.denyApiAccess = true;
    try {
      await page.getByLabel('Hent alt (ikke kun ændringer)').check();
      await page.getByRole('button', { name: 'Hent fra KITOS' }).click();
      await page.locator('#kitos-result-heading').filter({ hasText: 'Hentningen fra KITOS mislykkedes' }).waitFor();
      expect(await page.locator('#kitos-failure').textContent()).toMatch(/^KITOS afviste adgangen: .*API-bruger/);
      expect(await page.locator('#kitos-status').getAttribute('class')).toContain('error');
      // The state records the error (in the page's language).
      await page.locator('#kitos-state [data-kitos="last-error"]').waitFor();
    } finally {
      kitos.denyApiAccess = false;
    }
    expect((await runs(page)).filter((r) => r.status === 'committed').length).toBe(committed);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('fits a 390 px phone and reads in English', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await phoneInTwoLanguages();
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.evaluate(() => localStorage.setItem('handlefrihed.lang', 'da'));
    }
  });

  async function phoneInTwoLanguages(): Promise<void> {
    await openImport(page, site.url);
    await page.locator('#history-table').waitFor();
    expect(await noSideways(page)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/kitos-390.png', fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    const section = page.locator('#import-kitos');
    await section.getByRole('heading', { level: 2, name: 'Fetch from KITOS' }).waitFor();
    await page.locator('#kitos-state').waitFor();
    expect(await page.locator('#kitos-state dt').first().textContent()).toBe('KITOS address');
    expect(await page.locator('#kitos-state [data-kitos="next"]').textContent()).toBe('only changes since the last one');
    await page.getByLabel('Dry run (save nothing)').check();
    await page.getByRole('button', { name: 'Fetch from KITOS' }).click();
    await page.locator('#kitos-result-heading').filter({ hasText: 'Dry run from KITOS: nothing was saved' }).waitFor();
    // KITOS has nothing new since the last sync: the dry run says so, and offers nothing to save.
    expect(await page.locator('#kitos-unchanged').textContent()).toBe("The data in KITOS matches the municipality's current version; there is nothing new to save.");
    expect(await page.locator('#kitos-commit').count()).toBe(0);
    expect(await noSideways(page)).toBe(true);
    // The preview's own box scrolls sideways and takes focus, so the keyboard can scroll it.
    const box = page.locator('.table-scroll:has(> #kitos-preview-table)');
    expect(await box.evaluate((b) => b.scrollWidth > b.clientWidth && (b as HTMLElement).tabIndex === 0)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/kitos-390-en.png', fullPage: true });
    await page.getByRole('button', { name: 'Dansk' }).click();
    await section.getByRole('heading', { level: 2, name: 'Hent fra KITOS' }).waitFor();
  }

  it('shows a leader the state only: no form, no buttons', async () => {
    const context = await site.browser.newContext({ locale: 'da-DK' });
    const leader = await context.newPage();
    await leader.goto(`${site.url}/kommuner/101/import`);
    await signInWithForm(leader, 'leder@kk.dk', leaderPassword);
    await leader.locator('#kitos-state').waitFor();
    expect(await leader.locator('#kitos-state [data-kitos="organization"]').textContent()).toBe(kitos.orgUuid);
    expect(await leader.locator('#import-kitos button').count()).toBe(0);
    expect(await leader.locator('#import-kitos input').count()).toBe(0);
    expect(await accessibilityViolations(leader)).toEqual([]);
    await context.close();
  });

  it('forgets the connection after a confirmation; the explanation and the form come back', async () => {
    await openImport(page, site.url);
    await page.getByRole('button', { name: 'Glem forbindelsen' }).click();
    await page.getByRole('group').filter({ hasText: 'Glem KITOS-forbindelsen?' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ja, glem forbindelsen');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'KITOS-forbindelsen er glemt' }).waitFor();
    await page.locator('#kitos-explain').waitFor();
    expect(await page.getByLabel('KITOS-adresse').inputValue()).toBe('https://kitos.dk');
    const res = await page.evaluate(async () => (await fetch('/api/v1/municipalities/101/kitos-connection')).status);
    expect(res).toBe(404);
    expect(errors).toEqual([]);
  });
});
