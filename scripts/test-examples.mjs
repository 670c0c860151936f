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
//      every engine. An example passes when every run passes.
// Prints each example's build and test time and ends with the plain line
// `examples: N passed, N failed` (CI counts it). Every child runs in its own
// process group and is killed at the end, on failure and on Ctrl-C too.
// Run with tsx (`node --import tsx`): the sandbox and the scenario are TypeScript.
//
// Env: EXAMPLES_PORT (first of a few consecutive loopback ports; default: free
// ports from the OS), EXAMPLES_ENGINES (e.g. `chromium,firefox`; default all
// three), CHROME_PATH, FIREFOX_PATH, EXAMPLES_SKIP_PACK=1 (reuse the tarball).
import { spawn } from 'node:child_process';
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
 * Starts `npm run <script>` and waits until its output (colours stripped)
 * shows `pattern`, whose first group is the URL it serves. Throws a StepError
 * when the script exits first or `wanted` (what the pattern looks for) never shows.
 */
async function startServing(name, dir, env, script, pattern, wanted) {
  const running = start('npm', ['run', script], { cwd: dir, env, logFile: join(OUTPUT, `${name}-${script}.log`) });
  const deadline = Date.now() + SERVE_TIMEOUT_MS;
  /** @type {number | undefined} */
  let exitCode;
  void running.done.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    const match = running.output().replace(ANSI, '').match(pattern);
    if (match) return { url: `${match[1]}/`, running };
    if (exitCode !== undefined)
      throw new StepError(script, `\`npm run ${script}\` exited with ${exitCode} before printing ${wanted}`, running.output());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new StepError(script, `no ${wanted} from \`npm run ${script}\` within ${SERVE_TIMEOUT_MS / 1000} s`, running.output());
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
      devServer = await serveDev(name, dir, { PIN_FRAME_ORIGIN: env.PIN_FRAME_ORIGIN, PIN_CONTROL_API_BASE: env.PIN_CONTROL_API_BASE });
      console.log(`  npm run dev serving ${devServer.url}`);
      await inEveryEngine(devServer.url, `${name}-dev`, devServer.running);
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
