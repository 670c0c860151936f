// Issue 10's targets, judged where the figures are printed, so the table says
// which are met. A ratio is judged by its 95 % interval, not its median alone:
// on a shared, noisy machine a run whose interval straddles the target says
// `unclear` rather than a verdict it cannot back.
import type { PairedSummary } from './stats.js';

export type Verdict = 'met' | 'missed' | 'unclear';

export interface Judged {
  /** The target as the table prints it, e.g. `≤ 1.05×`. */
  target: string;
  verdict: Verdict;
  /** What the verdict rests on when it is not the row's ratio, e.g. `74 µs`. */
  measured?: string;
}

/** The ratio c/b against a limit: at most it for times and sizes, at least it for rates (the summary's `better`). */
export function judgeRatio(summary: Pick<PairedSummary, 'better' | 'ratioCI95'>, limit: number): Judged {
  const [low, high] = summary.ratioCI95;
  const lower = summary.better === 'lower';
  const met = lower ? high <= limit : low >= limit;
  const missed = lower ? low > limit : high < limit;
  return { target: `${lower ? '≤' : '≥'} ${limit}×`, verdict: met ? 'met' : missed ? 'missed' : 'unclear' };
}

/**
 * A figure of the candidate's own against a ceiling (KB per element, µs added
 * per request): a median of the run. (Sizes, exact bytes, say their slack
 * instead: bench/run.ts.)
 */
export function judgeCeiling(value: number, limit: number, format: (value: number) => string): Judged {
  return { target: `≤ ${format(limit)}`, verdict: value <= limit ? 'met' : 'missed', measured: format(value) };
}
