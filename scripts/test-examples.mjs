// `npm run test:examples [-- html cms …]`: every example app under examples/,
// built and driven as an integrator would get it (CONTRACT.md, "Examples
// contract"):
//   1. build this package and `npm pack` it into examples/.pack/pin-control.tgz;
//   2. per example: a fresh sandbox (in-process, its own loopback port, so the
//      examples' one plastic shows its seed PIN again), `npm ci`, `npm run build`
//      with PIN_FRAME_ORIGIN, `npm run typetest` / `npm run ssr` when present,
//      `npm run serve` with PORT and PIN_CONTROL_API_BASE, then the shared
//      scenario (test/examples/scenario.ts) in Debian's Chromium, Firefox ESR
//      and WebKitGTK, one after another, the sandbox restarted between them
//      (each engine must see the seed PIN);
//   3. when the example has a `dev` script: `npm run dev` as a user starts it
//      (no PORT: the framework's own default port), then the scenario again in
//      every engine; then Ctrl-C (SIGINT to its process group) must stop it
//      all and free the port, and `npm run dev` with that port held by another
//      server must either serve on another port whose page its token route
//      accepts, or stop and give a command that does (onTakenPort). An
//      example passes when every run passes.
// Prints each example's build and test time and ends with the plain line
// `examples: N passed, N failed` (CI counts it). Every child runs in its own
// process group and is killed at the end, on failure and on Ctrl-C too.
// Run with tsx (`node --import tsx`): the sandbox and the scenario are TypeScript.
//
// Env: EXAMPLES_PORT (first of a few consecutive loopback ports; default: free
// ports from the OS), EXAMPLES_ENGINES (e.g. `chromium,firefox`; default all
// three), CHROME_PATH, FIREFOX_PATH, EXAMPLES_SKIP_PACK=1 (reuse the tarball).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES, engineAvailable, howToGet } from './engines.mjs';
import { pinnedTarballs } from './example-lock.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples');
const PACK_DIR = join(EXAMPLES, '.pack');
const TARBALL = join(PACK_DIR, 'pin-control.tgz');
const OUTPUT = join(ROOT, 'test-output', 'examples');
/** The order they run in; the ones that exist are found on disk. */
const KNOWN = ['html', 'cms', 'vue', 'nuxt', 'react', 'nextjs', 'svelte', 'sveltekit', 'astro', 'angular', 'angular-ssr'];
const SERVE_TIMEOUT_MS = 60_000;

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
/** @type {Array<() => Promise<void>>} */
const cleanups = [];

