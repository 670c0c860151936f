// `npm run lint` fails on the three mistakes issue 11 names: an unused
// variable, a floating promise, and a lit binding error (and
// `npm run lint:templates` on one only types can see). Each is planted in
// its own file of a small copy of the project (its lint config and
// tsconfigs, under the git-ignored .tmp/ so `lit` and the plugins resolve
// from this checkout's node_modules), beside a clean file that must stay clean.
// One `npm run lint` over the copy: it must exit non-zero, and every planted
// file must be reported by the rule meant to catch it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const CLEAN = `import { html, LitElement } from 'lit';

export class CleanElement extends LitElement {
  value = '';

  override render() {
    return html\`<input .value=\${this.value} @input=\${this.#onInput} />\`;
  }

  #onInput(event: Event): void {
    this.value = (event.target as HTMLInputElement).value;
  }
}

export async function load(): Promise<string> {
  const response = await fetch('/x');
  return response.text();
}
`;

/** file → [its source, the rule that must report it] */
const PLANTED: Record<string, [string, string]> = {
  'src/unused-variable.ts': [
    `export function total(values: number[]): number {
  const unused = values.length;
  return values.reduce((a, b) => a + b, 0);
}
`,
    '@typescript-eslint/no-unused-vars',
  ],
  'src/floating-promise.ts': [
    `export function save(): void {
  fetch('/save', { method: 'POST' });
}
`,
    '@typescript-eslint/no-floating-promises',
  ],
  // Binding the `value` attribute sets only the initial value: once the user
  // types, lit's updates no longer show. The property binding is `.value=`.
  'src/lit-binding.ts': [
    `import { html } from 'lit';

export const field = (value: string) => html\`<input value=\${value} />\`;
`,
    'lit/no-value-attribute',
  ],
};

interface LintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; message: string }>;
}

describe('npm run lint', () => {
  let copy = '';
  let status: number | null = null;
  let results: LintResult[] = [];
  let output = '';

  before(() => {
    mkdirSync(join(root, '.tmp'), { recursive: true });
    copy = mkdtempSync(join(root, '.tmp', 'lint-'));
    for (const file of ['package.json', 'eslint.config.js', 'tsconfig.json', 'tsconfig.scripts.json']) {
      copyFileSync(join(root, file), join(copy, file));
    }
    mkdirSync(join(copy, 'src'));
    mkdirSync(join(copy, 'scripts'));
    writeFileSync(join(copy, 'src/clean.ts'), CLEAN);
    writeFileSync(join(copy, 'scripts/clean.mjs'), "export const clean = await Promise.resolve('clean');\n");
    for (const [file, [source]] of Object.entries(PLANTED)) writeFileSync(join(copy, file), source);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const run = spawnSync(npm, ['run', '--silent', 'lint', '--', '--format', 'json'], { cwd: copy, encoding: 'utf8', timeout: 180_000 });
    status = run.status;
    output = `${run.stdout}\n${run.stderr}`;
    const json = run.stdout.slice(run.stdout.indexOf('['));
    results = JSON.parse(json) as LintResult[];
  });

  after(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  const rulesFor = (file: string) =>
    results.filter((result) => result.filePath === join(copy, file)).flatMap((result) => result.messages.map((m) => m.ruleId ?? m.message));

  it('exits non-zero on a tree with the planted mistakes', () => {
    assert.notEqual(status, 0, output);
  });

  it('leaves the clean files clean (the config itself works on lit code and scripts)', () => {
    assert.deepEqual(rulesFor('src/clean.ts'), [], output);
    assert.deepEqual(rulesFor('scripts/clean.mjs'), [], output);
  });

  for (const [file, [, rule]] of Object.entries(PLANTED)) {
    it(`reports ${file} by ${rule}, and nothing else`, () => {
      assert.deepEqual(rulesFor(file), [rule], output);
    });
  }

  // The binding errors only types can see are lit-analyzer's
  // (`npm run lint:templates`, also in CI): a listener that is not a function.
  it('npm run lint:templates fails on `@click=${notAFunction}`', () => {
    writeFileSync(
      join(copy, 'src/lit-listener.ts'),
      "import { html } from 'lit';\n\nconst notAFunction = 42;\nexport const button = html`<button @click=${notAFunction}>x</button>`;\n",
    );
    copyFileSync(join(root, 'scripts/lint-templates.mjs'), join(copy, 'scripts/lint-templates.mjs'));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const run = spawnSync(npm, ['run', '--silent', 'lint:templates'], { cwd: copy, encoding: 'utf8', timeout: 180_000 });
    const text = `${run.stdout}\n${run.stderr}`;
    assert.notEqual(run.status, 0, text);
    assert.match(text, /\.\/src\/lit-listener\.ts:4 .*non-callable type '42'/, text);
  });
});
