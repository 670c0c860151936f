// One flow taken apart: where the time to PIN goes, milestone by milestone,
// in each arm of bench 7 (the hand-written page, <pin-control token-url> and
// <pin-control token-url frame-url>). Not a benchmark (no ratios, no
// intervals): the tool behind the README's account of the gap. Fresh pages,
// arms alternated, medians per milestone and per phase.
//
//   node --import tsx bench/time-to-pin/phases.ts [--latency=0] [--pages=15] [--mode=view|set]
//
// The milestones come from the page's own clock (ms from navigation start),
// without touching the element: resource timing (script, token, frame
// document), and an init script that notes when `fetch` of the token
// resolves, when an iframe enters the page and fires `load`, and when the
// element posts its hand-over marker to its own window (the hand-written page
// hands over in its `load` handler).
import { launchChromium } from '../../test/support/chromium.js';
import { median } from '../stats.js';
import { initScript, startTimeToPinHost, type Arm, type Mode } from './host.js';

const option = (name: string, fallback: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const latency = Number(option('latency', '0'));
const pages = Number(option('pages', '15'));
const mode = option('mode', 'view') as Mode;
const ARMS: Arm[] = ['baseline', 'token-url', 'frame-url'];

const MILESTONES = {
  script: 'script loaded',
  tokenAsked: 'token asked',
  tokenAnswered: 'token answered',
  tokenInScript: 'answer reaches script',
  inserted: 'iframe inserted',
  frameAsked: 'frame requested',
  frameAnswered: 'frame answered',
  loaded: 'frame load event',
  handedOver: 'id handed over',
  done: mode === 'view' ? 'PIN shown' : 'PIN input ready',
} as const;
type Milestone = keyof typeof MILESTONES;
type Sample = Record<Milestone, number>;

const PHASES: Array<[Milestone, Milestone, string]> = [
  ['script', 'tokenAsked', 'script runs until the token request'],
  ['tokenAsked', 'tokenAnswered', 'token round trip'],
  ['tokenAnswered', 'tokenInScript', 'answer waits for the main thread'],
  ['tokenInScript', 'inserted', 'answer read, checked, iframe made'],
  ['inserted', 'frameAnswered', 'frame document round trip'],
  ['frameAnswered', 'loaded', 'frame page loads'],
  ['loaded', 'handedOver', 'hold before the hand-over'],
  ['handedOver', 'done', 'frame answers'],
];

/** Runs in every document of the context; notes the milestones only on the host page. */
const probe = (hostOrigin: string) => `(() => {
  if (location.origin !== ${JSON.stringify(hostOrigin)}) return;
  const at = (window.__phases = {});
  const note = (name) => { if (at[name] === undefined) at[name] = performance.now(); };
  const fetch = window.fetch;
  window.fetch = function (input) {
    const answer = fetch.apply(this, arguments);
    if (String(input).includes('/api/token/')) answer.then(() => note('tokenInScript'), () => {});
    return answer;
  };
  const postMessage = window.postMessage;
  window.postMessage = function (message) {
    if (typeof message === 'string' && message.startsWith('pin-control#')) note('handedOver');
    return postMessage.apply(this, arguments);
  };
  const watch = (node) => {
    if (node?.nodeName !== 'IFRAME' || at.inserted !== undefined) return;
    note('inserted');
    node.addEventListener('load', () => note('loaded'), { once: true });
  };
  for (const [prototype, name] of [[Node.prototype, 'insertBefore'], [Node.prototype, 'appendChild'], [Element.prototype, 'append']]) {
    const insert = prototype[name];
    prototype[name] = function (node) { watch(node); return insert.apply(this, arguments); };
  }
})();`;

const MEASURED = `(() => {
  const at = window.__phases;
  const entries = performance.getEntriesByType('resource');
  const script = entries.find((e) => /\\/(pin-control|hand-written)\\.js/.test(e.name));
  const token = entries.find((e) => e.name.includes('/api/token/'));
  const frame = entries.find((e) => e.initiatorType === 'iframe');
  return {
    script: script?.responseEnd, tokenAsked: token?.startTime, tokenAnswered: token?.responseEnd,
    tokenInScript: at.tokenInScript, inserted: at.inserted, frameAsked: frame?.startTime,
    frameAnswered: frame?.responseEnd, loaded: at.loaded, handedOver: at.handedOver ?? at.loaded,
    timeOrigin: performance.timeOrigin,
  };
})()`;

const host = await startTimeToPinHost();
host.setLatency(latency);
const browser = await launchChromium();
const samples: Record<Arm, Sample[]> = { baseline: [], 'token-url': [], 'frame-url': [] };
try {
  for (let round = 0; round < pages + 1; round++) {
    const order = round % 2 ? [...ARMS].reverse() : ARMS;
    for (const arm of order) {
      const context = await browser.newContext();
      let report: (value: number) => void = () => {};
      const reported = new Promise<number>((resolve) => (report = resolve));
      await context.exposeBinding('__benchDone', (_source, kind: string, value: number) => {
        if (kind === mode) report(value);
      });
      await context.addInitScript(initScript(host.hostOrigin, host.issuerOrigin));
      await context.addInitScript(probe(host.hostOrigin));
      const page = await context.newPage();
      await page.goto(host.pageUrl(arm, mode), { waitUntil: 'commit' });
      // Cleared once the flow reports, or the process would wait it out at the end.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(Number.NaN), 20_000)));
      const done = await Promise.race([reported, timeout]);
      clearTimeout(timer);
      const { timeOrigin, ...milestones } = (await page.evaluate(MEASURED)) as Omit<Sample, 'done'> & { timeOrigin: number };
      await context.close();
      if (!Number.isFinite(done)) throw new Error(`${arm}: no ${mode} report within 20 s`);
      // The first round warms the servers and the browser: not kept.
      if (round > 0) samples[arm].push({ ...milestones, done: mode === 'set' ? done - timeOrigin : done });
    }
  }
} finally {
  await browser.close();
  await host.close();
}

const cell = (value: number, width = 11) => (Number.isFinite(value) ? value.toFixed(1) : '–').padStart(width);
const medianOf = (arm: Arm, value: (sample: Sample) => number) => median(samples[arm].map(value).filter(Number.isFinite));
const title = (text: string) => text.padEnd(36);

console.log(`Time to PIN taken apart: ${mode}, ${latency} ms round trip, ${pages} fresh pages per arm, medians`);
console.log(`\n${title('milestone (ms from navigation start)')}${ARMS.map((arm) => arm.padStart(11)).join('')}`);
for (const [key, label] of Object.entries(MILESTONES) as Array<[Milestone, string]>) {
  console.log(`${title(label)}${ARMS.map((arm) => cell(medianOf(arm, (s) => s[key]))).join('')}`);
}
console.log(`\n${title('phase (ms; each page its own, then the median)')}${ARMS.map((arm) => arm.padStart(11)).join('')}`);
for (const [from, to, label] of PHASES) {
  console.log(`${title(label)}${ARMS.map((arm) => cell(medianOf(arm, (s) => s[to] - s[from]))).join('')}`);
}
console.log("\nWith frame-url the frame is made at connect, before the token: its phases overlap the token's and read negative.");
