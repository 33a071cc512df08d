// Every page of the site (web/src/routes.ts), in Danish and English, on a 390 px phone and a
// 1280 px screen, in real Chromium against the real server on the demo data, signed in as a user
// who may see every page (admin, moderator, and architect and leader of København). For each it
// checks what a reader would trip over: the page scrolls sideways (outside a table that scrolls in
// its own box), chart text smaller than 11 px on a phone, a field path, a code or an English enum
// where words belong, an unrounded number, an ISO date, "undefined"/"NaN"/"null", and axe
// violations (at both widths). Each finding names the page, the language, the width and the offending text.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vocabulary from '../../server/src/domain/vocabulary.ts';
import { accessibilityViolations, haveBrowser, signInWithApi } from '../helpers/browser.ts';
import { addUser, runCli } from '../helpers/cli.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

const WIDTHS = [390, 1280] as const;
const LANGS = ['da', 'en'] as const;
const MIN_CHART_TEXT_PX = 11;

/** Machine codes a reader must never see: every vocabulary value and category code written with - or _. */
function machineCodes(): string[] {
  const values = Object.values(vocabulary).flatMap((v) => (typeof v === 'object' && v !== null && 'values' in v && Array.isArray(v.values) ? (v.values as string[]) : []));
  const dk = readFileSync('data/reference/categories.csv', 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]!).filter(Boolean);
  const publiccode = (JSON.parse(readFileSync('data/reference/publiccode-vocabularies.json', 'utf8')) as { categories: (string | { code?: string; value?: string })[] }).categories
    .map((c) => (typeof c === 'string' ? c : (c.code ?? c.value ?? '')));
  return [...new Set([...values, ...dk, ...publiccode])].filter((c) => /^[a-z][a-z0-9]*([-_][a-z0-9]+)+$/.test(c));
}

/** The text checks: a name for the finding and the pattern that finds it in the visible text. */
function textChecks(language: 'da' | 'en'): { name: string; find: (text: string) => string[] }[] {
  const codes = new Set(machineCodes());
  const all = (re: RegExp) => (text: string) => [...text.matchAll(re)].map((m) => m[0]);
  return [
    { name: 'field path', find: all(/\w+\[\d+\]\.\w*/g) },
    { name: 'snake_case code', find: all(/(?<![\p{L}\p{N}_/.@-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\p{L}\p{N}_])/gu) },
    {
      name: 'machine code',
      find: (text) => [...text.matchAll(/(?<![\p{L}\p{N}_/.@-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\p{L}\p{N}_-])/gu)].map((m) => m[0]).filter((t) => codes.has(t) || t.startsWith('dk-')),
    },
    ...(language === 'da' ? [{ name: 'English enum value', find: all(/\b(?:operational|vendor_hosted|phasing_out|phasing_in|not_in_use)\b/g) }] : []),
    { name: 'unrounded number', find: all(/\d[.,]\d{4,}/g) },
    { name: 'ISO date', find: all(/\b\d{4}-\d{2}-\d{2}\b/g) },
    { name: 'undefined/NaN/null', find: all(/\b(?:undefined|NaN|null)\b/g) },
  ];
}


interface PageUnderTest {
  name: string;
  path: string;
  /** Brings the page into the state under test after it has loaded (e.g. a refused file). */
  prepare?: (page: Page, language: 'da' | 'en') => Promise<void>;
}

/** The import page after a refused file: the error table with long values and messages. */
async function refuseBrokenFile(page: Page, language: 'da' | 'en'): Promise<void> {
  await page.locator('#import-file').setInputFiles('test/fixtures/importers/broken-usages.csv');
  await page.getByRole('button', { name: language === 'da' ? 'Kontrollér filen' : 'Check the file' }).click();
  await page.locator('#error-table').waitFor();
}