function killChild(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: npm, its shell and the server
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return children.delete(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  killChild(child, 'SIGTERM');
  const timer = setTimeout(() => killChild(child, 'SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

async function cleanUp() {
  await Promise.allSettled([...children].map(stopChild));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`\nexamples: ${signal}, stopping every child`);
    void cleanUp().finally(() => process.exit(130));
  });
}
// Last resort if something throws past the main try/finally: no orphan servers.
process.once('exit', () => {
  for (const child of children) killChild(child, 'SIGKILL');
});

/**
 * Runs a command in its own process group; its output goes to `logFile` and
 * is kept in memory for the failure report. Resolves with the exit code.
 */
function start(command, args, { cwd, env = {}, logFile }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  let output = '';
  const onData = (chunk) => {
    output += chunk;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const done = new Promise((resolve) => {
    child.on('error', (error) => {
      output += `\n${error.message}\n`;
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      if (logFile) writeFileSync(logFile, output);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
  return { child, done, output: () => output };
}

class StepError extends Error {
  constructor(step, message, output = '') {
    super(`${step}: ${message}`);
    this.step = step;
    this.output = output;
  }
}

function tail(text, lines = 40) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function timed(body) {
  const started = performance.now();
  await body();
  return performance.now() - started;
}

/** Runs a command to completion; throws a StepError with its output's tail when it fails. */
async function run(step, command, args, options) {
  const running = start(command, args, options);
  const code = await running.done;
  if (code !== 0) throw new StepError(step, `\`${[command, ...args].join(' ')}\` exited with ${code}`, running.output());
}

/** A free loopback port: EXAMPLES_PORT + n when set, else one the OS picks. */
async function freePort(offset) {
  const base = Number(process.env.EXAMPLES_PORT);
  if (base) return base + offset;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Every example is installed with `npm ci` from a lockfile that does not pin
 * the tarball's integrity (the rule and the one step that writes such a lock:
 * scripts/example-lock.mjs). A lock that breaks the rule is refused, not
 * quietly rewritten: the fix is a commit.
 */
function checkLockfile(name, dir) {
  if (!existsSync(join(dir, 'package-lock.json'))) {
    throw new StepError(
      'npm ci',
      `no package-lock.json: every example is installed with \`npm ci\` (make it with \`npm run lock:examples -- ${name}\`)`,
    );
  }
  const pinned = pinnedTarballs(dir);
  if (pinned.length > 0) {
    throw new StepError(
      'npm ci',
      `package-lock.json pins the integrity of the rebuilt tarball (${pinned.join(', ')}): run \`npm run lock:examples -- ${name}\` and commit the lock`,
    );
  }
}

const ANSI = /\x1b\[[0-9;]*m/g;
/** The first local URL a dev server prints (Vite, Nuxt, Next.js and Astro each say "Local"). */
const DEV_URL = /Local:?\s+(http:\/\/(?:127\.0\.0\.1|localhost):\d+)/;

/**
 * Starts `npm run <script>` (its log: `<name>-<logName>.log`) and waits until
 * its output (colours stripped) shows `pattern`, whose first group is the URL
 * it serves. Resolves `{ url, running }`, or `{ exitCode, running }` when the
 * script exits first; throws a StepError when neither happens in time.
 */
async function startedOrExited(name, dir, env, script, pattern, logName = script) {
  const running = start('npm', ['run', script], { cwd: dir, env, logFile: join(OUTPUT, `${name}-${logName}.log`) });
  const deadline = Date.now() + SERVE_TIMEOUT_MS;
  /** @type {number | undefined} */
  let exitCode;
  void running.done.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    const match = running.output().replace(ANSI, '').match(pattern);
    if (match) return { url: `${match[1]}/`, running };
    if (exitCode !== undefined) return { exitCode, running };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopChild(running.child);
  throw new StepError(script, `no URL and no exit from \`npm run ${script}\` within ${SERVE_TIMEOUT_MS / 1000} s`, running.output());
}

/** startedOrExited, where exiting first is a failure: `wanted` says what the pattern looks for. */
async function startServing(name, dir, env, script, pattern, wanted, logName = script) {
  const started = await startedOrExited(name, dir, env, script, pattern, logName);
  if (started.url) return started;
  throw new StepError(script, `\`npm run ${script}\` exited with ${started.exitCode} before printing ${wanted}`, started.running.output());
}

/** `npm run serve` on PORT: waits for its `listening on http://127.0.0.1:<port>` line. */
function serve(name, dir, env) {
  const pattern = new RegExp(`listening on (http://127\\.0\\.0\\.1:${env.PORT})\\b`);
  return startServing(name, dir, env, 'serve', pattern, `"listening on http://127.0.0.1:${env.PORT}"`);
}

/**
 * `npm run dev` without PORT, as a user starts it, on the framework's default
 * port; then asks for the page and the token route once: a dev server
 * compiles each on first request, which must not eat the scenario's time.
 */
async function serveDev(name, dir, env) {
  const served = await startServing(name, dir, env, 'dev', DEV_URL, '"Local: http://…"');
  const warm = (url, init) =>
    fetch(url, { ...init, signal: AbortSignal.timeout(SERVE_TIMEOUT_MS) }).then((response) => response.arrayBuffer());
  await warm(served.url);
  await warm(new URL('/api/pin-control/token', served.url), { method: 'POST' });
  return served;
}

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes still in the group led by `pid`, as `pid command` lines. */
function groupMembers(pid) {
  const listing = spawnSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' }).stdout ?? '';
  return listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, pgid]) => Number(pgid) === pid)
    .map(([member, , ...args]) => `${member} ${args.join(' ').slice(0, 120)}`);
}

/** Resolves when nothing listens on the port, on any address. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port);
  });
}

/**
 * Ctrl-C in a terminal: SIGINT to the dev server's whole process group. Every
 * process in it must be gone within 10 s and the port free again: a dev
 * server left behind holds the port the user's next `npm run dev` wants.
 */
async function stopsOnCtrlC(running, port) {
  const { pid } = running.child;
  killChild(running.child, 'SIGINT');
  const deadline = Date.now() + 10_000;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pid)) {
    const left = groupMembers(pid).join('; ') || 'see `ps`';
    killChild(running.child, 'SIGKILL');
    throw new StepError('Ctrl-C', `SIGINT to \`npm run dev\` left processes running after 10 s: ${left}`);
  }
  if (!(await portIsFree(port))) throw new StepError('Ctrl-C', `port ${port} is still taken after \`npm run dev\` stopped on SIGINT`);
}

/**
 * `npm run dev` again with its port held by another server, as when a user
 * already runs something there. Either it serves on another port whose page
 * its token route accepts, or it stops with a line that names the port as in
 * use and gives a command to run instead (`PORT=3001 npm run dev`), and that
 * command, the port still held, serves a page its route accepts. A dev server
 * that moves to a port its route refuses (403 `origin-refused`) fails, as
 * does advice that does not work. Returns what happened, for the log.
 */
async function onTakenPort(name, dir, env, port) {
  const holder = createServer();
  await new Promise((resolve, reject) => holder.once('error', reject).listen(port, () => resolve(undefined)));
  const running = [];
  try {
    const first = await startedOrExited(name, dir, env, 'dev', DEV_URL, 'dev-port-taken');
    running.push(first.running);
    if (first.url) return `moved to ${first.url}: ${await tokenRouteAccepts(first.url)}`;
    const output = first.running.output().replace(ANSI, '');
    const said = output
      .split('\n')
      .find((line) => /in use/i.test(line) && line.includes(String(port)))
      ?.trim();
    if (first.exitCode === 0 || !said) {
      throw new StepError('port taken', `\`npm run dev\` exited with ${first.exitCode} without saying that port ${port} is in use`, output);
    }
    const advice = said.match(/`(\w+)=(\d+) npm (?:run )?(dev|start)`/);
    if (!advice) throw new StepError('port taken', `it stops, but says no \`VAR=port npm run dev\` to run instead: "${said}"`);
    const [command, variable = '', advised = '', script = 'dev'] = advice;
    const second = await startServing(name, dir, { ...env, [variable]: advised }, script, DEV_URL, '"Local: http://…"', 'dev-advised-port');
    running.push(second.running);
    if (new URL(second.url).port !== advised) {
      throw new StepError('port taken', `${command.replaceAll('`', '')} served on ${second.url}, not on port ${advised}`);
    }
    return `stops: "${said}"; then ${command} serves ${second.url}: ${await tokenRouteAccepts(second.url)}`;
  } finally {
    for (const { child } of running) await stopChild(child);
    await new Promise((resolve) => holder.close(resolve));
  }
}

/** Asks the token route for a token as the page at `url` would; throws unless it answers 200. */
async function tokenRouteAccepts(url) {
  const { origin } = new URL(url);
  const response = await fetch(new URL('/api/pin-control/token', origin), {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', 'x-requested-with': 'pin-control', 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ scope: 'VIEW_PIN' }),
    signal: AbortSignal.timeout(SERVE_TIMEOUT_MS),
  });
  const body = await response.text();
  if (response.status !== 200) {
    throw new StepError('port taken', `the token route refused the page at ${origin}: ${response.status} ${body.slice(0, 200)}`);
  }
  return 'its token route accepts that origin (200)';
}

function scriptsOf(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts ?? {};
}

async function packTarball() {
  console.log('examples: npm run build && npm pack');
  const ms = await timed(async () => {
    await run('build the package', 'npm', ['run', 'build'], { cwd: ROOT, logFile: join(OUTPUT, 'package-build.log') });
    mkdirSync(PACK_DIR, { recursive: true });
    const packing = start('npm', ['pack', '--json', '--pack-destination', PACK_DIR], {
      cwd: ROOT,
      logFile: join(OUTPUT, 'package-pack.log'),
    });
    if ((await packing.done) !== 0) throw new StepError('npm pack', 'failed', packing.output());
    const out = packing.output();
    const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
    renameSync(join(PACK_DIR, filename), TARBALL);
  });
  const sha = createHash('sha384').update(readFileSync(TARBALL)).digest('base64').slice(0, 12);
  console.log(`  ${relative(ROOT, TARBALL)} (sha384 ${sha}…) in ${seconds(ms)}`);
}

async function runExample(name, browsers, startSandbox, runScenario) {
  const dir = join(EXAMPLES, name);
  const scripts = scriptsOf(dir);
  const times = { install: 0, build: 0, test: 0 };
  let sandbox;
  let server;
  let devServer;
  let testStarted;
  let buildRunning;
  const log = (file) => join(OUTPUT, `${name}-${file}.log`);
  try {
    // A fresh sandbox per example: the scenario sets the plastic's PIN, and the next example must see the seed PIN again.
    const sandboxPort = await freePort(0);
    const port = await freePort(1);
    const freshSandbox = () => startSandbox({ port: sandboxPort, hostname: '127.0.0.1', log: () => {} });
    sandbox = await freshSandbox();
    const env = {
      PIN_FRAME_ORIGIN: sandbox.origin,
      PIN_CONTROL_API_BASE: sandbox.origin,
      PORT: String(port),
    };

    const buildStarted = performance.now();
    buildRunning = () => (times.build = performance.now() - buildStarted);
    {
      checkLockfile(name, dir);
      times.install = await timed(() =>
        run('npm ci', 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, logFile: log('install') }),
      );
      console.log(`  npm ci ${seconds(times.install)}`);
      for (const script of ['build', 'typetest', 'ssr']) {
        if (!scripts[script]) {
          if (script === 'build') throw new StepError('build', 'package.json has no "build" script');
          continue;
        }
        const ms = await timed(() => run(`npm run ${script}`, 'npm', ['run', script], { cwd: dir, env, logFile: log(script) }));
        console.log(`  npm run ${script} ${seconds(ms)}`);
      }
    }
    buildRunning();
    buildRunning = undefined;

    testStarted = performance.now();
    // The scenario sets the plastic's PIN: each engine after the first gets a
    // fresh sandbox on the same origin, so it sees the seed PIN again.
    const inEveryEngine = async (url, label, running) => {
      const failed = [];
      for (const [index, browser] of browsers.entries()) {
        if (index > 0) {
          await sandbox.close();
          sandbox = await freshSandbox();
        }
        try {
          const result = await runScenario(browser, url, label, OUTPUT);
          const total = result.steps.reduce((sum, { ms }) => sum + ms, 0);
          const slowest = result.steps.reduce((a, b) => (b.ms > a.ms ? b : a));
          console.log(
            `  ok ${label} in ${browser.engine}: ${result.steps.length} steps in ${seconds(total)} (slowest: ${slowest.name}, ${slowest.ms} ms)`,
          );
          if (result.consoleErrors.length > 0) console.log(`  note: ${browser.engine} console errors: ${result.consoleErrors.join(' | ')}`);
        } catch (error) {
          console.log(`  FAILED ${label} (${url}) in ${browser.engine}: ${error.message}`);
          failed.push(browser.engine);
        }
      }
      if (failed.length > 0) throw new StepError(`${label} (${url})`, `failed in ${failed.join(', ')}`, running.output());
    };

    server = await serve(name, dir, env);
    console.log(`  serving ${server.url} (sandbox ${sandbox.origin})`);
    await inEveryEngine(server.url, name, server.running);
    if (scripts.dev) {
      await stopChild(server.running.child);
      await sandbox.close();
      sandbox = await freshSandbox();
      const devEnv = { PIN_FRAME_ORIGIN: env.PIN_FRAME_ORIGIN, PIN_CONTROL_API_BASE: env.PIN_CONTROL_API_BASE };
      devServer = await serveDev(name, dir, devEnv);
      console.log(`  npm run dev serving ${devServer.url}`);
      await inEveryEngine(devServer.url, `${name}-dev`, devServer.running);
      const devPort = Number(new URL(devServer.url).port);
      await stopsOnCtrlC(devServer.running, devPort);
      console.log(`  ok Ctrl-C stops \`npm run dev\` and frees port ${devPort}`);
      const taken = await onTakenPort(name, dir, devEnv, devPort);
      console.log(`  ok with port ${devPort} taken, \`npm run dev\` ${taken}`);
    }
    return { name, ok: true, times };
  } catch (error) {
    console.log(`  FAILED ${error.message}`);
    if (error.output) console.log(`  --- output (tail) ---\n${tail(error.output).replace(/^/gm, '  | ')}`);
    return { name, ok: false, times };
  } finally {
    buildRunning?.();
    if (testStarted !== undefined) times.test = performance.now() - testStarted;
    if (server) await stopChild(server.running.child);
    if (devServer) await stopChild(devServer.running.child);
    await sandbox?.close().catch(() => {});
  }
}

async function main() {
  const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const present = KNOWN.filter((name) => existsSync(join(EXAMPLES, name, 'package.json')));
  const others = existsSync(EXAMPLES)
    ? readdirSync(EXAMPLES).filter(
        (name) => !name.startsWith('.') && !KNOWN.includes(name) && existsSync(join(EXAMPLES, name, 'package.json')),
      )
    : [];
  const unknown = asked.filter((name) => !present.includes(name) && !others.includes(name));
  if (unknown.length > 0) {
    console.error(`examples: no such example: ${unknown.join(', ')} (found: ${[...present, ...others].join(', ') || 'none'})`);
    console.log('examples: 0 passed, 1 failed');
    return 1;
  }
  const names = asked.length > 0 ? asked : [...present, ...others];
  if (names.length === 0) {
    console.error('examples: no example found under examples/');
    console.log('examples: 0 passed, 1 failed');
    return 1;
  }

  const engines = (process.env.EXAMPLES_ENGINES?.split(',') ?? ENGINES).map((engine) => engine.trim()).filter(Boolean);
  const problems = engines.map((engine) =>
    !(/** @type {readonly string[]} */ (ENGINES).includes(engine))
      ? `EXAMPLES_ENGINES: no engine "${engine}" (the engines: ${ENGINES.join(', ')})`
      : !engineAvailable(engine)
        ? howToGet(engine)
        : undefined,
  );
  if (engines.length === 0 || problems.some(Boolean)) {
    for (const problem of problems) if (problem) console.error(`examples: ${problem}`);
    if (engines.length === 0) console.error('examples: EXAMPLES_ENGINES names no engine');
    console.log(`examples: 0 passed, ${names.length} failed`);
    return 1;
  }

  rmSync(OUTPUT, { recursive: true, force: true });
  mkdirSync(OUTPUT, { recursive: true });
  if (process.env.EXAMPLES_SKIP_PACK && existsSync(TARBALL)) console.log(`examples: reusing ${relative(ROOT, TARBALL)}`);
  else {
    try {
      await packTarball();
    } catch (error) {
      console.error(`examples: ${error.message}\n${tail(error.output ?? '')}`);
      console.log(`examples: 0 passed, ${names.length} failed`);
      return 1;
    }
  }

  const { startSandbox } = await import('../sandbox/server.ts');
  const { runScenario } = await import('../test/examples/scenario.ts');
  const { launchEngine } = await import('../test/examples/scenario-page.ts');
  const browsers = [];
  for (const engine of engines) {
    const browser = await launchEngine(engine);
    cleanups.push(() => browser.close());
    browsers.push(browser);
    for (const blindSpot of browser.blindSpots) console.log(`examples: in ${engine}, ${blindSpot}`);
  }

  const results = [];
  for (const name of names) {
    console.log(`\nexample ${name}`);
    results.push(await runExample(name, browsers, startSandbox, runScenario));
  }

  // build = npm ci + build + typetest + ssr (install: the npm ci part); test = serve + scenario.
  const width = Math.max(10, ...names.map((name) => name.length));
  console.log(`\n${'example'.padEnd(width)} build      (install)  test       result`);
  for (const { name, ok, times } of results) {
    const cells = [times.build, times.install, times.test].map((ms) => seconds(ms).padEnd(10));
    console.log(`${name.padEnd(width)} ${cells.join(' ')} ${ok ? 'passed' : 'FAILED'}`);
  }
  console.log(`logs and screenshots: ${relative(ROOT, OUTPUT)}/`);
  const passed = results.filter((result) => result.ok).length;
  console.log(`examples: ${passed} passed, ${results.length - passed} failed`);
  return passed === results.length ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`examples: ${error.stack ?? error}`);
  console.log('examples: 0 passed, 1 failed');
} finally {
  await cleanUp();
}
process.exit(code);
