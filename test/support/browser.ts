import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core (no browser download: `npm test` installs the
 * package through scripts/ensure-test-tools.sh). CHROMIUM_PATH overrides where it is.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} is missing: run scripts/ensure-test-tools.sh (npm test does) or set CHROMIUM_PATH.`);
  }
  // --no-sandbox: the tests may run as root (CI here does), where chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
