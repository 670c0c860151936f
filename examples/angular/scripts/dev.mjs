// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// `npm run dev`: development in one terminal. It starts the token endpoint
// (server.mjs on 4300, the port proxy.conf.json sends /api to), waits until it
// listens, then `ng serve` on NG_SERVE_PORT (default 4200). server.mjs reads the
// same NG_SERVE_PORT, so the page's origin is always one the endpoint accepts.
// A taken port stops it at once with what to do: `ng serve` would otherwise ask
// to move to a random port, whose origin the endpoint refuses (403). Ctrl-C, or
// either process ending, stops both.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const API_PORT = 4300; // proxy.conf.json's target
const devPort = Number(process.env.NG_SERVE_PORT ?? 4200);

/** Resolves when nothing listens on 127.0.0.1:port (ng serve binds there for `localhost`). */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port, '127.0.0.1');
  });
}

const command = process.env.npm_lifecycle_event === 'start' ? 'npm start' : 'npm run dev'; // what the user ran
for (const [port, fix] of [
  [API_PORT, 'stop what uses it (an earlier `npm run serve` or `npm run dev`?)'],
  [devPort, `stop what uses it, or run \`NG_SERVE_PORT=${devPort + 1} ${command}\``],
]) {
  if (!(await portIsFree(port))) {
    console.error(`Port ${port} is already in use: ${fix}.`);
    process.exit(1);
  }
}

// `ng serve` takes PORT before --port: it must not see the endpoint's.
const { PORT: _, ...env } = { ...process.env, NG_SERVE_PORT: String(devPort) };
const children = [];
function run(args, stdout, port) {
  const child = spawn(process.execPath, args, {
    env: port ? { ...env, PORT: String(port) } : env,
    stdio: ['inherit', stdout, 'inherit'],
  });
  children.push(child);
  child.on('exit', (code, signal) => stop(code ?? (signal ? 1 : 0)));
  return child;
}
function stop(code) {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  process.exitCode ??= code; // the first reason stands: Ctrl-C exits 130, not the killed child's 1
}
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => stop(code));
}

const api = run(['server.mjs'], 'pipe', API_PORT);
api.stdout.pipe(process.stdout);
await new Promise((resolve) => {
  api.stdout.on('data', (chunk) => String(chunk).includes('listening on') && resolve());
  api.on('exit', resolve);
});
if (api.exitCode === null) run(['scripts/ng.mjs', 'serve', '--port', String(devPort)], 'inherit');
