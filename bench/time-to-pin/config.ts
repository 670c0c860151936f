// How long the time-to-PIN, main-thread and many-elements benchmarks run
// (`npm run bench -- --only=pin,many`). Each group stops at maxPairs rounds or
// once its budget is spent (after minPairs). A round is one sample of every arm.
import type { TimeToPinOptions } from './run.js';

export const TIME_TO_PIN_CONFIG: TimeToPinOptions = {
  latenciesMs: [0, 50, 150],
  modes: ['view', 'set'],
  rounds: { warmupPairs: 1, minPairs: 6, maxPairs: 12, budgetMs: 25_000 },
  mainThreadLatenciesMs: [0, 150],
  many: { count: 100, latencyMs: 0, rounds: { warmupPairs: 1, minPairs: 4, maxPairs: 8, budgetMs: 45_000 } },
};
