// The package's metadata and types as a consumer sees them after
// `npm run build`: the manifest names shipped files, the runtime dependencies
// are what dist/ imports, publint and attw find nothing unexpected, and the
// generated framework types type-check (test/types/: React JSX, Angular's
// event map through `pin-control/define`, `pin-control/bundle`). Vue's and
// Svelte's entries need their own checkers; the examples run those.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const readJSON = <T>(path: string) => JSON.parse(read(path)) as T;

interface Member {
  kind: string;
  name: string;
  privacy?: string;
  readonly?: boolean;
  static?: boolean;
  attribute?: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  members?: Member[];
  attributes?: Array<{ name: string; type?: { text: string } }>;
  events?: Array<{ name: string; type?: { text: string } }>;
}
interface Manifest {
  modules: Array<{
    path: string;
    declarations?: Declaration[];
    exports?: Array<{ kind: string; name: string; declaration: { name: string; module?: string } }>;
  }>;
}

const jsFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? jsFiles(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );

/** Runs tsc on one of test/types' projects; returns its output and exit code. */
function tsc(project: string) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', `test/types/${project}`], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the package for its consumers', () => {
  before(
    () => {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
    },
    { timeout: 120_000 },
  );

  it('custom-elements.json names shipped files, the definition export and no private member', () => {
    const manifest = readJSON<Manifest>('dist/custom-elements.json');
    for (const module of manifest.modules) {
      assert.match(module.path, /^dist\//, `${module.path} is in the tarball`);
      assert.ok(existsSync(join(root, module.path)), `${module.path} exists`);
      for (const item of module.exports ?? []) {
        const target = item.declaration.module;
        if (target) assert.ok(existsSync(join(root, target)), `${module.path}: ${item.name} → ${target} exists`);
      }
    }
    const define = manifest.modules.find((m) => m.path === 'dist/define.js');
    assert.deepEqual(
      define?.exports?.find((e) => e.kind === 'custom-element-definition'),
      { kind: 'custom-element-definition', name: 'pin-control', declaration: { name: 'PinControl', module: 'dist/pin-control.js' } },
    );
    const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'pin-control');
    assert.ok(element);
    const hidden = (element.members ?? []).filter((m) => m.name.startsWith('#') || m.privacy === 'private' || m.privacy === 'protected');
    assert.deepEqual(
      hidden.map((m) => m.name),
      [],
    );
    assert.deepEqual(
      (element.members ?? [])
        .filter((m) => m.readonly)
        .map((m) => m.name)
        .sort(),
      ['pinValid', 'state'],
    );
    assert.equal(element.attributes?.find((a) => a.name === 'mode')?.type?.text, "'view' | 'set'");
    assert.deepEqual(
      (element.events ?? []).filter((e) => !e.type?.text).map((e) => e.name),
      [],
      'every event has a type',
    );
  });

  it('depends at run time on exactly the packages dist/ imports', () => {
    const imported = new Set<string>();
    for (const file of jsFiles('dist')) {
      const code = read(file);
      for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'`]([^"'`]+)["'`]/g)) {
        const specifier = match[1]!;
        if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
      }
    }
    const pkg = readJSON<{ dependencies: Record<string, string> }>('package.json');
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), [...imported].sort());
  });

  it('has an MIT LICENSE file', () => {
    const license = read('LICENSE');
    assert.match(license, /^MIT License/);
    assert.match(license, /Copyright \(c\) 2026 the pin-control authors/);
    assert.equal(readJSON<{ license: string }>('package.json').license, 'MIT');
  });

  it('passes publint --strict and attw --pack with only the ESM-only notes (npm run check:package)', { timeout: 120_000 }, () => {
    const result = spawnSync(process.execPath, ['scripts/check-package.mjs'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, output.slice(-4000));
    assert.match(output, /check:package: ok\s*$/);
  });

  it('lists the editor data in package.json and generates it from the manifest', () => {
    const pkg = readJSON<{ 'web-types': string; exports: Record<string, unknown> }>('package.json');
    const webTypes = readJSON<{
      contributions: {
        html: { elements: Array<{ name: string; attributes: Array<{ name: string }>; js: { events: Array<{ name: string }> } }> };
      };
    }>(pkg['web-types']);
    const vscode = readJSON<{ tags: Array<{ name: string; attributes: Array<{ name: string; values?: Array<{ name: string }> }> }> }>(
      'dist/vscode.html-custom-data.json',
    );
    const element = readJSON<Manifest>('dist/custom-elements.json')
      .modules.flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === 'pin-control')!;
    const attributes = (element.attributes ?? []).map((a) => a.name);
    assert.deepEqual(
      webTypes.contributions.html.elements[0]?.attributes.map((a) => a.name),
      attributes,
    );
    assert.deepEqual(
      webTypes.contributions.html.elements[0]?.js.events.map((e) => e.name),
      (element.events ?? []).map((e) => e.name),
    );
    assert.deepEqual(
      vscode.tags[0]?.attributes.map((a) => a.name),
      attributes,
    );
    assert.deepEqual(vscode.tags[0]?.attributes.find((a) => a.name === 'mode')?.values, [{ name: 'view' }, { name: 'set' }]);
    assert.ok(pkg.exports['./web-types.json'] && pkg.exports['./vscode.html-custom-data.json']);
  });

  it('types React 19 templates from pin-control/react: good props pass, wrong ones fail', () => {
    const { code, output } = tsc('tsconfig.json');
    assert.equal(code, 0, output);
  });

  it("types Angular's $event through pin-control/define alone", () => {
    const { code, output } = tsc('tsconfig.angular.json');
    assert.equal(code, 0, output);
  });

  it('types pin-control/bundle', () => {
    const { code, output } = tsc('tsconfig.bundle.json');
    assert.equal(code, 0, output);
  });

  it('generates a handler type for every event, in each framework entry', () => {
    const element = readJSON<Manifest>('dist/custom-elements.json')
      .modules.flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === 'pin-control')!;
    const react = read('dist/types/frameworks/react.d.ts');
    const vue = read('dist/types/frameworks/vue.d.ts');
    const svelte = read('dist/types/frameworks/svelte.d.ts');
    for (const { name } of element.events ?? []) {
      const pascal = name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
      assert.ok(react.includes(`'on${name}'?: (event: PinControlEvents['${name}'])`), `react on${name}`);
      assert.ok(vue.includes(`on${pascal}?: (event: PinControlEvents['${name}'])`), `vue on${pascal}`);
      assert.ok(svelte.includes(`'on${name}'?: (event: PinControlEvents['${name}']`), `svelte on${name}`);
    }
    assert.match(vue, /interface GlobalComponents \{\n\s+'pin-control': PinControlVueComponent;/);
    assert.match(svelte, /interface SvelteHTMLElements \{\n\s+'pin-control': PinControlSvelteAttributes;/);
    // Astro renders attributes only; examples/astro's typetest runs astro check on it.
    const astro = read('dist/types/frameworks/astro.d.ts');
    assert.match(astro, /namespace astroHTML\.JSX \{\n\s+interface IntrinsicElements \{\n\s+'pin-control': PinControlAstroAttributes;/);
  });
});
