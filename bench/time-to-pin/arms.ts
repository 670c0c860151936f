// bench/stats.ts's method for more than two arms: each round runs every arm
// once, in an order that rotates and reverses from round to round (ABC, CBA,
// BCA, ACB, CAB, BAC, …), so drift and "runs right after X" hit every arm
// alike. Each candidate is then paired with the baseline of the same round.
import type { InterleaveOptions, InterleaveResult } from '../stats.js';

export interface RoundsResult<A extends string, M> {
  /** Per arm, one sample per measured round (index i = round i for every arm). */
  samples: Record<A, M[]>;
  elapsedMs: number;
  rejected: number;
}

function orderFor<A>(arms: readonly A[], round: number): A[] {
  const shift = Math.floor(round / 2) % arms.length;
  const rotated = [...arms.slice(shift), ...arms.slice(0, shift)];
  return round % 2 === 0 ? rotated : rotated.reverse();
}

export async function interleaveArms<A extends string, M>(
  arms: readonly A[],
  measure: (arm: A) => Promise<M | undefined>,
  options: InterleaveOptions,
): Promise<RoundsResult<A, M>> {
  const started = performance.now();
  const samples = Object.fromEntries(arms.map((arm) => [arm, [] as M[]])) as Record<A, M[]>;
  let rejected = 0;
  const once = async (arm: A): Promise<M> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const value = await measure(arm);
      if (value !== undefined) return value;
      rejected++;
    }
    throw new Error(`${arm}: five samples in a row were rejected`);
  };
  for (let round = 0; round < options.warmupPairs + options.maxPairs; round++) {
    const measured = round - options.warmupPairs;
    if (measured >= options.minPairs && performance.now() - started > options.budgetMs) break;
    const values = {} as Record<A, M>;
    for (const arm of orderFor(arms, round)) values[arm] = await once(arm);
    if (measured < 0) continue;
    for (const arm of arms) samples[arm].push(values[arm]);
  }
  return { samples, elapsedMs: performance.now() - started, rejected };
}

/** One candidate against the baseline, for one metric, as bench/stats.ts's pairedResult takes it. */
export function pairOf<A extends string, M>(
  run: RoundsResult<A, M>,
  candidate: A,
  baseline: A,
  metric: (sample: M) => number,
): InterleaveResult {
  return {
    candidate: run.samples[candidate].map(metric),
    baseline: run.samples[baseline].map(metric),
    elapsedMs: run.elapsedMs,
    rejected: run.rejected,
  };
}
