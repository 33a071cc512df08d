// Headless Chromium (Debian's package) through playwright-core. Outside CI a missing browser
// skips the browser tests with a message; in CI it is a failure.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveBrowser = existsSync(CHROMIUM);

if (!haveBrowser) {
  if (process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium package.`);
  console.warn(`[handlefrihed] No Chromium at ${CHROMIUM}: browser tests are SKIPPED (apt-get install chromium).`);
}

/**
 * How long a browser step may wait (Playwright's default is 30 s). The suite must give the same
 * verdict on a loaded machine (`taskset -c 0` beside other work): a step that is merely slow
 * waits; one that never happens still fails.
 */
export const BROWSER_STEP_TIMEOUT_MS = 120_000;

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Every page and context the tests open gets the patient timeout and the suite's time zone.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options = {}) => {
    const context = await newContext({ timezoneId: process.env.TZ ?? 'UTC', ...options });
    context.setDefaultTimeout(BROWSER_STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(BROWSER_STEP_TIMEOUT_MS);
    return context;
  };
  browser.newPage = async (options = {}) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    // Closing the page closes its own context, as Browser.newPage's pages do.
    page.once('close', () => void context.close().catch(() => {}));
    return page;
  };
  return browser;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.x A/AA violations on the page as it is now (rule id and the offending nodes). */
export async function accessibilityViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol, not added as an inline <script>: the pages' CSP
  // (script-src 'self') rightly refuses inline scripts, and the tests run under it.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  );
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Fills in the sign-in form on the page (Danish labels) and submits it; the caller waits for what follows. */
export async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

/** Signs the page's browser context in through the API (the session cookie), skipping the form; returns the HTTP status. */
export async function signInWithApi(page: Page, serverUrl: string, email: string, password: string): Promise<number> {
  const res = await page.request.post(`${serverUrl}/api/v1/auth/login`, { data: { email, password } });
  return res.status();
}
