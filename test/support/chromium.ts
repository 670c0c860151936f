// Launches Debian's Chromium through playwright-core for node-side browser
// tests (no browser download: the binary comes from find-chrome).
import { chromium, type Browser } from 'playwright-core';
import { CHROME_ARGS, HOW_TO_GET_CHROME, findChrome } from '../../scripts/find-chrome.mjs';

/** Why node-side browser tests must skip, or false when a browser is there. */
export const noChromium: string | false = findChrome() ? false : HOW_TO_GET_CHROME;

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(HOW_TO_GET_CHROME);
  return chromium.launch({ executablePath, args: CHROME_ARGS });
}
