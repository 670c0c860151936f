// `npm run check:package` (after `npm run build`): the package as npm would
// pack it, checked by publint (`--strict`: warnings count) and by
// @arethetypeswrong/cli (`--pack`). The package is ESM only, so two attw notes
// are expected and allowed: CommonJS `require()` resolves to ESM
// (`CJSResolvesToESM`, node16 from CJS) and subpaths do not resolve under the
// old `node10` resolution, which ignores `exports` (`NoResolution`, node10).
// Anything else fails. Prints both tools' output and a last line
// `check:package: ok` or `check:package: N problems`.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

/** attw problems an ESM-only package is expected to have. */
export const EXPECTED = [
  { kind: 'CJSResolvesToESM', resolutionKind: 'node16-cjs' },
  { kind: 'NoResolution', resolutionKind: 'node10' },
];

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

/**
 * Like run(), with stdout going to a file: attw calls process.exit() right
 * after writing its JSON report, which cuts a piped stdout short (at 128 KB
 * here, for a 236 KB report), while a file gets every byte.
 */
function runToFile(command, args) {
  const dir = mkdtempSync(join(tmpdir(), 'check-package-'));
  const file = join(dir, 'stdout');
  const fd = openSync(file, 'w');
  try {
    const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
    return { code: result.status ?? 1, output: `${readFileSync(file, 'utf8')}${result.stderr ?? ''}` };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

const problems = [];

const publint = run(bin('publint'), ['--strict']);
console.log(publint.output.trim());
if (publint.code !== 0) problems.push(`publint --strict exited ${publint.code}`);

const attwText = run(bin('attw'), ['--pack', '.']);
console.log(attwText.output.trim());
const attw = runToFile(bin('attw'), ['--pack', '.', '--format', 'json']);
let report;
try {
  report = JSON.parse(attw.output.slice(attw.output.indexOf('{')));
} catch {
  problems.push(`attw --format json printed no report: ${attw.output.slice(0, 500)}`);
}
for (const problem of report ? report.analysis.problems : []) {
  const expected = EXPECTED.some((e) => e.kind === problem.kind && e.resolutionKind === problem.resolutionKind);
  if (!expected) problems.push(`attw: ${problem.kind} (${problem.entrypoint ?? ''} ${problem.resolutionKind ?? ''})`.trim());
}

for (const problem of problems) console.error(problem);
console.log(problems.length ? `check:package: ${problems.length} problems` : 'check:package: ok');
process.exit(problems.length ? 1 : 0);
