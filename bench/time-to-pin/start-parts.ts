// What the task that starts 100 flows spends, part by part, timed without a
// profiler (a sampled CPU profile about doubles every figure and put the
// cost where it is not). On bench 9's element page, warmed with 100 flows:
// 100 fetch() calls with the element's options and with the hand-written
// page's, and 100 elements with and without a token source (created,
// connected, first render in the microtasks after). Wall clock on a shared
// machine: read the spread, not one figure. Not a benchmark; the tool behind
// the README's row 9 notes.
//
//   node --import tsx bench/time-to-pin/start-parts.ts [--pages=4]
import { launchChromium } from '../../test/support/chromium.js';
import { startTimeToPinHost } from './host.js';
import { newManyPage } from './many-page.js';

const pages = Number(process.argv.find((arg) => arg.startsWith('--pages='))?.slice('--pages='.length) ?? 4);
const host = await startTimeToPinHost();

const tokenRequest = (init: string) => `void fetch('/api/token/view', ${init}).then((response) => response.text());`;
const element = (attributes: string) =>
  `const el = document.createElement('pin-control'); el.setAttribute('mode', 'view'); ${attributes}` +
  `el.setAttribute('frame-origins', '${host.issuerOrigin}'); el.setAttribute('frame-key', 'bench'); stage.append(el);`;
/**
 * One iteration of each part's loop (run 100 times in one task). The fetch
 * options are copies (of src/token-client.ts's `obtain` and
 * hand-written.js): change them with those.
 */
const PARTS: Record<string, string> = {
  "fetch, the element's options": tokenRequest(
    `{ method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'pin-control' }, body: JSON.stringify({ scope: 'VIEW_PIN' }), cache: 'no-store', signal: new AbortController().signal }`,
  ),
  "fetch, the hand-written page's": tokenRequest(
    `{ method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'pin-control' }, body: JSON.stringify({ scope: 'VIEW_PIN' }) }`,
  ),
  'elements, no token source': element(''),
  'elements, token-url': element(`el.setAttribute('token-url', '/api/token/view'); `),
};

const timed = (loop: string) => `(async () => {
  const stage = document.getElementById('stage');
  const started = performance.now();
  for (let i = 0; i < 100; i++) { ${loop} }
  const looped = performance.now();
  await new Promise((resolve) => queueMicrotask(resolve)); // behind the first renders the loop queued
  return [looped - started, performance.now() - looped];
})()`;

const browser = await launchChromium();
const results = new Map<string, string[]>();
try {
  for (let round = 0; round < pages; round++) {
    const { context, page, all } = await newManyPage(browser, host, 'element');
    await all(100); // warm-up, as bench 9
    const names = Object.keys(PARTS);
    for (const name of round % 2 ? names.reverse() : names) {
      await page.waitForTimeout(1500); // the previous part's requests and frames settle
      const [loop, microtasks] = (await page.evaluate(timed(PARTS[name]!))) as [number, number];
      results.set(name, [...(results.get(name) ?? []), `${loop.toFixed(1)} + ${microtasks.toFixed(1)}`]);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await host.close();
}
console.log(`100 at once, ms: the loop + the microtasks after it, ${pages} fresh pages`);
for (const [name, figures] of results) console.log(`  ${name.padEnd(32)} ${figures.join('   ')}`);
