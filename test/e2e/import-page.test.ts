// The import page in a real browser against the real server with the demo data: an architect
// signs in on the page, a broken CSV is refused with every error listed (line, column) and nothing
// written; a good file is checked (mapping changed and re-run), imported by keyboard alone, and
// the municipality's dashboard changes; the history compares two runs' versions and rolls back.
// axe-core finds nothing on the page in each state.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser, signInWithForm } from '../helpers/browser.ts';
import { addUser } from '../helpers/cli.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

const FIXTURES = join(process.cwd(), 'test/fixtures/importers');

/** Presses Tab until `selector` has focus (proof that the keyboard reaches it); fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/**
 * Tab to the file input and press Enter: the chooser must open. On a loaded machine Chromium now
 * and then drops the first key's activation, so the press is tried up to three times.
 */
async function chooseByKeyboard(page: Page, file: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await tabTo(page, '#import-file');
    const chooser = page.waitForEvent('filechooser', { timeout: 10_000 }).catch(() => null);
    await page.keyboard.press('Enter');
    const opened = await chooser;
    if (opened) return opened.setFiles(file);
  }
  throw new Error('Enter on the focused file input never opened the file chooser');
}

/** The committed runs that are not demo data, through the API the page uses. */
const realCommits = (page: Page) =>
  page.evaluate(async () => {
    const res = await fetch('/api/v1/municipalities/101/imports?limit=1000');
    const body = (await res.json()) as { items: { status: string; demo: boolean; format: string }[] };
    return body.items.filter((r) => r.status === 'committed' && !r.demo && r.format !== 'rollback').length;
  });

const headline = async (page: Page, url: string) => {
  await page.goto(`${url}/kommuner/101`);
  const section = page.locator('section[aria-labelledby="headline-heading"]');
  await section.waitFor();
  return section.textContent();
};

