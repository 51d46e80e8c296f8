import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { describe } from 'vitest';

/** The system's Chromium (Debian's `chromium`); never a downloaded one. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Names that resolve to 127.0.0.1 inside the browser only: origins no app registered. */
export const UNREGISTERED_HOST = 'unregistered.test';

/**
 * `describe` when the browser is there. Without it: with REQUIRE_BROWSER=1 (CI after installing
 * it) the suite fails; otherwise it is skipped, and says so loudly, never a silent pass.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  const reason = `CHROMIUM NOT FOUND AT ${CHROMIUM_PATH}: THE BROWSER TESTS "${name}" DID NOT RUN`;
  if (process.env['REQUIRE_BROWSER'] === '1') {
    describe(name, () => {
      throw new Error(`${reason} (REQUIRE_BROWSER=1; install it: apt-get install -y chromium, or set CHROMIUM_PATH)`);
    });
    return;
  }
  console.warn(`\n!!! SKIPPED: ${reason}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH. !!!\n`);
  describe.skip(name, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${UNREGISTERED_HOST} 127.0.0.1`,
    ],
  });
}
