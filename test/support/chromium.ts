// Launches Debian's Chromium through playwright-core for node-side browser
// tests (no browser download: the binary comes from find-chrome).
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROME_ARGS, HOW_TO_GET_CHROME, findChrome } from '../../scripts/find-chrome.mjs';

/** Why node-side browser tests must skip, or false when a browser is there. */
export const noChromium: string | false = findChrome() ? false : HOW_TO_GET_CHROME;

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(HOW_TO_GET_CHROME);
  return chromium.launch({ executablePath, args: CHROME_ARGS });
}

/**
 * Collects what must not happen on a sandbox page: uncaught script errors and
 * console errors or warnings (a CSP or Trusted Types violation shows up there).
 * A refused id is an expected 4xx from the page's own API, so that is left out.
 */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
  });
  return problems;
}
