// `npm run typetest`: type-checks typetest/wrong-usage.tsx and exits 0 only
// when the checker reports an error on every line marked "must fail" (and no
// error elsewhere). (The React example has the same script: each example
// stands alone on purpose.)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const fixture = 'typetest/wrong-usage.tsx';
const expected = readFileSync(fixture, 'utf8')
  .split('\n')
  .flatMap((line, index) => (line.includes('// must fail') ? [index + 1] : []));

const run = spawnSync('node_modules/.bin/tsc', ['-p', 'typetest/tsconfig.json', '--pretty', 'false'], { encoding: 'utf8' });
const output = `${run.stdout}${run.stderr}`;
const reported = new Set([...output.matchAll(/wrong-usage\.tsx\((\d+),\d+\): error/g)].map((match) => Number(match[1])));

let ok = run.status !== 0 && reported.size > 0;
for (const line of expected) {
  const found = reported.has(line);
  ok &&= found;
  console.log(`${found ? 'ok  ' : 'MISS'} ${fixture}:${line}: ${readFileSync(fixture, 'utf8').split('\n')[line - 1].trim()}`);
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
