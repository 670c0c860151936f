// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// `npm run typetest`: ngc (strict templates, the app's own settings) must
// reject typetest/wrong.ts for reading `$event.detail.validd` from `pin-valid`.
// Exits 0 only then. With CUSTOM_ELEMENTS_SCHEMA Angular checks no input of a
// custom element, so `[mode]="123"` is not an error: this prints what ngc said
// about it, and it does not decide the exit code.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const fixture = 'typetest/wrong.ts';
const lines = readFileSync(fixture, 'utf8').split('\n');
const lineOf = (needle) => lines.findIndex((line) => line.includes(needle)) + 1;

const run = spawnSync(process.execPath, ['scripts/ng.mjs', 'ngc', '-p', 'tsconfig.typetest.json'], {
  encoding: 'utf8',
});
// ngc lines: `typetest/wrong.ts:11:71 - error TS2339: Property 'validd' does not exist …`.
const output = `${run.stdout}\n${run.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
const errors = [...output.matchAll(/^(\S+):(\d+):\d+ - error (TS\d+|NG\d+): (.*)$/gm)]
  .filter((m) => m[1] === fixture)
  .map((m) => ({ line: Number(m[2]), message: `${m[3]}: ${m[4]}` }));

const detail = errors.find(
  (e) => e.line === lineOf('$event.detail.validd') && e.message.includes('validd'),
);
const input = errors.find((e) => e.line === lineOf('[mode]="123"'));
console.log(
  input
    ? `ok: ngc refuses [mode]="123": ${input.message}`
    : 'note: ngc accepts [mode]="123" (CUSTOM_ELEMENTS_SCHEMA: inputs are unchecked)',
);
if (!detail) {
  console.error('FAIL: ngc accepted $event.detail.validd on (pin-valid)');
  console.error(output);
  console.log('typetest: 0 passed, 1 failed');
  process.exit(1);
}
console.log(`ok: ngc refuses $event.detail.validd on (pin-valid): ${detail.message}`);
console.log('typetest: 1 passed, 0 failed');
