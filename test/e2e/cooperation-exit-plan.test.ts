// Solution paths in a real browser against the real server on the demo data: an architect fills
// in a system's exit plan (an error first, announced at the field), saves it and sees F9 fall;
// then the cooperation page shows clusters of overlapping exit windows and the partners of one
// municipality. Every page passes axe with zero violations.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser, signInWithApi } from '../helpers/browser.ts';
import { addUser } from '../helpers/cli.ts';
import { daysAgo } from '../helpers/clock.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

/** Each cluster's members as the table lists them ("Name (exit)"). */
async function clusterMembers(page: Page): Promise<string[][]> {
  const cells = await page.locator('#cluster-table tbody tr td:nth-of-type(2)').allTextContents();
  return cells.map((c) => c.split(', '));
}

describe.runIf(haveBrowser)('exit plans and cooperation in headless Chromium (demo data)', () => {
  let site: E2eSite;
  let password: string;
  beforeAll(async () => {
    site = await openSite('coop');
    password = addUser(site.env, 'arkitekt@kk.dk', 'architect', 101);
  }, 180_000);
  afterAll(() => site?.close());

  async function signedInPage(): Promise<Page> {
    const page = await site.browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    expect(await signInWithApi(page, site.url, 'arkitekt@kk.dk', password)).toBe(200);
    return page;
  }

  it('an architect fills in and saves an exit plan, and F9 changes', async () => {
    const page = await signedInPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A system of København without an exit plan on record (F9 = 100).
    const systems = (await (await page.request.get(`${site.url}/api/v1/municipalities/101/systems?limit=1000`)).json()) as { items: { usageId: number }[] };
    let usageId: number | null = null;
    for (const s of systems.items) {
      const view = (await (await page.request.get(`${site.url}/api/v1/usages/${s.usageId}/exit-plan`)).json()) as { score: { f9: { value: number } } | null };
      if (view.score?.f9.value === 100) {
        usageId = s.usageId;
        break;
      }
    }
    expect(usageId).not.toBeNull();

    await page.goto(`${site.url}/systemer/${usageId}/exitplan`);
    await page.locator('#exit-plan-form').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Exitplan: /);
    expect(await page.locator('#f9-now .big').textContent()).toBe('100');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Navngiven ejer af planen (person eller rolle)').fill('Systemejer, Digitalisering');
    await page.getByLabel('Overgangsperiode i dage').fill('30');
    await page.getByLabel('Dataformater ved eksport (adskilt med komma)').fill('CSV, PDF/A');
    await page.getByLabel('Planlagt skift: sådan skifter vi til et andet system').fill('Fælles udbud ved kontraktudløb; 30 dages parallel drift.');
    await page.getByLabel('Pludseligt bortfald: sådan holder vi driften, hvis tjenesten forsvinder').fill('Dagligt udtræk til eget arkiv; nødprocedure.');
    await page.getByLabel('Seneste test af planen').fill(daysAgo(30));
    await page.getByLabel('Dokumentets navn').fill('Exitplan v1');
    // A link that is not http(s): refused by the server, announced and tied to the field.
    await page.getByLabel('Link til dokumentet').fill('ftp://arkiv.kk.dk/exitplan.pdf');
    await page.getByRole('button', { name: 'Gem exitplan' }).click();
    await page.getByRole('alert').filter({ hasText: 'Exitplanen blev ikke gemt' }).waitFor();
    expect(await page.getByLabel('Link til dokumentet').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#documentUrl-error').textContent()).not.toBe('');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/exit-plan-error.png', fullPage: true });

    await page.getByLabel('Link til dokumentet').fill('https://arkiv.kk.dk/exitplan.pdf');
    await page.getByRole('button', { name: 'Gem exitplan' }).click();
    await page.getByRole('status').filter({ hasText: 'F9 gik fra 100 til 0' }).waitFor();
    expect(await page.locator('#f9-before .big').textContent()).toBe('100');
    expect(await page.locator('#f9-after .big').textContent()).toBe('0');
    expect(await page.locator('#f9-after .detail').textContent()).toContain('dokumenteret');
    expect(await page.locator('#exit-plan-errors').textContent()).toBe('');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/exit-plan.png', fullPage: true });

    // The system's page shows the new F9 after a reload: it was stored, not just shown.
    await page.goto(`${site.url}/systemer/${usageId}/exitplan`);
    await page.locator('#f9-now .big').waitFor();
    expect(await page.locator('#f9-now .big').textContent()).toBe('0');
    expect(await page.getByLabel('Dokumentets navn').inputValue()).toBe('Exitplan v1');
    expect(errors).toEqual([]);
  });

  it('shows clusters of overlapping exit windows and one municipality’s partners', async () => {
    const page = await signedInPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A product the demo municipalities share, with at least one cluster at 24 months.
    const products = (await (await page.request.get(`${site.url}/api/v1/cooperation/products`)).json()) as { id: number }[];
    expect(products.length).toBeGreaterThan(0);
    let chosen: number | null = null;
    for (const p of products) {
      const a = (await (await page.request.get(`${site.url}/api/v1/cooperation?product=${p.id}&windowMonths=24`)).json()) as { clusters: unknown[] };
      if (a.clusters.length) {
        chosen = p.id;
        break;
      }
    }
    expect(chosen).not.toBeNull();

    await page.goto(`${site.url}/samarbejde?product=${chosen}&windowMonths=24&municipality=101`);
    await page.locator('#cluster-table').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Samarbejde om exit');
    expect(await page.locator('#cluster-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#cooperation-figure svg rect.shared').count()).toBe(await page.locator('#cluster-table tbody tr').count());
    expect(await page.locator('#partners h2').textContent()).toBe('Københavns mulige partnere');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/cooperation.png', fullPage: true });

    // Every cluster of a shorter window lies inside one cluster of a longer window: windows that
    // share a period when they are short still share it when they are longer (they open on the
    // same exits). That holds by the definition, on any date; the count of clusters does not
    // (a shorter window can split one cluster in two). The URL keeps the choice.
    const clustersAt24 = await clusterMembers(page);
    await page.getByLabel('Vinduets længde i måneder (1–60)').fill('1');
    await page.getByRole('button', { name: 'Vis klynger' }).click();
    await page.waitForURL(/windowMonths=1(&|$)/);
    await page.locator('#clusters-heading').filter({ hasText: '1 måneders vindue' }).waitFor();
    for (const short of await clusterMembers(page)) {
      expect(clustersAt24.some((long) => short.every((m) => long.includes(m))), `${short.join(', ')} lies inside a 24-month cluster`).toBe(true);
    }

    // A bad window is refused at the field, announced.
    await page.getByLabel('Vinduets længde i måneder (1–60)').fill('99');
    await page.getByRole('button', { name: 'Vis klynger' }).click();
    await page.getByRole('alert').filter({ hasText: 'fra 1 til 60' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
