// Typed access to scripts/find-chrome.mjs (plain JS, shared with
// web-test-runner's config, so it has no declaration file).
interface FindChrome {
  findChrome(): string | undefined;
  CHROME_ARGS: string[];
}

const modulePath: string = new URL('../../../scripts/find-chrome.mjs', import.meta.url).href;
const chrome = (await import(modulePath)) as FindChrome;

export const findChrome = chrome.findChrome;
export const CHROME_ARGS = chrome.CHROME_ARGS;
