// Headless Chromium (Debian's package) through playwright-core. Outside CI a missing browser
// skips the browser tests with a message; in CI it is a failure.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveBrowser = existsSync(CHROMIUM);

if (!haveBrowser) {
  if (process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium package.`);
  console.warn(`[handlefrihed] No Chromium at ${CHROMIUM}: browser tests are SKIPPED (apt-get install chromium).`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
