// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// Runs the Angular CLI (`node scripts/ng.mjs build`, `… serve`) on a Node it
// accepts (scripts/node.mjs), first on PATH for the CLI's own child processes.
import { spawnSync } from 'node:child_process';
import { delimiter, dirname } from 'node:path';
import { cliNode } from './node.mjs';

const node = cliNode();
const path = `${dirname(node)}${delimiter}${process.env.PATH ?? ''}`;

const [tool = 'ng', ...rest] =
  process.argv[2] === 'ngc' ? ['ngc', ...process.argv.slice(3)] : ['ng', ...process.argv.slice(2)];
const entry =
  tool === 'ngc'
    ? 'node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js'
    : 'node_modules/@angular/cli/bin/ng.js';
// PIN_FRAME_ORIGIN (the sandbox's origin, written into `frame-origins`) is a
// build-time env; angular.json cannot read env, so it goes in as a `define`.
if (tool === 'ng' && (rest[0] === 'build' || rest[0] === 'serve')) {
  const origin = process.env.PIN_FRAME_ORIGIN ?? 'http://127.0.0.1:4100';
  rest.push('--define', `PIN_FRAME_ORIGIN=${JSON.stringify(origin)}`);
}
const run = spawnSync(node, [entry, ...rest], {
  stdio: 'inherit',
  env: { ...process.env, PATH: path, NG_CLI_ANALYTICS: 'false' },
});
process.exit(run.status ?? 1);
