// The dashboard in a real browser against the real server with the demo data: the national
// overview (map, indicator switch, ranking) and, by keyboard, one municipality's dashboard; its
// dependency graph, peer comparison and downloads; keyboard-only use; English; the footer's
// accessibility statement; a system's score page (from the exit priorities) and a vendor's page.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
    // The server may take up to 220 s to start on a loaded machine (helpers/server-process.ts).
  }, 260_000);
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
    // Each municipality's data date and confidence beside its figures: a ranking column, and the
    // map region's label on focus and its tooltip on hover (the data were loaded "today").
    expect(await page.locator('#ranking thead th').last().textContent()).toBe('Data pr.');
    expect(new Set(await page.locator('#ranking tbody tr td:last-child').allTextContents())).toEqual(new Set(['6. dec. 2026']));
    const region = page.locator('#map-figure path.region[data-code="101"]');
    expect(await region.getAttribute('aria-label')).toMatch(/^København: .+ \(data pr\. 6\. dec\. 2026, datasikkerhed \d,\d\d\)$/);
    expect(await region.locator('title').textContent()).toBe(await region.getAttribute('aria-label'));

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
      await page.locator('#graph[data-drawn] #graph-figure svg g.node').first().waitFor();
      expect(await page.locator('#peers-figure svg g.indicator').count()).toBe(5);
      for (const f of await page.locator('figure.chart').all()) {
        expect(await f.locator('figcaption .summary').textContent()).not.toBe('');
        // The graph's table is built when opened.
        if ((await f.locator('details table').count()) === 0) {
          await f.locator('details summary').click();
          await f.locator('details table').waitFor(); // the toggle event comes a task later
        }
        expect(await f.locator('details table').count()).toBe(1);
      }
    }
  });

  it('draws the dependency graph: folded by default for a large inventory, unfolds, limits depth, and opens a node with Enter', async () => {
    const page = await browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/kommuner/101`);
    await page.locator('#graph[data-drawn="1"] #graph-figure svg g.node').first().waitFor();
    const graph = page.locator('#graph-figure svg');
    // 600 systems: vendor level first — vendors and hosting only, links between them.
    expect(await page.locator('#graph-collapse').isChecked()).toBe(true);
    expect(await graph.locator('g.node[data-kind="system"]').count()).toBe(0);
    expect(await graph.locator('g.node[data-kind="vendor"]').count()).toBeGreaterThan(10);
    expect(await graph.locator('g.node[data-kind="hosting"]').count()).toBeGreaterThan(5);
    // Transitive links are dashed (not colour alone), and the legend says so in words.
    const dashed = graph.locator('line.link.transitive').first();
    expect(await dashed.getAttribute('stroke-dasharray')).toBe('5 4');
    expect(await graph.locator('g.legend').textContent()).toContain('indirekte (via hosting, platform eller integration)');
    expect(await page.locator('#graph-figure figcaption .summary').textContent()).toMatch(/^Netværket viser \d+ leverandører/);
    await page.locator('#graph-figure details summary').click();
    await page.locator('#graph-figure details table').waitFor();
    expect(await page.locator('#graph-figure details table tbody tr').count()).toBe(await graph.locator('g.node').count());

    // Unfold: every system of the inventory is there (the most connected 800 at most).
    await page.getByLabel('Kun leverandører og hosting (fold systemerne sammen)').uncheck();
    await page.locator('#graph[data-drawn="2"] #graph-figure svg g.node[data-kind="system"]').first().waitFor({ timeout: 60_000 });
    expect(await graph.locator('g.node[data-kind="system"]').count()).toBe(600);
    mkdirSync('test-results', { recursive: true });
    await page.locator('#graph').screenshot({ path: 'test-results/dashboard-graph-unfolded.png' });

    // One vendor, one step: the vendor and the systems it supplies (the vendor supplying most systems).
    const data = (await (await fetch(`${server.url}/api/v1/municipalities/101/graph`)).json()) as { links: { source: string; via: string }[] };
    const supplied = new Map<string, number>();
    for (const l of data.links) if (l.via === 'supplier') supplied.set(l.source, (supplied.get(l.source) ?? 0) + 1);
    const vendor = [...supplied].sort((a, b) => b[1] - a[1])[0]![0];
    await page.getByLabel('Udgangspunkt').selectOption(vendor);
    await page.getByLabel('Antal led').selectOption('1');
    await page.locator('#graph[data-drawn="4"] #graph-figure svg g.node').first().waitFor();
    expect(await graph.locator('g.node[data-kind="vendor"]').count()).toBe(1);
    expect(await graph.locator('g.node[data-kind="hosting"]').count()).toBe(0);
    expect(await graph.locator('g.node[data-kind="system"]').count()).toBeGreaterThanOrEqual(supplied.get(vendor)!); // and those it operates
    await page.getByLabel('Antal led').selectOption('2');
    await page.locator('#graph[data-drawn="5"] #graph-figure svg g.node').first().waitFor();
    expect(await graph.locator('g.node[data-kind="hosting"]').count()).toBeGreaterThan(0);

    // Back to the vendor level, then Enter on a focused node opens its page.
    await page.getByLabel('Kun leverandører og hosting (fold systemerne sammen)').check();
    await page.locator('#graph[data-drawn="6"] #graph-figure svg g.node').first().waitFor();
    const node = graph.locator('g.node[data-kind="vendor"]').first();
    const id = (await node.getAttribute('data-id'))!.slice(2);
    await node.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/leverandoerer/${id}$`));
    await page.goBack();
    await page.locator('#graph[data-drawn] #graph-figure svg g.node').first().waitFor();
    // A system node (unfolded) opens the system page, at its stable address.
    await page.getByLabel('Kun leverandører og hosting (fold systemerne sammen)').uncheck();
    await page.locator('#graph-figure svg g.node[data-kind="system"]').first().waitFor({ timeout: 60_000 });
    const system = graph.locator('g.node[data-kind="system"]').first();
    const usage = (await system.getAttribute('data-id'))!.slice(2);
    const { usageKey } = (await (await fetch(`${server.url}/api/v1/usages/${usage}/score`)).json()) as { usageKey: string };
    await system.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/kommuner/101/systemer/${encodeURIComponent(usageKey)}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compares with peers and offers every chart as SVG and PNG and the lists as CSV and XLSX', async () => {
    const page = await browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.goto(`${server.url}/kommuner/101`);
    await page.locator('#graph[data-drawn] #graph-figure svg g.node').first().waitFor();

    // Peers: five in Region Hovedstaden nearest in size, five indicators.
    const peers = page.locator('#peers-figure');
    expect(await peers.locator('figcaption strong').textContent()).toMatch(/^København og de 5 kommuner i .+, der ligner mest i størrelse/);
    expect(await peers.locator('svg g.indicator').count()).toBe(5);
    expect(await peers.locator('svg path.dot.self').count()).toBe(5);
    expect(await peers.locator('details tbody tr').count()).toBe(6);
    expect(await peers.locator('details tbody tr').first().locator('th').textContent()).toBe('København (valgt)');
    expect(await peers.locator('details tbody tr').nth(1).locator('th a').getAttribute('href')).toMatch(/^\/kommuner\/\d{3}$/);
    expect(await peers.locator('figcaption .summary').textContent()).toMatch(/^København sammenlignet med 5 lignende kommuner: Binding L (højere|lavere|samme)/);

    // The priority table: Danish labels, Danish dates, the vendor linked.
    const prio = page.locator('#priority-table tbody tr');
    expect(await prio.first().locator('td:nth-child(5)').textContent()).toMatch(/^(Lav|Middel|Høj|Kritisk|Ukendt)$/);
    const exits = await prio.locator('td:nth-child(6)').allTextContents();
    for (const e of exits) expect(e).toMatch(/^(\d{1,2}\. [a-zæøå]+\.? \d{4}|ukendt)$/);
    expect(await page.locator('#priority-table tbody td a[href^="/leverandoerer/"]').count()).toBeGreaterThan(0);

    // Every figure has both download buttons.
    const figures = await page.locator('figure.chart').count();
    expect(await page.getByRole('button', { name: 'Hent SVG' }).count()).toBe(figures);
    expect(await page.getByRole('button', { name: 'Hent PNG' }).count()).toBe(figures);

    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#reach-figure').getByRole('button', { name: 'Hent SVG' }).click()]);
    expect(svgDownload.suggestedFilename()).toBe('reach-figure.svg');
    const svgText = readFileSync((await svgDownload.path())!, 'utf8');
    expect(svgText).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).toContain('style="fill:');
    expect(svgText).not.toContain('tabindex');

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#graph-figure').getByRole('button', { name: 'Hent PNG' }).click()]);
    expect(pngDownload.suggestedFilename()).toBe('graph-figure.png');
    const png = readFileSync((await pngDownload.path())!);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // 2× the chart's 900 px width.
    expect(png.readUInt32BE(16)).toBe(1800);

    // The systems list as CSV and XLSX, through the API's export.
    const csvLink = page.locator('#prio-heading ~ .downloads a', { hasText: 'CSV' });
    expect(await csvLink.getAttribute('href')).toBe('/api/v1/usages?municipality=101&sort=priority&order=desc&format=csv&lang=da');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^usages-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    expect(csv.split(/\r?\n/).filter(Boolean).length).toBeGreaterThanOrEqual(601);
    const xlsx = await page.request.get(`${server.url}${await page.locator('#contracts-heading ~ .downloads a', { hasText: 'XLSX' }).getAttribute('href')}`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
    // The peers' source list: every scored municipality of the region.
    const regionCsv = await page.request.get(`${server.url}${await page.locator('#peers-heading ~ .downloads a', { hasText: 'CSV' }).getAttribute('href')}`);
    expect(regionCsv.status()).toBe(200);
    expect(await regionCsv.text()).toContain('København');
    await page.close();
  });

  it('works by keyboard alone, with visible focus, from the skip link to a graph node', async () => {
    const page = await browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/kommuner/101`);
    await page.locator('#graph[data-drawn] #graph-figure svg g.node').first().waitFor();
    const focused = () => page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      if (!a || a === document.body) return null;
      const style = getComputedStyle(a);
      const shape = a.querySelector(':scope > .shape');
      return {
        id: a.id, tag: a.tagName.toLowerCase(), kind: a.getAttribute('data-kind'), text: (a.textContent ?? '').trim().slice(0, 40),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        ring: shape ? getComputedStyle(shape).strokeWidth : null,
      };
    });
    await page.keyboard.press('Tab');
    expect((await focused())!.text).toBe('Spring til indhold');
    /** Tabs until `match` holds (at most `max` presses); every stop on the way shows its focus. */
    const tabTo = async (match: (f: NonNullable<Awaited<ReturnType<typeof focused>>>) => boolean, max = 400) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        expect(f, 'focus left the page').not.toBeNull();
        expect(f!.outline || f!.ring === '3px', `${f!.tag}#${f!.id} "${f!.text}": visible focus`).toBe(true);
        if (match(f!)) return f!;
      }
      throw new Error('not reached by Tab');
    };
    await tabTo((f) => f.id === 'graph-collapse');
    await page.keyboard.press('Space');
    await page.locator('#graph[data-drawn="2"] #graph-figure svg g.node[data-kind="system"]').first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Space');
    await page.locator('#graph[data-drawn="3"]').waitFor();
    await tabTo((f) => f.id === 'graph-focus');
    await tabTo((f) => f.id === 'graph-depth');
    const node = await tabTo((f) => f.tag === 'g' && f.kind !== null);
    expect(node.ring).toBe('3px');
    await page.screenshot({ path: 'test-results/dashboard-keyboard.png' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/leverandoerer\/\d+$/);
    await page.close();
  });

  it('speaks English on request, and both languages pass axe', async () => {
    const page = await browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/kommuner/101`);
    await page.locator('#graph[data-drawn] #graph-figure svg g.node').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('status').filter({ hasText: 'figures as of' }).waitFor();
    await page.locator('#graph[data-drawn] #graph-figure svg g.node').first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.headline dt').allTextContents()).toEqual(['Vendor lock-in L', 'Effective number of vendors', "Largest vendor's share", 'Share under non-EU jurisdiction']);
    expect(await page.locator('.headline dd').first().textContent()).toMatch(/^\d+band [A-E] of A–E · confidence (low|medium|high)/);
    expect(await page.locator('main h2').allTextContents()).toEqual(expect.arrayContaining(['Key figures', 'Whom does the municipality depend on?', 'How do vendors, systems and hosting connect?', 'Where should the municipality start?', 'When can the municipality act?', 'How does the municipality compare?']));
    expect(await page.locator('label[for="graph-collapse"]').textContent()).toBe('Vendors and hosting only (fold the systems away)');
    expect(await page.locator('#graph-figure svg g.legend').textContent()).toContain('indirect (via hosting, platform or integration)');
    expect(await page.locator('#peers-figure figcaption .summary').textContent()).toMatch(/^København compared with 5 similar municipalities/);
    expect(await page.locator('#priority-table thead th').allTextContents()).toEqual(['System', 'Vendor', 'Lock-in L', 'Band', 'Criticality', 'Next exit', 'Warnings']);
    expect(await page.getByRole('button', { name: 'Download SVG' }).count()).toBe(await page.locator('figure.chart').count());
    expect(await page.locator('#prio-heading ~ .downloads a', { hasText: 'CSV' }).getAttribute('href')).toContain('lang=en');
    expect(await page.locator('#contracts-figure svg g.today text').textContent()).toMatch(/^Today, /);
    expect(await accessibilityViolations(page)).toEqual([]);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-municipality-en.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('links the accessibility statement in the footer when ACCESSIBILITY_STATEMENT_URL is set', async () => {
    const page = await browser.newPage({ locale: 'da-DK' });
    await page.goto(`${server.url}/kommuner/751`);
    await page.getByRole('status').filter({ hasText: 'opgjort pr.' }).waitFor();
    expect(await page.locator('.site-footer a').count()).toBe(0);
    // A second server on the same (already seeded) database, with the statement configured.
    const url = 'https://www.was.digst.dk/app/handlefrihed-eksempel';
    const other = await startServerProcess({ DATABASE_URL: join(dir, 'handlefrihed.db'), ACCESSIBILITY_STATEMENT_URL: url });
    try {
      await page.goto(`${other.url}/kommuner/751`);
      const statement = page.getByRole('link', { name: 'Tilgængelighedserklæring' });
      await statement.waitFor();
      expect(await statement.getAttribute('href')).toBe(url);
      expect(await page.locator('.site-footer').textContent()).toContain('Tilgængelighedserklæring');
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.getByRole('link', { name: 'Accessibility statement' }).getAttribute('href')).toBe(url);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.locator('.site-footer').screenshot({ path: 'test-results/dashboard-footer.png' });
    } finally {
      await other.stop();
    }
    await page.close();
  });

  it('opens a system from the exit priorities: nine factor bars, rules with provenance, alternatives', async () => {
    const page = await browser.newPage({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/kommuner/101`);
    await page.getByRole('status').filter({ hasText: 'opgjort pr.' }).waitFor();
    const first = page.locator('#prio-heading + table tbody tr').first().locator('th a');
    const name = await first.textContent();
    // Linked by its stable address (municipality + key), which survives re-imports.
    expect(await first.getAttribute('href')).toMatch(/^\/kommuner\/101\/systemer\/(kitos|id|name)%3A[^/]+$/);
    await first.click();
    await page.waitForURL(/\/kommuner\/101\/systemer\/[^/]+$/);
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
    expect(await page.locator('#alternatives h2').textContent()).toBe('Alternativer');
    // One source per fact: the number F5 states is the number of alternatives the page lists.
    const f5Stated = async () => {
      const f5 = page.locator('#explanation tbody[data-factor="F5"] tr').filter({ hasText: 'Brugbare alternativer' });
      const value = (await f5.locator('td').nth((await f5.locator('td').count()) - 2).textContent())!;
      const listed = (await page.locator('#alternatives-table tbody tr').count()) + (await page.locator('#category-competitors li').count());
      expect(Number(value.replace(/\./g, ''))).toBe(listed);
      expect(Number(await page.locator('#alternatives-count').getAttribute('data-count'))).toBe(listed);
    };
    await f5Stated();
    // No field path, ISO date or unrounded number in the explanation.
    const explanation = (await page.locator('#explanation').textContent())!;
    expect(explanation).not.toMatch(/\w+\[[^\]]*\]\.|\d{4}-\d{2}-\d{2}|\d\.\d{4,}/);
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
      // An old link by usage id moves to the stable address.
      await page.goto(`${server.url}/systemer/${m365.usageId}`);
      await page.waitForURL(/\/kommuner\/101\/systemer\/[^/]+$/);
      await page.getByRole('status').filter({ hasText: 'score opgjort pr.' }).waitFor();
      expect(await page.locator('#alternatives-table tbody tr').count()).toBeGreaterThan(0);
      const after = (await page.locator('#alternatives-table tbody td:nth-child(2)').allTextContents()).map((t) => Number(t.split(' ')[0]));
      expect(after).toEqual([...after].sort((a, b) => a - b));
      await f5Stated();
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
    // The link opens the vendor with this municipality's paths ("why?") chosen.
    await page.locator(`#reach-heading ~ nav a[href="/leverandoerer/${microsoft.id}?kommune=0101"]`).click();
    await page.waitForURL(new RegExp(`/leverandoerer/${microsoft.id}\\?kommune=0101$`));
    await page.getByRole('status').filter({ hasText: 'ejerskab, rækkevidde og produkter' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Microsoft Corporation');

    expect(await page.locator('#ownership-chain li').allTextContents()).toEqual(['Microsoft Corporation (USA)']);
    expect(await page.locator('#ownership').textContent()).toContain('uden for EU/EØS');
    expect(await page.locator('#national-reach dt').allTextContents()).toContain('Samlet rækkevidde');
    expect(await page.locator('#vendor-reach-figure svg g.vendor').count()).toBe(20);
    expect(await page.locator('#vendor-reach-figure details table tbody tr').count()).toBe(98);
    expect(await page.locator('#vendor-reach-figure details table tbody th a').first().getAttribute('href')).toMatch(/^\/kommuner\/\d{3}$/);
    expect(await page.locator('#products tbody tr').count()).toBeGreaterThan(0);
    await page.locator('#why-paths tbody tr').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-vendor.png', fullPage: true });

    // A subsidiary: the chain goes up to Microsoft Corporation, named beside the company; by
    // default the figures are the company's own, the switch shows the whole group's.
    await page.locator('#ownership .children a').first().click();
    await page.waitForURL(/\/leverandoerer\/\d+$/);
    await page.locator('#ownership-chain li:nth-child(2)').waitFor();
    expect(await page.locator('#ownership-chain li').last().textContent()).toBe('Microsoft Corporation (USA)');
    expect(await page.locator('#vendor-owner').textContent()).toMatch(/^.+ \(ejet af Microsoft Corporation, USA\)$/);
    const nationalSection = page.locator('section:has(#national-heading)');
    expect(await nationalSection.textContent()).toContain('alene, uden resten af koncernen under Microsoft Corporation');
    await page.getByLabel('koncern (endelig ejer)').check();
    await nationalSection.filter({ hasText: 'hele koncernen under Microsoft Corporation' }).waitFor();
    expect(await page.locator('#vendor-reach-figure svg g.vendor').count()).toBe(20);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explains a vendor’s reach in a municipality path by path, the sum equal to the figure, in Danish and English and on a phone', async () => {
    const vendors = (await (await fetch(`${server.url}/api/v1/vendors?q=Microsoft`)).json()) as { items: { id: number; name: string }[] };
    const microsoft = vendors.items.find((v) => v.name === 'Microsoft Corporation')!;
    const answer = (await (await fetch(`${server.url}/api/v1/vendors/${microsoft.id}/dependency?municipality=101`)).json()) as {
      municipalities: { municipalityCode: number; reach: number }[];
      explanation: { owner: { reach: number; paths: { system: { usageKey: string; name: string }; contribution: number }[] } };
    };
    // Microsoft Corporation owns itself: its page shows the group (the owner grouping).
    const paths = answer.explanation.owner.paths;
    expect(paths.length).toBeGreaterThan(0);
    const stored = answer.municipalities.find((m) => m.municipalityCode === 101)!.reach;
    for (const [language, locale, width] of [['da', 'da-DK', 1280], ['en', 'en-GB', 390]] as const) {
      const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
      await context.addInitScript((l) => localStorage.setItem('handlefrihed.lang', l), language);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/leverandoerer/${microsoft.id}?kommune=0101`);
      await page.locator('#why-paths tbody tr').first().waitFor();
      const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(stored);
      // The figure beside the table is the stored reach; the total row equals it.
      expect((await page.locator('#why-figure .big').textContent())?.replace(/\s/g, ' ')).toBe(percent.replace(/\s/g, ' '));
      const total = (await page.locator('#why-total th').textContent())!.replace(/\s/g, ' ');
      expect(total).toBe(language === 'da' ? `Sum = ${percent} = rækkevidden`.replace(/\s/g, ' ') : `Sum = ${percent} = the reach`.replace(/\s/g, ' '));
      expect(await page.locator('#why-municipality').inputValue()).toBe('101');
      // The figure split by how the vendor is reached: its own role (hosting, supplier …) and logins through Entra ID.
      const breakdown = (await page.locator('#why-breakdown').textContent())!;
      expect(breakdown).toMatch(language === 'da' ? /^Heraf: egen rolle på systemet .*«logger ind med»/ : /^Of which: its own role on the system .*«logs in with»/);
      // One row per system counted, largest contribution first, each linking to the system's page.
      expect(await page.locator('#why-paths tbody tr').count()).toBe(paths.length);
      expect(await page.locator('#why-paths tbody th a').first().getAttribute('href')).toBe(`/kommuner/101/systemer/${encodeURIComponent(paths[0]!.system.usageKey)}`);
      expect(await page.locator('#why-paths thead th').allTextContents()).toEqual(
        language === 'da' ? ['System', 'Vej', 'Vægt ρ*', 'Eksponering', 'Bidrag (procentpoint)'] : ['System', 'Path', 'Weight ρ*', 'Exposure', 'Contribution (percentage points)'],
      );
      // A path reads in words: at least one step through another system names its kind.
      const pathTexts = await page.locator('#why-paths tbody td.path').allTextContents();
      expect(pathTexts.some((t) => (language === 'da' ? /logger ind med|kræver platformen|bruger data fra|tovejsintegration/ : /logs in with|requires platform|uses data from|two-way integration/).test(t))).toBe(true);
      // No text under 11 px; the page never scrolls sideways, the table box does (with a tab stop).
      const smallest = await page.locator('#why').evaluate((root) => Math.min(...[...root.querySelectorAll('*')].filter((e) => e.childNodes.length && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())).map((e) => parseFloat(getComputedStyle(e).fontSize))));
      expect(smallest).toBeGreaterThanOrEqual(11);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // Every box of the table that scrolls sideways gets a tab stop (scroll-regions.ts, after a frame).
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('#why .table-scroll, #why .data-table')].every((b) =>
        !(b.scrollWidth > b.clientWidth + 1 && getComputedStyle(b).overflowX !== 'visible') || b.tabIndex === 0 || b.parentElement?.closest<HTMLElement>('.table-scroll, .data-table')?.tabIndex === 0));
      if (width === 390) expect(await page.locator('#why .table-scroll, #why .data-table').evaluateAll((boxes) => boxes.some((b) => b.scrollWidth > b.clientWidth + 1))).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
      // Choosing another municipality changes the address and the table.
      const other = await page.locator('#why-municipality option:nth-child(3)').getAttribute('value');
      await page.locator('#why-municipality').selectOption(other!);
      await page.waitForURL(new RegExp(`kommune=0?${other}$`));
      await page.locator('#why-figure dt').filter({ hasNotText: 'København' }).filter({ hasNotText: 'Copenhagen' }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    }
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