describe.runIf(haveBrowser)('every page, Danish and English, at 390 px and 1280 px', () => {
  let site: E2eSite;
  let pages: PageUnderTest[];
  const contexts = new Map<string, { context: BrowserContext; page: Page }>();

  beforeAll(async () => {
    site = await openSite('every-page', { startTimeoutMs: 300_000 });
    const password = addUser(site.env, 'alt@kk.dk', 'admin', undefined);
    // One user for every page: the municipal roles for København besides the national ones.
    for (const role of ['moderator', 'architect', 'leader']) {
      const r = runCli(['user', 'grant', 'alt@kk.dk', '--role', role, ...(role === 'moderator' ? [] : ['--municipality', '101'])], site.env);
      expect(r.code, r.err + r.out).toBe(0);
    }
    const api = async <T>(path: string) => {
      const res = await fetch(`${site.url}/api/v1${path}`);
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    };
    const systems = await api<{ items: { usageId: number; usageKey?: string; key?: string }[] }>('/municipalities/101/systems?limit=1000');
    const system = systems.items[0]!;
    const key = system.usageKey ?? system.key;
    const catalogue = await api<{ items: { id: number }[] }>('/alternatives?limit=1');
    // KMD A/S: a company under another owner (NEC Corporation), the page's fullest case.
    const kmd = (await api<{ items: { id: number; name: string }[] }>('/vendors?q=KMD')).items.find((v) => v.name === 'KMD A/S')!;
    pages = [
      { name: 'overview', path: '/' },
      { name: 'municipality', path: '/kommuner/101' },
      { name: 'import', path: '/kommuner/101/import' },
      { name: 'import, refused file', path: '/kommuner/101/import', prepare: refuseBrokenFile },
      { name: 'exit paths', path: '/kommuner/101/exitveje' },
      { name: 'report', path: '/kommuner/101/rapport' },
      { name: 'scenarios', path: '/kommuner/101/scenarier' },
      ...(key ? [{ name: 'system by key', path: `/kommuner/101/systemer/${encodeURIComponent(key)}` }] : []),
      { name: 'system', path: `/systemer/${system.usageId}` },
      { name: 'exit plan', path: `/systemer/${system.usageId}/exitplan` },
      { name: 'cooperation', path: '/samarbejde' },
      { name: 'catalogue', path: '/katalog' },
      { name: 'contribute', path: '/katalog/bidrag' },
      { name: 'moderation', path: '/katalog/moderation' },
      { name: 'catalogue entry', path: `/katalog/${catalogue.items[0]!.id}` },
      { name: 'vendor', path: `/leverandoerer/${kmd.id}` },
      // With København's paths open (the "why?" table, the widest on the page).
      { name: 'vendor, why', path: `/leverandoerer/${kmd.id}?kommune=0101`, prepare: async (page) => void (await page.locator('#why-paths tbody tr').first().waitFor()) },
      { name: 'sign in', path: '/log-ind' },
    ];
    expect(key, 'a system key from /municipalities/101/systems').toBeTruthy();
    for (const language of LANGS) {
      const context = await site.browser.newContext({ locale: language === 'da' ? 'da-DK' : 'en-GB', viewport: { width: 1280, height: 900 } });
      await context.addInitScript((l) => localStorage.setItem('handlefrihed.lang', l), language);
      const page = await context.newPage();
      expect(await signInWithApi(page, site.url, 'alt@kk.dk', password)).toBe(200);
      contexts.set(language, { context, page });
    }
  }, 420_000);
  afterAll(async () => {
    for (const { context } of contexts.values()) await context.close();
    await site?.close();
  });

  // One test per page (both languages, both widths), so a slow machine gives each page its own time.
  const pageNames = ['overview', 'municipality', 'import', 'import, refused file', 'exit paths', 'report', 'scenarios', 'system by key', 'system', 'exit plan', 'cooperation', 'catalogue', 'contribute', 'moderation', 'catalogue entry', 'vendor', 'vendor, why', 'sign in'];
  it.each(pageNames)('%s: no sideways scrolling, no tiny chart text, no codes or raw values, no axe violations', async (pageName) => {
    const { name, path, prepare } = pages.find((p) => p.name === pageName)!;
    const findings: string[] = [];
    for (const language of LANGS) {
      const { page } = contexts.get(language)!;
      const errors: string[] = [];
      const onError = (e: Error) => errors.push(e.message);
      page.on('pageerror', onError);
      const checks = textChecks(language);
      for (const width of WIDTHS) {
        const where = `${name} (${path}) ${language} ${width}px`;
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${site.url}${path}`, { waitUntil: 'networkidle' });
        await settled(page);
        if (prepare) await prepare(page, language);
        for (const o of await overflow(page)) findings.push(`${where}: scrolls sideways: ${o}`);
        if (width === 390) for (const t of await tinyChartText(page)) findings.push(`${where}: chart text below ${MIN_CHART_TEXT_PX} px: ${t}`);
        const text = await visibleText(page);
        for (const check of checks) {
          for (const hit of new Set(check.find(text))) {
            findings.push(`${where}: ${check.name}: "${hit}" in "${context(text, hit)}"`);
          }
        }
        if (language === 'da' && width === 390) await page.screenshot({ path: `test-results/every-page-${name.replace(/\W+/g, '-')}-390.png`, fullPage: true });
        for (const v of await accessibilityViolations(page)) findings.push(`${where}: axe ${v.id}: ${v.nodes.slice(0, 3).join(', ')}`);
      }
      page.off('pageerror', onError);
      for (const e of errors) findings.push(`${name} (${path}) ${language}: page error: ${e}`);
    }
    expect(findings).toEqual([]);
  }, 600_000);
});

/** Waits until the page has stopped loading: no status line that still says "… ". */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => ![...document.querySelectorAll('[role="status"]')].some((s) => /…\s*$/.test(s.textContent ?? '')));
}

/** Elements that stick out past the window's right edge, unless an ancestor scrolls them in its own box. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const scrollsItself = (e: Element) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if ((s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') && a.getBoundingClientRect().right <= width + 0.5) return true;
      }
      return false;
    };
    const out: string[] = [`page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`];
    for (const e of document.body.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.right > width + 0.5 && r.width > 0 && !scrollsItself(e) && !(e.parentElement && e.parentElement.getBoundingClientRect().right > width + 0.5 && !scrollsItself(e.parentElement))) {
        const id = e.id ? `#${e.id}` : e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : '';
        out.push(`<${e.tagName.toLowerCase()}${id}> ends at ${Math.round(r.right)} px: "${(e.textContent ?? '').trim().slice(0, 60)}"`);
      }
      if (out.length > 6) break;
    }
    return out;
  });
}

/** Visible SVG text whose rendered height is below the minimum (text in closed <details> is not shown). */
async function tinyChartText(page: Page, min = MIN_CHART_TEXT_PX): Promise<string[]> {
  return page.evaluate((minPx) => {
    const out: string[] = [];
    for (const t of document.querySelectorAll('svg text')) {
      const svg = t.closest('svg')!;
      const r = t.getBoundingClientRect();
      if (!r.width || !r.height || !(t.textContent ?? '').trim()) continue;
      if (getComputedStyle(svg).display === 'none' || svg.getBoundingClientRect().width === 0) continue;
      const fontSize = parseFloat(getComputedStyle(t).fontSize);
      const ctm = (t as SVGGraphicsElement).getScreenCTM();
      const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
      const px = fontSize * scale;
      if (px < minPx - 0.05) out.push(`"${(t.textContent ?? '').trim().slice(0, 40)}" at ${px.toFixed(1)} px in ${svg.closest('figure')?.id || svg.id || 'svg'}`);
    }
    return [...new Set(out)].slice(0, 5);
  }, min);
}

/**
 * The text a reader sees: the rendered text of the page (innerText skips hidden parts) and of its
 * charts, without what quotes the reader's own file as written (a refused file's values, also
 * where a message quotes them).
 */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const svgText = [...document.querySelectorAll('svg text')].filter((t) => t.getBoundingClientRect().width > 0).map((t) => t.textContent ?? '');
    let text = document.body.innerText;
    // The value column, and values quoted in a message ("2024-13-01" er ikke en gyldig dato).
    for (const quoted of document.querySelectorAll<HTMLElement>('#error-table td:nth-child(3)')) text = text.replace(quoted.innerText, '');
    for (const message of document.querySelectorAll<HTMLElement>('#error-table td:nth-child(4)')) {
      text = text.replace(message.innerText, message.innerText.replace(/"[^"]*"/g, '""'));
    }
    return [text, ...svgText].join('\n');
  });
}

function context(text: string, hit: string): string {
  const i = text.indexOf(hit);
  return text.slice(Math.max(0, i - 40), i + hit.length + 40).replace(/\s+/g, ' ');
}
