// Statistics for paired, interleaved benchmark samples: median, p90, and the
// ratio candidate/baseline with a bootstrap interval that resamples whole
// pairs (so the drift the interleaving cancelled is not reintroduced).
import { judgeRatio, type Judged } from './targets.js';

export interface Distribution {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

export interface PairedSummary {
  unit: string;
  /** `lower` for times, `higher` for rates: which p90 tail is the slow one. */
  better: 'lower' | 'higher';
  candidate: Distribution;
  baseline: Distribution;
  /** median(candidate) / median(baseline). */
  ratio: number;
  /** 95 % bootstrap interval of that ratio (pairs resampled together). */
  ratioCI95: [number, number];
  /** The smallest and largest ratio within one pair: the raw spread. */
  pairRatioRange: [number, number];
  pairs: number;
}

/** Linear-interpolated quantile of an unsorted sample, q in [0, 1]. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/**
 * The distribution of one arm. `p90` is the slow tail: the 90th percentile of
 * a time, the 10th percentile of a rate.
 */
export function describe(values: readonly number[], better: 'lower' | 'higher'): Distribution {
  return {
    n: values.length,
    median: median(values),
    p90: quantile(values, better === 'lower' ? 0.9 : 0.1),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** Small, seeded PRNG (mulberry32): the same run gives the same interval. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function summarizePairs(
  candidate: readonly number[],
  baseline: readonly number[],
  options: { unit: string; better: 'lower' | 'higher'; resamples?: number; seed?: number },
): PairedSummary {
  const pairs = Math.min(candidate.length, baseline.length);
  const c = candidate.slice(0, pairs);
  const b = baseline.slice(0, pairs);
  const ratio = median(c) / median(b);
  const next = random(options.seed ?? 0x5eed);
  const ratios: number[] = [];
  const resamples = options.resamples ?? 2000;
  const rc: number[] = new Array<number>(pairs);
  const rb: number[] = new Array<number>(pairs);
  for (let r = 0; r < resamples && pairs > 0; r++) {
    for (let i = 0; i < pairs; i++) {
      const pick = Math.floor(next() * pairs);
      rc[i] = c[pick]!;
      rb[i] = b[pick]!;
    }
    ratios.push(median(rc) / median(rb));
  }
  const perPair = c.map((value, i) => value / b[i]!);
  return {
    unit: options.unit,
    better: options.better,
    candidate: describe(c, options.better),
    baseline: describe(b, options.better),
    ratio,
    ratioCI95: [quantile(ratios, 0.025), quantile(ratios, 0.975)],
    pairRatioRange: [Math.min(...perPair), Math.max(...perPair)],
    pairs,
  };
}

export interface InterleaveOptions {
  /** Pairs run and thrown away first (JIT, caches, connections). */
  warmupPairs: number;
  minPairs: number;
  maxPairs: number;
  /** Stop starting new pairs after this long (once minPairs are in). */
  budgetMs: number;
}

export interface InterleaveResult {
  candidate: number[];
  baseline: number[];
  elapsedMs: number;
  /** Samples the measure function rejected (returned undefined) and ran again. */
  rejected: number;
}

/**
 * Runs candidate and baseline in alternating pairs, AB BA AB BA…: every pair
 * has one of each, so slow drift of a shared, noisy machine hits both arms,
 * and alternating who goes first cancels any "runs right after the other one"
 * effect. A measure may return undefined to reject a sample (it is retried, a
 * bounded number of times).
 */
export async function interleave(
  measure: (arm: 'candidate' | 'baseline') => Promise<number | undefined>,
  options: InterleaveOptions,
): Promise<InterleaveResult> {
  const started = performance.now();
  const candidate: number[] = [];
  const baseline: number[] = [];
  let rejected = 0;
  const once = async (arm: 'candidate' | 'baseline'): Promise<number> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const value = await measure(arm);
      if (value !== undefined && Number.isFinite(value)) return value;
      rejected++;
    }
    throw new Error(`${arm}: five samples in a row were rejected`);
  };
  for (let pair = 0; pair < options.warmupPairs + options.maxPairs; pair++) {
    const measured = pair - options.warmupPairs;
    if (measured >= options.minPairs && performance.now() - started > options.budgetMs) break;
    const order: Array<'candidate' | 'baseline'> = pair % 2 === 0 ? ['candidate', 'baseline'] : ['baseline', 'candidate'];
    const values: Record<string, number> = {};
    for (const arm of order) values[arm] = await once(arm);
    if (measured < 0) continue;
    candidate.push(values.candidate!);
    baseline.push(values.baseline!);
  }
  return { candidate, baseline, elapsedMs: performance.now() - started, rejected };
}

/** One paired benchmark as the table and bench.json show it. */
export interface BenchResult {
  id: string;
  title: string;
  candidate: string;
  baseline: string;
  summary: PairedSummary;
  elapsedMs: number;
  rejected: number;
  raw: { candidate: number[]; baseline: number[] };
  notes?: string[];
  /** Issue 10's target for this row, and whether the run met it (see targets.ts). */
  judged?: Judged;
}

/** Names and summarizes the samples of one interleaved run; `target`: a limit on the ratio c/b, judged. */
export function pairedResult(
  run: InterleaveResult,
  about: Pick<BenchResult, 'id' | 'title' | 'candidate' | 'baseline' | 'notes'> & {
    unit: string;
    better: 'lower' | 'higher';
    target?: number;
  },
): BenchResult {
  const { unit, better, target, ...names } = about;
  const summary = summarizePairs(run.candidate, run.baseline, { unit, better });
  return {
    ...names,
    summary,
    ...(target === undefined ? {} : { judged: judgeRatio(summary, target) }),
    elapsedMs: run.elapsedMs,
    rejected: run.rejected,
    raw: { candidate: run.candidate, baseline: run.baseline },
  };
}
