// `npm run soak`: the long runs of the hardening checks. The property tests
// with FC_RUNS inputs per property (default 100,000) and the browser leak
// check with LEAK_CYCLES connect/disconnect cycles (default 10,000) and
// LEAK_FLOWS whole view flows (default 1,000) in Chromium, and
// LEAK_FIREFOX_* / LEAK_WEBKIT_* (2,000 cycles, 100 flows) in Firefox ESR and
// WebKitGTK. FC_SEED picks another seed.
// Ends with `soak: N passed, N failed` like `npm test`.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** @type {NodeJS.ProcessEnv} */
const env = {
  FC_RUNS: '100000',
  LEAK_CYCLES: '10000',
  LEAK_FLOWS: '1000',
  LEAK_FIREFOX_CYCLES: '2000',
  LEAK_FIREFOX_FLOWS: '100',
  LEAK_WEBKIT_CYCLES: '2000',
  LEAK_WEBKIT_FLOWS: '100',
  ...process.env,
};
const files = [
  // The property tests sit beside the unit tests of what they test (test/node/<part>/x.property.test.ts).
  ...readdirSync('test/node', { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.property.test.ts'))
    .sort()
    .map((name) => `test/node/${name}`),
  'test/e2e/leak.test.ts',
];
console.log(
  `soak: FC_RUNS=${env.FC_RUNS} LEAK_CYCLES=${env.LEAK_CYCLES} LEAK_FLOWS=${env.LEAK_FLOWS}${env.FC_SEED ? ` FC_SEED=${env.FC_SEED}` : ''}`,
);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=7200000', '--test-reporter=spec', ...files],
  {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  const count = (pattern) => Number([...output.matchAll(pattern)].at(-1)?.[1] ?? 0);
  const passed = count(/^ℹ pass (\d+)$/gm);
  let failed = count(/^ℹ fail (\d+)$/gm);
  if (code !== 0 && failed === 0) failed = 1;
  console.log(`soak: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
});
