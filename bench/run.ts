// `npm run bench`: every benchmark, interleaved against its baseline in the
// same run, a table on stdout and everything (raw samples too) in
// test-output/bench.json. Loopback traffic only.
//
//   npm run bench                      every part
//   npm run bench -- --only=preload,token   a subset: preload, flood, token, bundle, http, redis, pin, many, size
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { runBrowserBenchmarks } from './browser.js';
import type { BenchResult } from './stats.js';
import { runBundleSizeBenchmark, type BundleSizeResult } from './bundle-size.js';
import { runTokenEndpointBenchmark } from './token-endpoint.js';
import { runHttpEndpointBenchmark } from './http-endpoint.js';
import { runRedisStoreBenchmark } from './redis-store.js';
import { runSizeBudgets, sizeChecks, type SizeBudgetResult } from './size-budget.js';
import type { Judged } from './targets.js';
import { TIME_TO_PIN_CONFIG } from './time-to-pin/config.js';
import { runTimeToPin, type TimeToPinReport } from './time-to-pin/run.js';

const OUTPUT = 'test-output/bench.json';
const ALL = ['preload', 'flood', 'token', 'bundle', 'http', 'redis', 'pin', 'many', 'size'] as const;
type Part = (typeof ALL)[number];

const CONFIG = {
  tokenDelayMs: 150,
  floodSize: 5000,
  floodRepeats: { page: 5, frame: 3 },
  floodHoldMs: 150,
  preload: { warmupPairs: 2, minPairs: 8, maxPairs: 24, budgetMs: 35_000 },
  flood: { warmupPairs: 1, minPairs: 6, maxPairs: 14, budgetMs: 25_000 },
  floodFrame: { warmupPairs: 1, minPairs: 6, maxPairs: 14, budgetMs: 40_000 },
  token: { batch: 1000, interleave: { warmupPairs: 2, minPairs: 8, maxPairs: 20, budgetMs: 15_000 } },
  // Two warm-up pairs: under load the token route's code (undici, web streams, zod)
  // is still being optimised during the first 2-s run (3× the CPU per request).
  http: { durationS: 2, connections: 10, interleave: { warmupPairs: 2, minPairs: 6, maxPairs: 10, budgetMs: 34_000 } },
  redis: { batch: 500, takes: 2000, interleave: { warmupPairs: 2, minPairs: 8, maxPairs: 20, budgetMs: 15_000 } },
};

