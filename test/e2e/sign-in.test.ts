// A real installation (a real import, no demo data): the browser sees nothing but the sign-in
// form until a user created on the command line signs in, and nothing again after signing out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, haveBrowser, launchBrowser, signInWithForm } from '../helpers/browser.ts';
import { addUser, runCli } from '../helpers/cli.ts';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.ts';

describe('a real installation: sign in first', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ServerProcess;
  let password: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hf-e2e-signin-'));
    env = { DATABASE_URL: join(dir, 'handlefrihed.db'), PASSWORD_SCRYPT_N: '16384' };
    expect(runCli(['reference', 'load'], env).code).toBe(0);
    const imported = runCli(['import', 'test/fixtures/importers/kitos-systems-new.csv', '--municipality', '101'], env);
    expect(imported.code, imported.err + imported.out).toBe(0);
    server = await startServerProcess(env);
    password = addUser(env, 'leder@kk.dk', 'leader', 101);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints how to create the first administrator, and serves no data anonymously', async () => {
    expect(server.output()).toMatch(/npx handlefrihed user add .* --role admin/);
    expect((await fetch(`${server.url}/api/v1/municipalities`)).status).toBe(401);
  });

  describe.runIf(haveBrowser)('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => browser?.close());

    it('signs in with the form, shows the municipalities, and signs out', async () => {
      const page = await browser.newPage({ locale: 'da-DK' });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Log ind' }).waitFor();
      expect(await page.getByRole('note').isVisible()).toBe(false); // no demo banner: real data
      expect(await accessibilityViolations(page)).toEqual([]);
      await signInWithForm(page, 'leder@kk.dk', 'forkert-adgangskode');
      await page.getByRole('alert').filter({ hasText: 'Forkert e-mail eller adgangskode' }).waitFor();
      await signInWithForm(page, 'leder@kk.dk', password);
      await page.getByRole('status').filter({ hasText: '98 kommuner' }).waitFor();
      expect(await page.locator('li.municipality[data-code="101"] .count').textContent()).toMatch(/\d+ systemer/);
      expect(await page.locator('#account').textContent()).toContain('leder@kk.dk');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Log ud' }).click();
      await page.getByRole('heading', { name: 'Log ind' }).waitFor();
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});
