// `npm run check:package` (after `npm run build`): the package as npm would
// pack it, checked by publint (`--strict`: warnings count) and by
// @arethetypeswrong/cli (`--pack`). The package is ESM only, so two attw notes
// are expected and allowed: CommonJS `require()` resolves to ESM
// (`CJSResolvesToESM`, node16 from CJS) and subpaths do not resolve under the
// old `node10` resolution, which ignores `exports` (`NoResolution`, node10).
// Anything else fails. Prints both tools' output and a last line
// `check:package: ok` or `check:package: N problems`.
import { spawnSync } from 'node:child_process';
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

const problems = [];

const publint = run(bin('publint'), ['--strict']);
console.log(publint.output.trim());
if (publint.code !== 0) problems.push(`publint --strict exited ${publint.code}`);

const attwText = run(bin('attw'), ['--pack', '.']);
console.log(attwText.output.trim());
const attw = run(bin('attw'), ['--pack', '.', '--format', 'json']);
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
