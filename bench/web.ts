// npm run bench:web — the web front end as a visitor gets it, against targets and a baseline
// measured in the same run (the machine is shared and noisy):
//   bundle:    gzip size of every JS/CSS chunk in web/dist, and of the JS each page loads
//              (recorded in the browser: the entry, the page's chunk and their imports);
//   baseline:  navigation → the bare shell answering an unknown path ("Siden findes ikke");
//   dashboard: navigation → the dashboard of the largest demo municipality fully drawn (headline,
//              charts, peers and the dependency graph of its full inventory), median of N runs;
//   graph:     long tasks (PerformanceObserver 'longtask') after the first draw, while the graph
//              is unfolded to every system and folded back.
// The application runs as `handlefrihed serve` on a fresh SQLite file with the demo data, in
// headless Chromium (Debian's package, through playwright-core). `npm run build:web` first.
// Usage: npm run bench:web [-- --runs 7]
import { readdirSync, readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { haveBrowser, launchBrowser } from '../test/helpers/browser.ts';
import { startServerProcess } from '../test/helpers/server-process.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Math.max(5, Number(values.runs));
const TARGET = { dashboardJsKb: 250, drawnMs: 1500, longTaskMs: 200 };
const DIST = join(process.cwd(), 'web/dist');

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ok = (pass: boolean) => (pass ? 'OK' : 'OVER TARGET');

/** gzip -9 size of every built asset, as a browser with compression would fetch it. */
function chunkSizes(): Map<string, { raw: number; gzip: number }> {
  const dir = join(DIST, 'assets');
  const out = new Map<string, { raw: number; gzip: number }>();
  for (const f of readdirSync(dir).filter((f) => /\.(js|css)$/.test(f)).sort()) {
    const bytes = readFileSync(join(dir, f));
    out.set(f, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return out;
}

/** Records the long tasks of the page from its first byte on. */
const LONGTASKS = `
  window.__longtasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
`;

interface LongTask {
  start: number;
  duration: number;
}

/** A page in a fresh context (cold cache); `scripts` maps each JS file it loads to its gzip -9 size. */
async function newPage(browser: Browser): Promise<{ page: Page; scripts: Map<string, Promise<number>>; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
  await context.addInitScript(LONGTASKS);
  const page = await context.newPage();
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.js')) scripts.set(path.replace(/^\/assets\//, ''), r.body().then((b) => gzipSync(b, { level: 9 }).length, () => 0));
  });
  return { page, scripts, close: () => context.close() };
}

/** ms since navigation start when `condition` first holds (checked every 10 ms). */
async function drawnAt(page: Page, condition: string, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction(`(${condition}) ? performance.now() : false`, undefined, { polling: 10, timeout });
  return Number(await handle.jsonValue());
}

const DASHBOARD_DRAWN = `document.querySelector('#graph[data-drawn] #graph-figure svg g.node')
  && document.querySelector('#peers-figure svg') && document.querySelector('#contracts-figure svg')
  && document.querySelector('#exposure-figure svg') && document.querySelector('#reach-figure svg')
  && /opgjort pr\\./.test(document.querySelector('main [role=status]')?.textContent ?? '')`;
const SHELL_DRAWN = `document.querySelector('main h1')?.textContent === 'Siden findes ikke'`;

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build:web` first');
  if (!haveBrowser) throw new Error('No Chromium: apt-get install chromium (or set CHROMIUM_PATH)');
  const chunks = chunkSizes();
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-web-'));
  console.log('Starting the server on fresh demo data …');
  const server = await startServerProcess({ DATABASE_URL: join(dir, 'handlefrihed.db') }, 300_000);
  const browser = await launchBrowser();
  try {
    const api = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;
    const municipalities = await api<{ items: { code: number; name: string; usageCount: number }[] }>('/api/v1/municipalities');
    const largest = [...municipalities.items].sort((a, b) => b.usageCount - a.usageCount || a.code - b.code)[0]!;
    const graph = await api<{ nodes: unknown[]; links: unknown[] }>(`/api/v1/municipalities/${largest.code}/graph`);
    const systems = await api<{ items: { usageId: number; supplierId: number | null }[] }>(`/api/v1/municipalities/${largest.code}/systems?limit=1`);
    const dashboard = `/kommuner/${largest.code}`;
    console.log(`Largest demo municipality: ${largest.name} (${largest.code}), ${largest.usageCount} systems; graph ${graph.nodes.length} nodes, ${graph.links.length} links.`);

    // Warm the server's read caches once, so every run measures the same thing.
    {
      const { page, close } = await newPage(browser);
      await page.goto(server.url + dashboard);
      await drawnAt(page, DASHBOARD_DRAWN);
      await close();
    }

    // JS per page, as loaded by the browser.
    const pages: [string, string, string][] = [
      ['shell (unknown path)', '/ingen-side', SHELL_DRAWN],
      ['overview', '/', `document.querySelectorAll('#map-figure path.region').length === 98`],
      ['dashboard', dashboard, DASHBOARD_DRAWN],
      ['system', `/systemer/${systems.items[0]!.usageId}`, `!!document.querySelector('#factors-figure svg')`],
      ['vendor', `/leverandoerer/${systems.items[0]!.supplierId}`, `!!document.querySelector('#vendor-reach-figure svg')`],
    ];
    const perPage: { name: string; kb: number; files: string[] }[] = [];
    for (const [name, path, condition] of pages) {
      const { page, scripts, close } = await newPage(browser);
      await page.goto(server.url + path);
      await drawnAt(page, condition).catch(() => undefined);
      const files = [...scripts.keys()].sort();
      const sizes = await Promise.all(files.map((f) => scripts.get(f)!));
      perPage.push({ name, files, kb: kb(sizes.reduce((a, b) => a + b, 0)) });
      await close();
    }

    // Navigation → drawn: the bare shell and the dashboard, alternating, RUNS times each.
    const shell: number[] = [];
    const drawn: number[] = [];
    const graphDrawn: number[] = [];
    const longAfterFirstDraw: LongTask[] = [];
    const unfold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      {
        const { page, close } = await newPage(browser);
        await page.goto(server.url + '/ingen-side');
        shell.push(await drawnAt(page, SHELL_DRAWN));
        await close();
      }
      const { page, close } = await newPage(browser);
      await page.goto(server.url + dashboard);
      const at = await drawnAt(page, DASHBOARD_DRAWN);
      drawn.push(at);
      graphDrawn.push(at);
      // Interact with the graph: unfold it to every system of the inventory, then fold it back.
      const t0 = await page.evaluate(() => performance.now());
      await page.locator('#graph-collapse').click();
      const unfolded = await drawnAt(page, `document.querySelector('#graph[data-drawn="2"] #graph-figure svg g.node[data-kind="system"]')`);
      unfold.push(unfolded - t0);
      await page.locator('#graph-collapse').click();
      await drawnAt(page, `document.querySelector('#graph[data-drawn="3"] #graph-figure svg g.node')`);
      await page.waitForTimeout(300);
      const tasks = await page.evaluate(() => (window as unknown as { __longtasks: LongTask[] }).__longtasks);
      longAfterFirstDraw.push(...tasks.filter((t) => t.start >= at));
      await close();
    }

    console.log('\nBundle (gzip -9), every chunk in web/dist/assets:');
    for (const [f, s] of chunks) console.log(`  ${f.padEnd(36)} ${String(kb(s.raw)).padStart(8)} KB raw  ${String(kb(s.gzip)).padStart(7)} KB gzip`);
    console.log('\nJavaScript each page loads (gzip):');
    for (const p of perPage) console.log(`  ${p.name.padEnd(22)} ${String(p.kb).padStart(7)} KB  (${p.files.join(', ')})`);
    const dashKb = perPage.find((p) => p.name === 'dashboard')!.kb;
    const longest = Math.max(0, ...longAfterFirstDraw.map((t) => t.duration));
    const mShell = median(shell);
    const mDrawn = median(drawn);
    console.log(`\nNavigation → drawn, median of ${RUNS} runs (fresh browser context each):`);
    console.log(`  baseline: bare shell          ${Math.round(mShell)} ms   (runs: ${shell.map(Math.round).join(', ')})`);
    console.log(`  dashboard ${largest.name.padEnd(19)} ${Math.round(mDrawn)} ms   (runs: ${drawn.map(Math.round).join(', ')}) = ${Math.round((mDrawn / mShell) * 10) / 10}× the shell`);
    console.log(`  unfolding the graph to all ${largest.usageCount} systems: median ${Math.round(median(unfold))} ms (runs: ${unfold.map(Math.round).join(', ')})`);
    console.log(`  long tasks after the first draw (incl. unfolding and folding): ${longAfterFirstDraw.length}, longest ${Math.round(longest)} ms`);
    console.log('\nTargets:');
    console.log(`  dashboard JS < ${TARGET.dashboardJsKb} KB gzip: ${dashKb} KB — ${ok(dashKb < TARGET.dashboardJsKb)}`);
    console.log(`  dashboard drawn < ${TARGET.drawnMs} ms: ${Math.round(mDrawn)} ms — ${ok(mDrawn < TARGET.drawnMs)}`);
    console.log(`  no long task > ${TARGET.longTaskMs} ms after the first draw: longest ${Math.round(longest)} ms — ${ok(longest <= TARGET.longTaskMs)}`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
