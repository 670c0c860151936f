// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// Runs the Angular CLI (`node scripts/ng.mjs build`, `… serve`) on a Node it
// accepts (scripts/node.mjs), first on PATH for the CLI's own child processes.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
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
// `ng serve` on a taken port offers a random one, whose origin the token route
// refuses (403 `origin-refused`): a taken port stops it here, saying what to do.
if (tool === 'ng' && rest[0] === 'serve') {
  const port = Number(process.env.PORT ?? portOption(rest) ?? 4200);
  if (!(await portIsFree(port))) {
    const command = process.env.npm_lifecycle_event === 'dev' ? 'npm run dev' : 'npm start'; // what the user ran
    console.error(
      `Port ${port} is already in use: stop what uses it, or run \`PORT=${port + 1} ${command}\` (ng serve and the token route both read PORT).`,
    );
    process.exit(1);
  }
}

const cli = spawn(node, [entry, ...rest], {
  stdio: 'inherit',
  env: { ...process.env, PATH: path, NG_CLI_ANALYTICS: 'false' },
});
// A signal sent to this script alone (a process manager stopping it) reaches the CLI too.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => cli.kill(signal));
cli.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** `--port 4201` or `--port=4201`, when given. */
function portOption(args) {
  const at = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  if (at === -1) return undefined;
  return args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
}

/** Resolves when nothing listens on 127.0.0.1:port (ng serve binds there for `localhost`). */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port, '127.0.0.1');
  });
}
