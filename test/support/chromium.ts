// Launches Debian's Chromium through playwright-core for node-side browser
// tests (no browser download: the binary comes from find-chrome).
import { chromium, type Browser } from 'playwright-core';
// @ts-expect-error: a plain .mjs script without types
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';

export async function launchChromium(): Promise<Browser> {
  const executablePath = (findChrome as () => string | undefined)();
  if (!executablePath) throw new Error('No Chromium found: install `chromium` or set CHROME_PATH');
  return chromium.launch({ executablePath, args: CHROME_ARGS as string[] });
}
