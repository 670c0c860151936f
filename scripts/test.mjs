// `npm test`: every test, node's runner first (DOM-free logic, servers,
// end-to-end), then web-test-runner in Chromium. `npm run test:browsers`
// (`node scripts/test.mjs browsers`): web-test-runner in Chromium, Firefox ESR
// and WebKitGTK, one engine after another. Each runner's result is printed as
// `name: N passed, N failed` (`wtr-<engine>` for the browsers), and the last
// line is the total, so CI can count what ran. A missing browser prints one
// line saying how to install it and counts as a failure. Exits non-zero when
// anything failed or could not run.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINES, engineAvailable, howToGet } from './engines.mjs';

const roots = ['test/node', 'test/e2e'];

function testFiles(dir) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(testFiles(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/** Runs a command, echoing its output, and returns the output with the exit code. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function lastCount(output, pattern) {
  const matches = [...output.matchAll(pattern)];
  const last = matches.at(-1);
  return last ? Number(last[1]) : undefined;
}

const results = [];
const timings = [];
// `npm test -- node`, `npm test -- browser` (Chromium) or `browsers` (all
// three; `npm run test:browsers -- firefox,webkit` picks some).
const only = process.argv[2];
const picked = only === 'browsers' && process.argv[3] ? process.argv[3].split(',') : ENGINES;
const unknown = picked.filter((engine) => !(/** @type {readonly string[]} */ (ENGINES).includes(engine)));
if (unknown.length > 0) {
  console.error(`unknown engine ${unknown.join(', ')}: pick from ${ENGINES.join(', ')}`);
  process.exit(1);
}
const engines = only === 'browsers' ? picked : only === 'node' ? [] : ['chromium'];

if (only !== 'browser' && only !== 'browsers') {
  const files = roots.flatMap(testFiles);
  const { code, output } = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    ...files,
  ]);
  const passed = lastCount(output, /^ℹ pass (\d+)$/gm) ?? 0;
  let failed = lastCount(output, /^ℹ fail (\d+)$/gm) ?? 0;
  if (code !== 0 && failed === 0) failed = 1;
  results.push({ name: 'node', passed, failed });
}

// One engine at a time: each run starts its own browser and test servers.
for (const engine of engines) {
  const name = `wtr-${engine}`;
  if (!engineAvailable(engine)) {
    console.error(howToGet(engine));
    results.push({ name, passed: 0, failed: 1 });
    continue;
  }
  const started = performance.now();
  const { code, output } = await run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js'], { WTR_ENGINE: engine });
  timings.push(`${name} ${Math.round((performance.now() - started) / 1000)} s`);
  const match = [...output.matchAll(new RegExp(`^${name}: (\\d+) passed, (\\d+) failed$`, 'gm'))].at(-1);
  const passed = match ? Number(match[1]) : 0;
  let failed = match ? Number(match[2]) : 0;
  if (code !== 0 && failed === 0) failed = 1;
  results.push({ name, passed, failed });
}

console.log('');
if (timings.length > 0) console.log(`wall time: ${timings.join(', ')}`);
for (const { name, passed, failed } of results) console.log(`${name}: ${passed} passed, ${failed} failed`);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
