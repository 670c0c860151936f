// `npm run typetest` (after `npm run build`, which writes .svelte-kit/):
// svelte-check must reject typetest/Wrong.svelte twice, once for `mode={123}`
// and once for `e.detail.validd`. Exits 0 only then, so the element's Svelte
// typings (pin-control/svelte, imported in src/app.d.ts) cannot silently go
// `any`. (The Svelte example has the same script: each stands alone.)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { kitNode } from './node.mjs';

const fixture = 'typetest/Wrong.svelte';
const lines = readFileSync(fixture, 'utf8').split('\n');
const lineOf = (needle) => lines.findIndex((line) => line.includes(needle)) + 1;
const expected = [
  { what: 'a number for `mode`', line: lineOf('mode={123}'), says: 'number' },
  { what: 'the unknown detail field `validd`', line: lineOf('e.detail.validd'), says: 'validd' },
];

const run = spawnSync(
  kitNode(),
  ['node_modules/svelte-check/bin/svelte-check', '--tsconfig', './tsconfig.typetest.json', '--output', 'machine'],
  {
    encoding: 'utf8',
  },
);
// Machine lines: `<time> ERROR "typetest/Wrong.svelte" <line>:<col> "<message>"`.
const errors = run.stdout
  .split('\n')
  .map((line) => /^\d+ ERROR "([^"]+)" (\d+):\d+ (.*)$/.exec(line))
  .filter((match) => match !== null && match[1] === fixture)
  .map((match) => ({ line: Number(match[2]), message: match[3] }));

let missing = 0;
for (const { what, line, says } of expected) {
  // The message must name the mistake: an implicit `any` there would mean no typings at all.
  const hit = errors.find((error) => error.line === line && error.message.includes(says));
  if (hit) console.log(`ok: svelte-check refuses ${what} (line ${line}): ${hit.message}`);
  else {
    missing += 1;
    console.error(`FAIL: svelte-check accepted ${what} (line ${line})`);
  }
}
if (missing > 0) {
  console.error(run.stdout, run.stderr);
  process.exit(1);
}
console.log(`typetest: ${expected.length} passed, 0 failed`);
