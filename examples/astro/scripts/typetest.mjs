// `npm run typetest`: `astro check` on typetest/ (its own small root) and exits
// 0 only when it reports an error on the line after every "must fail below"
// (and no error elsewhere). The tag is typed through `import 'pin-control/astro'`
// in the fixture's <script>, as in the app's page.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { astroNode } from './node.mjs';

const fixture = 'typetest/WrongUsage.astro';
const lines = readFileSync(fixture, 'utf8').split('\n');
const expected = lines.flatMap((line, index) => (line.includes('must fail below') ? [index + 2] : []));

const run = spawnSync(astroNode(), ['node_modules/astro/bin/astro.mjs', 'check', '--root', 'typetest', '--noSync'], {
  encoding: 'utf8',
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
});
// astro check colours its output even without a TTY.
const output = `${run.stdout}${run.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
const reported = new Set([...output.matchAll(/WrongUsage\.astro:(\d+):\d+ - error/g)].map((match) => Number(match[1])));

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
