// The language switch in a real browser against the real server with the demo data: Danish by
// default; "English" turns the overview, a system page and a vendor page into English (headings,
// number formats, server rule texts, <html lang>, page titles), the choice survives a reload, and
// "Dansk" switches back. axe-core checks the English pages.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser } from '../helpers/browser.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

/** Interface texts (not data) on the page that contain Danish letters outside a lang="da" part. */
async function danishInterfaceTexts(page: Page): Promise<string[]> {
  return page.locator('main h2, main th[scope="col"], main dt, main label, main details > summary, main figcaption strong, main caption').evaluateAll((nodes) =>
    nodes
      .filter((n) => !n.closest('[lang="da"]'))
      .map((n) => n.textContent ?? '')
      .filter((t) => /[æøåÆØÅ]/.test(t)),
  );
}

describe.runIf(haveBrowser)('the language switch in headless Chromium (demo data)', () => {
  let site: E2eSite;
  beforeAll(async () => {
    site = await openSite('lang');
  }, 120_000);
  afterAll(() => site?.close());

  it('is Danish by default, switches the overview, a system and a vendor to English, remembers it, and switches back', async () => {
    const page = await site.browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const htmlLang = () => page.evaluate(() => document.documentElement.lang);

    // Danish by default.
    await page.goto(site.url);
    await page.getByRole('status').filter({ hasText: '98 kommuner' }).waitFor();
    expect(await htmlLang()).toBe('da');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hvor afhængige er kommunerne af deres it-leverandører?');
    expect(await page.title()).toBe('Handlefrihed – kommunernes leverandørbinding');
    expect(await page.getByRole('button', { name: 'Dansk' }).getAttribute('aria-pressed')).toBe('true');
    const danishEffective = await page.locator('#ranking tbody tr td:nth-child(6)').first().textContent();
    expect(danishEffective).toMatch(/^\d+,\d$/);

    // English: headings, title, lang, numbers, the chart texts and the banner.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('status').filter({ hasText: '98 municipalities' }).waitFor();
    expect(await htmlLang()).toBe('en');
    expect(await page.title()).toBe('Handlefrihed – vendor lock-in in the municipalities');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('How dependent are the municipalities on their IT vendors?');
    expect(await page.locator('main h2').allTextContents()).toEqual(['Map and ranking', 'The vendors with the widest reach nationally', 'All municipalities by region']);
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#ranking th[aria-sort="descending"]').textContent()).toBe('Lock-in L');
    // Numbers in English format: a decimal point, and thousands separated by commas.
    expect(await page.locator('#ranking tbody tr td:nth-child(6)').first().textContent()).toMatch(/^\d+\.\d$/);
    const hhi = await page.locator('#ranking tbody tr td:nth-child(5)').allTextContents();
    expect(hhi.filter((t) => t !== '–').every((t) => /^\d{1,3}(,\d{3})*$/.test(t))).toBe(true);
    expect(hhi.some((t) => t.includes(','))).toBe(true);
    expect(await page.locator('#map-figure svg').getAttribute('lang')).toBe('en');
    expect(await page.locator('#map-figure figcaption .summary').textContent()).toMatch(/^The map shows /);
    expect(await page.locator('#map-figure g.credit').textContent()).toContain('Danish Agency for Data Supply');
    expect(await page.locator('#national-reach-figure svg g.legend').textContent()).toContain('Direct: supplier of the system');
    expect(await page.locator('#national-reach-figure svg text.value.direct').first().textContent()).toMatch(/^\d+%$/);
    await page.getByLabel('Show on the map and sort by').selectOption('nonEuShare');
    await page.waitForFunction(() => document.querySelector('#ranking th[aria-sort="descending"]')?.textContent === 'Non-EU');
    expect(await page.locator('#map-figure g.legend').textContent()).toMatch(/\d%/);
    // The demo label keeps its Danish words, marked as Danish.
    expect(await page.locator('#demo-banner').textContent()).toContain('Fictitious demo data');
    expect(await page.locator('#demo-banner [lang="da"]').textContent()).toBe('Fiktive demodata');
    expect(await danishInterfaceTexts(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/language-overview.png', fullPage: true });

    // Remembered: a reload stays English.
    await page.reload();
    await page.getByRole('status').filter({ hasText: '98 municipalities' }).waitFor();
    expect(await htmlLang()).toBe('en');
    expect(await page.evaluate(() => localStorage.getItem('handlefrihed.lang'))).toBe('en');

    // A system page in English: factor names, rule texts from the server, headline figures.
    const systems = (await (await fetch(`${site.url}/api/v1/municipalities/101/systems?limit=1000`)).json()) as { items: { usageId: number; product: string }[] };
    const system = systems.items.find((x) => x.product.startsWith('Microsoft 365')) ?? systems.items[0]!;
    await page.goto(`${site.url}/systemer/${system.usageId}`);
    await page.getByRole('status').filter({ hasText: 'score as of' }).waitFor();
    expect(await htmlLang()).toBe('en');
    const name = await page.getByRole('heading', { level: 1 }).textContent();
    expect(await page.title()).toBe(`${name} – Handlefrihed`);
    expect(await page.locator('.back a').textContent()).toBe('← København');
    expect(await page.locator('#system-headline dt').allTextContents()).toEqual(['Vendor lock-in L', 'Range L_opt–L', 'Criticality', 'Data confidence']);
    expect(await page.locator('#system-headline dd').first().textContent()).toMatch(/^\d+band [A-E] of A–E/);
    expect(await page.locator('#system-headline dd .big').nth(3).textContent()).toMatch(/^[01](\.\d+)?$/);
    expect(await page.locator('#factors-heading').textContent()).toBe('The nine lock-in factors');
    expect(await page.locator('#factors-figure figcaption .summary').textContent()).toContain('9 lock-in factors');
    expect(await page.locator('#factors-figure svg').getAttribute('lang')).toBe('en');
    expect(await page.locator('#factors-figure svg g.factor[data-id="F1"] text.label').textContent()).toBe('F1 Data portability');
    expect(await page.locator('#explanation thead th').allTextContents()).toEqual(['Factor', 'Score (L_opt)', 'Rule', 'Input', 'Value', 'Source']);
    const rules = await page.locator('#explanation tbody td[rowspan]:not(.num)').allTextContents();
    expect(rules).toHaveLength(9);
    const ruleApi = (await (await fetch(`${site.url}/api/v1/usages/${system.usageId}/score`)).json()) as { factors: { ruleText: { da: string; en: string } }[] };
    expect(rules.map((r, i) => r.startsWith(ruleApi.factors[i]!.ruleText.en))).toEqual(Array(9).fill(true));
    const sources = (await page.locator('#explanation tbody td:last-child').allTextContents()).join(' ');
    expect(sources).toMatch(/declared|catalogue|inferred|unknown|evidence/);
    expect(sources).not.toMatch(/oplyst|katalog|udledt|ukendt/);
    expect(await page.locator('#gates-heading').textContent()).toBe('Warnings that cannot be offset');
    expect(await page.locator('#gates li').first().textContent()).toMatch(/(Applies|Does not apply)/);
    expect(await page.locator('#alternatives h2').textContent()).toBe('Alternatives');
    expect(await danishInterfaceTexts(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/language-system.png', fullPage: true });

    // A vendor page in English: country names, jurisdiction, reach in English percentages.
    const vendors = (await (await fetch(`${site.url}/api/v1/vendors?q=Microsoft`)).json()) as { items: { id: number; name: string }[] };
    const microsoft = vendors.items.find((v) => v.name === 'Microsoft Corporation')!;
    await page.goto(`${site.url}/leverandoerer/${microsoft.id}`);
    await page.getByRole('status').filter({ hasText: 'ownership, reach and products' }).waitFor();
    expect(await htmlLang()).toBe('en');
    expect(await page.title()).toBe('Microsoft Corporation – Handlefrihed');
    expect(await page.locator('#ownership-heading').textContent()).toBe('Who owns the vendor?');
    expect(await page.locator('#ownership-chain li').allTextContents()).toEqual(['Microsoft Corporation (United States)']);
    expect(await page.locator('#ownership').textContent()).toContain('outside the EU/EEA');
    expect(await page.locator('#national-reach dt').allTextContents()).toEqual(['Direct reach', 'Total reach', 'Share of the locked-in exposure', 'Share of spend']);
    expect(await page.locator('#national-reach .big').first().textContent()).toMatch(/^\d+%$/);
    expect(await page.locator('#vendor-reach-figure figcaption .summary').textContent()).toMatch(/^The chart shows direct and total reach of Microsoft Corporation in 20 municipalities/);
    expect(await page.locator('#vendor-reach-figure details table thead th').first().textContent()).toBe('Municipality');
    expect(await page.locator('#products thead th').allTextContents()).toEqual(['Product', 'Category', 'Licence model', 'Municipalities using it', 'Open-source alternatives']);
    expect(await danishInterfaceTexts(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/language-vendor.png', fullPage: true });

    // Back to Danish, in place.
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('status').filter({ hasText: 'ejerskab, rækkevidde og produkter' }).waitFor();
    expect(await htmlLang()).toBe('da');
    expect(await page.title()).toBe('Microsoft Corporation – Handlefrihed');
    expect(await page.locator('#ownership-heading').textContent()).toBe('Hvem ejer leverandøren?');
    expect(await page.locator('#ownership-chain li').allTextContents()).toEqual(['Microsoft Corporation (USA)']);
    expect(await page.locator('#national-reach .big').first().textContent()).toMatch(/^\d+\u00a0%$/);
    expect(await page.locator('#demo-banner strong').textContent()).toBe('Fiktive demodata.');
    expect(await page.evaluate(() => localStorage.getItem('handlefrihed.lang'))).toBe('da');

    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