describe.runIf(haveBrowser)('the import page in headless Chromium (demo data)', () => {
  let site: E2eSite;
  let page: Page;
  let password: string;
  let leaderPassword: string;
  let before: string | null;
  const errors: string[] = [];

  beforeAll(async () => {
    site = await openSite('import');
    password = addUser(site.env, 'arkitekt@kk.dk', 'architect', 101);
    leaderPassword = addUser(site.env, 'leder@kk.dk', 'leader', 101);
    page = await site.browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 180_000);
  afterAll(() => site?.close());

  it('asks for sign-in on the page, then shows the upload form', async () => {
    before = await headline(page, site.url);
    await page.goto(`${site.url}/kommuner/101/import`);
    await page.getByRole('heading', { level: 1, name: /Import af it-systemoversigt – København/ }).waitFor();
    await page.getByRole('heading', { name: 'Log ind' }).waitFor();
    expect(await page.locator('#import-file').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await signInWithForm(page, 'arkitekt@kk.dk', password);
    await page.getByLabel('Fil med it-systemoversigten').waitFor();
    await page.locator('#history-table').waitFor();
    expect(await page.locator('#site-nav a[href="/kommuner/101/import"]').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/import-form.png', fullPage: true });
  });

  it('refuses a broken CSV, listing every error with line and column, and writes nothing', async () => {
    const commitsBefore = await realCommits(page);
    // Record what the page says and shows while it works: upload progress, then "Behandler filen …".
    await page.evaluate(() => {
      const log: string[] = [];
      (window as unknown as { importLog: string[] }).importLog = log;
      const status = document.getElementById('import-status')!;
      const progress = document.getElementById('import-progress')!;
      new MutationObserver(() => log.push(`status:${status.textContent}`)).observe(status, { childList: true, characterData: true, subtree: true });
      new MutationObserver(() => log.push(`progress:${progress.parentElement!.hidden ? 'hidden' : (progress as HTMLProgressElement).value}`)).observe(progress.parentElement!, { attributes: true, subtree: true });
    });
    // Dropped on the drop zone (a drag from the desktop delivers a DataTransfer like this one).
    const bytes = [...readFileSync(join(FIXTURES, 'broken-usages.csv'))];
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'broken-usages.csv', { type: 'text/csv' }));
      document.getElementById('import-drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    expect(await page.locator('#import-file').evaluate((i) => (i as HTMLInputElement).files?.[0]?.name)).toBe('broken-usages.csv');
    await page.getByRole('button', { name: 'Kontrollér filen' }).click();
    await page.locator('#error-table').waitFor();
    const alert = page.locator('#import-errors [role="alert"]');
    expect(await alert.textContent()).toMatch(/^\d+ fejl.*Intet er gemt/);
    const count = Number((await alert.textContent())!.match(/^(\d+)/)![1]);
    expect(await page.locator('#error-table tbody tr').count()).toBe(count);
    const rows = await page.locator('#error-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toContainEqual(['2', 'Ibrugtagningsdato', '31-02-2025', expect.any(String)]);
    for (const r of rows) expect(r[3]!.length).toBeGreaterThan(0);
    expect(await page.getByRole('status').filter({ hasText: 'Filen blev afvist' }).count()).toBe(1);
    const log = await page.evaluate(() => (window as unknown as { importLog: string[] }).importLog);
    expect(log).toContain('status:Sender broken-usages.csv …');
    expect(log).toContain('status:Behandler filen …');
    expect(log).toContain('progress:100');
    expect(log.at(-1)).toBe('progress:hidden');
    expect(log.indexOf('status:Behandler filen …')).toBeLessThan(log.findIndex((l) => l.startsWith('status:Filen blev afvist')));
    // The detected settings and the mapping are shown for a refused file too; no "Importér".
    expect(await page.locator('#import-meta [data-meta="delimiter"]').textContent()).toBe('semikolon (;)');
    expect(await page.locator('#mapping-table tbody tr').count()).toBe(7);
    expect(await page.locator('#import-commit').count()).toBe(0);
    expect(await realCommits(page)).toBe(commitsBefore);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/import-errors.png', fullPage: true });
  });

  it('checks a good file, re-runs with a changed mapping and imports it, all by keyboard; the dashboard changes', async () => {
    await page.reload();
    await page.locator('#history-table').waitFor();
    // Choose the file by keyboard: Enter on the focused file input opens the chooser.
    await chooseByKeyboard(page, join(FIXTURES, 'kitos-systems-new.csv'));
    await tabTo(page, '#import-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.locator('#import-errors .ok').waitFor();
    expect(await page.locator('#import-meta [data-meta="profile"]').textContent()).toContain('kitos-systems');
    expect(await page.locator('#import-meta [data-meta="encoding"]').textContent()).toBe('utf-8-bom');
    expect(await page.locator('#import-meta [data-meta="delimiter"]').textContent()).toBe('semikolon (;)');
    expect(await page.locator('#preview-table tbody tr').count()).toBe(5);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dry-run-heading');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Ignore the "Lokal kaldenavn" column (its first option) by keyboard and check again.
    const select = 'select[data-source="Lokal kaldenavn"]';
    expect(await page.locator(select).inputValue()).toBe('local_name');
    await tabTo(page, select);
    await page.keyboard.press('Home');
    expect(await page.locator(select).inputValue()).toBe('extra');
    await tabTo(page, '#import-rerun');
    await page.keyboard.press('Enter');
    await page.locator('#mapping-table tbody tr', { hasText: 'Lokal kaldenavn' }).filter({ hasText: 'valgt af dig' }).waitFor();
    expect(await page.locator(select).inputValue()).toBe('extra');
    await page.screenshot({ path: 'test-results/import-preview.png', fullPage: true });

    await tabTo(page, '#import-commit');
    await page.keyboard.press('Enter');
    await page.locator('#import-result').waitFor();
    expect(await page.locator('#import-result').textContent()).toMatch(/5 rækker er importeret som version \d+/);
    expect(await page.getByRole('status').filter({ hasText: 'rækker er importeret' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/import-result.png', fullPage: true });

    // Follow the link to the dashboard by keyboard: its headline is not what it was.
    await tabTo(page, '#import-result a[href="/kommuner/101"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/kommuner\/101$/);
    const section = page.locator('section[aria-labelledby="headline-heading"]');
    await section.waitFor();
    expect(await section.textContent()).not.toBe(before);
  });

  it('compares two runs and rolls back by keyboard, with a confirmation step, announced', async () => {
    await page.goto(`${site.url}/kommuner/101/import`);
    await page.locator('#history-table').waitFor();
    const times = await page.locator('#history-table tbody time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')!));
    expect(times).toEqual([...times].sort().reverse());
    const statuses = await page.locator('#history-table tbody tr td:nth-child(5)').allTextContents();
    expect(statuses).toContain('Importeret');
    expect(statuses).toContain('Afvist');
    expect(statuses).toContain('Prøvekørsel');
    const boxes = page.locator('#history-table input[type="checkbox"]');
    expect(await boxes.count()).toBeGreaterThanOrEqual(2);
    // The newest import and the demo data's run before it.
    const newest = await boxes.first().getAttribute('data-run');
    const demo = await boxes.last().getAttribute('data-run');
    for (const id of [newest, demo]) {
      await tabTo(page, `#history-table input[data-run="${id}"]`);
      await page.keyboard.press('Space');
    }
    await tabTo(page, '#history-compare');
    await page.keyboard.press('Enter');
    await page.locator('#diff-summary').waitFor();
    const summary = (await page.locator('#diff-summary').textContent())!;
    const [, added, removed] = summary.match(/^(\d+) systemer tilføjet, (\d+) fjernet, \d+ ændret og \d+ uændrede\.$/)!.map((x) => Number(x.replace(/\D/g, '')));
    // The demo inventory (hundreds of systems) against the five of the file: both lists, the long one folded.
    expect(added).toBeGreaterThan(0);
    expect(removed).toBeGreaterThan(20);
    expect(await page.locator('#diff-added li').count()).toBe(added);
    expect(await page.locator('#diff-added li').allTextContents()).toContain('Sagsstyring Plus');
    expect(await page.locator('#diff-removed li').count()).toBe(removed);
    expect(await page.locator('#diff-removed').getAttribute('open')).toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Roll back to the demo version: a confirmation first, then the result is announced.
    const demoRow = page.locator('#history-table tbody tr', { has: page.locator(`input[data-run="${demo}"]`) });
    const version = (await demoRow.locator('td:nth-child(7)').textContent())!.trim();
    expect(version).toBe('1'); // the municipality's first version, whatever its internal id
    await tabTo(page, `#history-table button.rollback[aria-label*="version ${version} "]`);
    await page.keyboard.press('Enter');
    await page.getByRole('group').filter({ hasText: `Gør version ${version}` }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ja, rul tilbage');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/import-history.png', fullPage: true });
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `Version ${version} er nu kommunens aktuelle oversigt igen` }).waitFor();
    expect(await page.locator('#history-table tbody tr').first().locator('td:nth-child(5)').textContent()).toBe('Tilbagerulning');
    expect(await page.locator('#history-table tbody tr').first().locator('td:nth-child(7)').textContent()).toBe(`${version} (aktuel)`);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The page in English: the same history, in the other language.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Import history' }).waitFor();
    await page.getByRole('heading', { name: 'Upload a file' }).waitFor();
    expect(await page.locator('#history-table tbody tr').first().locator('td:nth-child(5)').textContent()).toBe('Rollback');
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('heading', { name: 'Importhistorik' }).waitFor();

    // The dashboard shows the demo version's figures again.
    expect(await headline(page, site.url)).toBe(before);
    expect(errors).toEqual([]);
  });

  it("shows a leader the history, but neither the upload form nor a rollback", async () => {
    const context = await site.browser.newContext({ locale: 'da-DK' });
    const leader = await context.newPage();
    await leader.goto(`${site.url}/kommuner/101/import`);
    // The first real import ended demo mode: the shell asks for sign-in itself now.
    await signInWithForm(leader, 'leder@kk.dk', leaderPassword);
    await leader.locator('#history-table').waitFor();
    expect(await leader.getByRole('note').filter({ hasText: 'kun kommunens it-arkitekter kan importere' }).count()).toBe(1);
    expect(await leader.locator('#import-file').count()).toBe(0);
    expect(await leader.locator('#history-table button.rollback').count()).toBe(0);
    expect(await leader.locator('#history-table tbody tr').count()).toBeGreaterThan(4);
    expect(await accessibilityViolations(leader)).toEqual([]);
    await context.close();
  });
});
