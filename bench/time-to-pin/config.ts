// How long the time-to-PIN, main-thread and many-elements benchmarks run
// (`npm run bench -- --only=pin,many`). Each group stops at maxPairs rounds or
// once its budget is spent (after minPairs). A round is one sample of every arm.
import type { TimeToPinOptions } from './run.js';

export const TIME_TO_PIN_CONFIG: TimeToPinOptions = {
  latenciesMs: [0, 50, 150],
  modes: ['view', 'set'],
  rounds: { warmupPairs: 1, minPairs: 5, maxPairs: 10, budgetMs: 15_000 },
  mainThreadLatenciesMs: [0, 150],
  // 100 cross-site frames on one page: ~10 s per sample on a quiet 2-core machine, far more under load.
  many: { count: 100, latencyMs: 0, rounds: { warmupPairs: 0, minPairs: 2, maxPairs: 5, budgetMs: 30_000 } },
};
