// One end-to-end site: a fresh SQLite file in a temporary folder, the real `handlefrihed serve`
// on it (which loads the demo data) and headless Chromium; `close()` undoes all three.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

export interface E2eSite {
  url: string;
  /** The server's environment (its DATABASE_URL): `handlefrihed` commands on the same database. */
  env: Record<string, string>;
  server: ServerProcess;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts the site; `name` names the temporary folder, `env` adds to the server's environment (e.g.
 * SECRETS_KEY). Screenshots go to test-results/ (created here).
 */
export async function openSite(name: string, options: { startTimeoutMs?: number; env?: Record<string, string> } = {}): Promise<E2eSite> {
  const dir = mkdtempSync(join(tmpdir(), `hf-e2e-${name}-`));
  const env = { ...options.env, DATABASE_URL: join(dir, 'handlefrihed.db'), PASSWORD_SCRYPT_N: '16384' };
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    server = await startServerProcess(env, options.startTimeoutMs);
    browser = await launchBrowser();
  } catch (err) {
    await close();
    throw err;
  }
  mkdirSync('test-results', { recursive: true });
  return { url: server.url, env, server, browser, close };
}