function parts(argv: readonly string[]): Set<Part> {
  const only = argv.find((arg) => arg.startsWith('--only='));
  if (!only) return new Set(ALL);
  const chosen = only.slice('--only='.length).split(',').filter(Boolean);
  const unknown = chosen.filter((part) => !(ALL as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`unknown part(s) ${unknown.join(', ')}; pick from ${ALL.join(', ')}`);
  return new Set(chosen as Part[]);
}

const log = (line: string) => console.log(line);

// ---- formatting -------------------------------------------------------------

function num(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'req/s') return Math.round(value).toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function table(headers: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (rightAligned.has(i) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

const TABLE_HEADERS = [
  'benchmark',
  'unit',
  'baseline med',
  'base p90*',
  'candidate med',
  'cand p90*',
  'ratio c/b',
  'bootstrap 95% CI',
  'pairs',
  'target',
  'verdict',
];
const NONE = '–';

function verdictCell(judged: Judged | undefined): string {
  if (!judged) return NONE;
  return judged.measured ? `${judged.verdict} (${judged.measured})` : judged.verdict;
}

function pairedRow({ title, summary: s, judged }: BenchResult): string[] {
  return [
    title,
    s.unit,
    num(s.baseline.median, s.unit),
    num(s.baseline.p90, s.unit),
    num(s.candidate.median, s.unit),
    num(s.candidate.p90, s.unit),
    s.ratio.toFixed(3),
    `${s.ratioCI95[0].toFixed(3)}–${s.ratioCI95[1].toFixed(3)}`,
    String(s.pairs),
    judged?.target ?? NONE,
    verdictCell(judged),
  ];
}

/** Sizes are exact: no spread, no interval, no pairs. */
function exactRow(
  title: string,
  baselineBytes: number | undefined,
  candidateBytes: number,
  verdict?: { target: string; verdict: string },
): string[] {
  const kb = (bytes: number) => (bytes / 1024).toFixed(2);
  return [
    title,
    'KB',
    baselineBytes === undefined ? NONE : kb(baselineBytes),
    NONE,
    kb(candidateBytes),
    NONE,
    baselineBytes === undefined ? NONE : (candidateBytes / baselineBytes).toFixed(3),
    NONE,
    NONE,
    verdict?.target ?? NONE,
    verdict?.verdict ?? NONE,
  ];
}

function bundleRows(result: BundleSizeResult): string[][] {
  const { candidateSize: c, baselineSize: b, candidateEsbuildSize: e } = result;
  return [exactRow(result.title, b.gzip, c.gzip), exactRow('4. the same through esbuild (same minifier as the baseline)', b.gzip, e.gzip)];
}

function sizeRows(result: SizeBudgetResult): string[][] {
  return sizeChecks(result).map(({ title, bytes, budget }) =>
    exactRow(title, undefined, bytes, {
      target: `≤ ${(budget / 1024).toFixed(2)}`,
      verdict: bytes <= budget ? `met (${budget - bytes} B to spare)` : `missed (+${bytes - budget} B)`,
    }),
  );
}

// ---- main ---------------------------------------------------------------------

async function main(): Promise<void> {
  const chosen = parts(process.argv.slice(2));
  const started = Date.now();
  const loadBefore = os.loadavg();
  log(`pin-control bench: ${[...chosen].join(', ')}; ${os.cpus().length} cores, load ${loadBefore.map((n) => n.toFixed(2)).join(' ')}`);

  const paired: BenchResult[] = [];
  let bundle: BundleSizeResult | undefined;
  let timeToPin: TimeToPinReport | undefined;
  let sizes: SizeBudgetResult | undefined;
  let chromiumVersion: string | undefined;
  let browserErrors: string[] = [];

  const failures: string[] = [];
  const attempt = async (name: string, part: () => Promise<void>) => {
    try {
      await part();
    } catch (error) {
      // One broken part must not hide the others' figures; the run still fails.
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      console.error(error);
    }
  };

  // The in-process token helper first: the browser benchmarks' servers replace
  // the global Request and Response (see node-globals.ts).
  if (chosen.has('token'))
    await attempt('token', async () => {
      log('3. token endpoint…');
      paired.push(await runTokenEndpointBenchmark(CONFIG.token));
    });
  if (chosen.has('redis'))
    await attempt('redis', async () => {
      log('6. rate limit on Redis (redis-server on loopback)…');
      paired.push(await runRedisStoreBenchmark(CONFIG.redis));
    });
  if (chosen.has('preload') || chosen.has('flood'))
    await attempt('browser (preload, flood)', async () => {
      const browser = await runBrowserBenchmarks(
        {
          tokenDelayMs: CONFIG.tokenDelayMs,
          floodSize: CONFIG.floodSize,
          floodRepeats: CONFIG.floodRepeats,
          floodHoldMs: CONFIG.floodHoldMs,
          preload: chosen.has('preload') ? CONFIG.preload : { ...CONFIG.preload, warmupPairs: 0, minPairs: 0, maxPairs: 0 },
          flood: chosen.has('flood') ? CONFIG.flood : { ...CONFIG.flood, warmupPairs: 0, minPairs: 0, maxPairs: 0 },
          floodFrame: chosen.has('flood') ? CONFIG.floodFrame : { ...CONFIG.floodFrame, warmupPairs: 0, minPairs: 0, maxPairs: 0 },
        },
        log,
      );
      paired.push(...browser.results.filter((result) => result.summary.pairs > 0));
      chromiumVersion = browser.chromium;
      browserErrors = browser.errors;
    });
  if (chosen.has('http'))
    await attempt('http', async () => {
      log('5. token endpoint over HTTP (autocannon)…');
      paired.push(await runHttpEndpointBenchmark(CONFIG.http));
    });
  if (chosen.has('bundle'))
    await attempt('bundle', async () => {
      log('4. bundle size (vite build --mode bundle)…');
      bundle = await runBundleSizeBenchmark();
    });
  if (chosen.has('pin') || chosen.has('many'))
    await attempt('time to PIN (pin, many)', async () => {
      timeToPin = await runTimeToPin(TIME_TO_PIN_CONFIG, log, { flows: chosen.has('pin'), many: chosen.has('many') });
      paired.push(...timeToPin.results);
      chromiumVersion ??= timeToPin.chromium;
      browserErrors.push(...timeToPin.errors);
    });
  if (chosen.has('size'))
    await attempt('size', async () => {
      log('10. size budgets (vite build, both modes)…');
      sizes = await runSizeBudgets();
    });

  const elapsedS = (Date.now() - started) / 1000;
  const loadAfter = os.loadavg();
  log('');
  // One table, in the benchmarks' order; exact rows (sizes) have no spread.
  const rows = [...paired.map(pairedRow), ...(bundle ? bundleRows(bundle) : []), ...(sizes ? sizeRows(sizes) : [])];
  const order = (row: string[]) => Number.parseInt(row[0]!, 10);
  rows.sort((x, y) => order(x) - order(y));
  if (rows.length > 0) {
    log(table(TABLE_HEADERS, rows, new Set([2, 3, 4, 5, 6, 7, 8])));
    log('* p90 is the slow tail: 90th percentile of a time, 10th percentile of a rate (req/s).');
    log('  ratio = median(candidate) / median(baseline); CI resamples whole AB pairs; pairs ran AB BA AB … .');
    log(
      "  verdict: against issue 10's target, by the CI (unclear: it straddles the target), or by the figure in brackets; sizes are exact.",
    );
    for (const result of paired) {
      const extras = [`${result.candidate} vs ${result.baseline}`, ...(result.notes ?? [])];
      if (result.rejected > 0) extras.push(`${result.rejected} sample(s) rejected and re-run`);
      log(`  ${result.title}: ${extras.join('; ')} (${(result.elapsedMs / 1000).toFixed(1)} s)`);
    }
  }
  if (bundle)
    log(
      `  ${bundle.title}: ${bundle.candidate} vs ${bundle.baseline}${bundle.otherFiles.length ? `; other files: ${bundle.otherFiles.join(', ')}` : ''}`,
    );
  if (sizes)
    log(
      `  10. sizes of fresh builds (element: ${sizes.elementFiles.join(' + ')}); npm test fails above the ceilings in test/node/package/build.test.ts`,
    );
  if (timeToPin) {
    log('  long tasks on the host page (PerformanceObserver):');
    for (const [what, note] of Object.entries(timeToPin.longTasks)) log(`    ${what}: ${note}`);
  }
  if (browserErrors.length > 0) {
    log('');
    log(`browser errors during the run (${browserErrors.length}):`);
    for (const error of browserErrors.slice(0, 10)) log(`  ${error}`);
  }
  if (failures.length > 0) {
    log('');
    log(`FAILED (${failures.length}):`);
    for (const failure of failures) log(`  ${failure}`);
    process.exitCode = 1;
  }
  log('');
  log(
    `done in ${elapsedS.toFixed(1)} s; load ${loadBefore.map((n) => n.toFixed(2)).join(' ')} → ${loadAfter.map((n) => n.toFixed(2)).join(' ')}; written to ${OUTPUT}`,
  );

  await mkdir('test-output', { recursive: true });
  await writeFile(
    OUTPUT,
    `${JSON.stringify(
      {
        date: new Date(started).toISOString(),
        elapsedS,
        machine: {
          cores: os.cpus().length,
          cpu: os.cpus()[0]?.model,
          loadBefore,
          loadAfter,
          node: process.version,
          chromium: chromiumVersion,
        },
        config: CONFIG,
        paired,
        bundle,
        timeToPinLongTasks: timeToPin?.longTasks,
        sizes,
        browserErrors,
        failures,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
