// fast-check settings shared by the property tests (test/node/*/*.property.test.ts).
//
// `npm test` tries FC_RUNS_DEFAULT inputs per property from a fixed seed, so a
// run is repeatable; `npm run soak` sets FC_RUNS=100000. A failure names the
// seed (and fast-check's shrink path) and the one command that replays it.
//   FC_SEED=<n>   another seed (e.g. FC_SEED=$RANDOM to explore)
//   FC_RUNS=<n>   inputs per property
//   FC_PATH=<p>   replay one counterexample (fast-check's `path` from a failure)
import fc from 'fast-check';

export const FC_SEED_DEFAULT = 20261130;
export const FC_RUNS_DEFAULT = 3000;

export const FC_SEED = intFromEnv('FC_SEED', FC_SEED_DEFAULT);
export const FC_RUNS = intFromEnv('FC_RUNS', FC_RUNS_DEFAULT);
const FC_PATH = process.env.FC_PATH || undefined;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not ${JSON.stringify(raw)}`);
  return value;
}

/** The test name's suffix: how many inputs, from which seed. */
export const runsLabel = (runs = FC_RUNS) => `(${runs.toLocaleString('en')} inputs, seed ${FC_SEED})`;

/** fc.assert with the project's seed and run count; the error says how to replay it. */
export async function check(property: fc.IRawProperty<any, any>, runs = FC_RUNS): Promise<void> {
  try {
    await fc.assert(property, { seed: FC_SEED, numRuns: runs, ...(FC_PATH ? { path: FC_PATH } : {}) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const path = /path: "([^"]*)"/.exec(message)?.[1];
    const replay = `FC_SEED=${FC_SEED}${path ? ` FC_PATH=${path}` : ''} FC_RUNS=${runs}`;
    throw new Error(`property failed (seed ${FC_SEED}); replay: ${replay} node --import tsx --test <this file>\n${message}`, {
      cause: error,
    });
  }
}
