// The council report in a real browser against the real server with the demo data: a leader of
// København saves a scenario from the best exit path, opens the report with it, and the report
// shows the figures it must (lock-in, the best exit path, the scenario's before/after, the model
// and its confidence) — on screen, in print media and as a PDF made by Chromium.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser } from '../helpers/browser.ts';
import { addUser } from '../helpers/cli.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

const da = (digits: number) => (n: number) =>
  new Intl.NumberFormat('da-DK', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n).replace(/[\u202f\u00a0 ]/g, '\u00a0');

describe.runIf(haveBrowser)('the council report in headless Chromium (demo data)', () => {
  let site: E2eSite;
  let password: string;
  beforeAll(async () => {
    site = await openSite('report', { startTimeoutMs: 240_000 });
    password = addUser(site.env, 'leder@kk.dk', 'leader', 101);
  }, 300_000);
  afterAll(() => site?.close());

  it('shows the key figures, the best exit paths, the chosen scenario and the method, and prints to PDF', async () => {
    const page = await site.browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const login = await page.request.post(`${site.url}/api/v1/auth/login`, { data: { email: 'leder@kk.dk', password } });
    expect(login.status()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    // What the report must show, read from the same API.
    const score = (await (await page.request.get(`${site.url}/api/v1/municipalities/101/score`)).json()) as {
      score: { model: string; lockin: { L: number }; confidence: { value: number } };
    };
    const paths = (await (await page.request.get(`${site.url}/api/v1/municipalities/101/exit-paths`)).json()) as {
      paths: { rank: number; recommended: boolean; usage: { productId: string }; candidate: { ref: string; name: string; basis: 'function' | 'category' } }[];
    };
    expect(paths.paths.length).toBeGreaterThan(0);
    // The report's top ten: task matches only, recommended first (each group in rank order); never a category-only idea.
    const matches = paths.paths.filter((p) => p.candidate.basis === 'function');
    const topTen = [...matches.filter((p) => p.recommended), ...matches.filter((p) => !p.recommended)].slice(0, 10);
    expect(topTen.length).toBeGreaterThan(0);
    const best = topTen[0]!;
    const saved = await page.request.post(`${site.url}/api/v1/municipalities/101/scenarios`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { name: 'Rapportens scenarie', shared: true, replacements: [{ product: `product:${best.usage.productId}`, alternative: best.candidate.ref }] },
    });
    expect(saved.status()).toBe(201);
    const scenario = (await saved.json()) as { id: number };
    const comparison = (await (await page.request.get(`${site.url}/api/v1/municipalities/101/scenarios/${scenario.id}`)).json()) as {
      outcome: { before: { L: number }; after: { L: number } };
    };

    // Without a chosen scenario the report says so and offers the saved ones.
    await page.goto(`${site.url}/kommuner/101/rapport`);
    await page.getByRole('status').filter({ hasText: 'Rapporten for København er klar.' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('section[aria-labelledby="report-scenario-heading"]').textContent()).toContain('Intet scenarie er valgt');
    await page.getByRole('link', { name: 'Rapportens scenarie' }).click();
    await page.waitForURL(/\/kommuner\/101\/rapport\?scenarie=\d+$/);
    await page.locator('#report-scenario-indicators').waitFor();

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('København: digital handlefrihed');
    const headline = await page.locator('section[aria-labelledby="headline-heading"]').textContent();
    expect(headline).toContain(da(0)(score.score.lockin.L));
    expect(await page.locator('#reach-figure svg').count()).toBe(1);
    const firstPath = page.locator('section[aria-labelledby="report-paths-heading"] table.exit-paths tbody tr').first();
    expect(await firstPath.textContent()).toContain(best.candidate.name);
    const reportRows = page.locator('section[aria-labelledby="report-paths-heading"] table.exit-paths tbody tr');
    expect(await reportRows.count()).toBe(topTen.length);
    const shown = await reportRows.evaluateAll((trs) => trs.map((tr) => ({ candidate: tr.getAttribute('data-candidate'), basis: tr.querySelector('.basis')!.className, recommended: tr.querySelector('td:last-child')!.textContent })));
    expect(shown.map((r) => r.candidate)).toEqual(topTen.map((p) => p.candidate.ref));
    for (const r of shown) {
      expect(r.basis).toContain('basis-function');
      expect(['Ja', 'Nej – idé, skal vurderes']).toContain(r.recommended);
    }
    const lRow = page.locator('#report-scenario-indicators tbody tr').first();
    expect(await lRow.locator('td').nth(0).textContent()).toBe(da(1)(comparison.outcome.before.L));
    expect(await lRow.locator('td').nth(1).textContent()).toBe(da(1)(comparison.outcome.after.L));
    // Each vendor whose reach moves, with its direct and its total reach before and after.
    expect(await page.locator('#report-scenario-vendor-reach tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#report-scenario-vendor-reach thead').textContent()).toContain('Direkte før');
    const method = await page.locator('table.report-method').textContent();
    expect(method).toContain(score.score.model);
    expect(method).toContain(da(2)(score.score.confidence.value));
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/report.png', fullPage: true });

    // Printed: no navigation or buttons, the demo label kept; Chromium makes the PDF offline.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-button').isVisible()).toBe(false);
    expect(await page.locator('.site-nav-bar').isVisible()).toBe(false);
    expect(await page.locator('#demo-banner').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', path: 'test-results/report.pdf' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync('test-results/report.pdf').length).toBe(pdf.length);
    expect(errors).toEqual([]);
  }, 240_000);
});
