// The Content-Security-Policy in a real browser: the front page (with its charts), a municipality's
// dashboard and the Swagger UI docs page load and work with no violation, while an injected inline
// handler is refused (so the policy is really in force, not merely absent).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBrowser } from '../helpers/browser.ts';
import { type E2eSite, openSite } from '../helpers/site.ts';

/** Every CSP violation the page reports, from the DOM event and from the console. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) console.push(m.text());
  });
  // Init scripts come through the DevTools protocol, which the page's CSP does not govern.
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
}

describe.runIf(haveBrowser)('the pages under the Content-Security-Policy', () => {
  let site: E2eSite;
  beforeAll(async () => {
    site = await openSite('csp');
  }, 120_000);
  afterAll(async () => site?.close());

  it('the front page and a dashboard draw their charts with no violation', async () => {
    const page = await site.browser.newPage({ locale: 'da-DK' });
    const violations = await watchViolations(page);
    const response = await page.goto(site.url);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.getByRole('status').filter({ hasText: '98 kommuner' }).waitFor();
    await page.locator('#map-figure svg path.region').first().waitFor();
    await page.goto(`${site.url}/kommuner/101`);
    await page.getByRole('status').filter({ hasText: 'opgjort pr.' }).waitFor();
    await page.locator('#reach-figure svg g.vendor').first().waitFor();
    expect(await violations()).toEqual([]);

    // The control: an inline event handler, as an injection would bring, does not run.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="data:," onload="window.injected = true">'));
    await page.waitForFunction(() => (window as unknown as { cspViolations: string[] }).cspViolations.length > 0);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect((await violations()).join('\n')).toMatch(/script-src/);
    await page.close();
  });

  it('the API docs page (Swagger UI) renders the operations with no violation', async () => {
    const page = await site.browser.newPage({ locale: 'da-DK' });
    const violations = await watchViolations(page);
    await page.goto(`${site.url}/api/docs`);
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    expect(await violations()).toEqual([]);
    await page.close();
  });
});
