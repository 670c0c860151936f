// Finds a locally installed Chromium or Chrome. CHROME_PATH wins; the real
// binary behind Debian's /usr/bin/chromium wrapper is preferred because the
// wrapper prints a harmless but noisy warning on every start.
import { existsSync } from 'node:fs';

const candidates = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
];

export const HOW_TO_GET_CHROME =
  'No Chromium or Chrome found: install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROME_PATH to its binary.';

/** @returns {string | undefined} */
export function findChrome() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return candidates.find((path) => existsSync(path));
}

/** Flags Chromium needs on these machines: root, no GPU, a closed network. */
export const CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
