// `npm run typetest` (after `npm run build`, which writes .nuxt/): type-checks
// typetest/WrongUsage.vue with vue-tsc and exits 0 only when it reports an
// error on the line after every "must fail below" (and no error elsewhere).
// (The Vue example has the same script: each example stands alone on purpose.)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const fixture = 'typetest/WrongUsage.vue';
const lines = readFileSync(fixture, 'utf8').split('\n');
const expected = lines.flatMap((line, index) => (line.includes('must fail below') ? [index + 2] : []));

const run = spawnSync('node_modules/.bin/vue-tsc', ['-p', 'typetest/tsconfig.json', '--pretty', 'false'], {
  encoding: 'utf8',
});
const output = `${run.stdout}${run.stderr}`;
const reported = new Set([...output.matchAll(/WrongUsage\.vue\((\d+),\d+\): error/g)].map((match) => Number(match[1])));

let ok = run.status !== 0 && expected.length > 0;
for (const line of expected) {
  const found = reported.has(line);
  ok &&= found;
  console.log(`${found ? 'ok  ' : 'MISS'} ${fixture}:${line}: ${lines[line - 1]?.trim()}`);
}
for (const line of reported) {
  if (!expected.includes(line)) {
    ok = false;
    console.log(`UNEXPECTED error on ${fixture}:${line}`);
  }
}
if (!ok) console.log(output);
console.log(ok ? 'typetest: every wrong usage was reported' : 'typetest: FAILED');
process.exit(ok ? 0 : 1);
