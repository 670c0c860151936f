// ESLint for every folder: `npm run lint` (0 warnings allowed).
//
// - TypeScript (src, sandbox, demo, test, bench, root *.ts) and the .mjs/.js
//   of scripts/ and the root get typescript-eslint's type-checked rules, with
//   the types of tsconfig.json and tsconfig.scripts.json (checkJs).
// - Lit templates get eslint-plugin-lit, eslint-plugin-lit-a11y, and the
//   element classes eslint-plugin-wc.
// - The examples' own sources (not their generated files) get the same rules
//   without types: each example type-checks against the packed package with
//   its own checker (tsc -b, vue-tsc, svelte-check, ng, next build and tsc) in `npm run test:examples`,
//   and that needs its own node_modules, which a fresh clone does not have.
//
// A rule that is wrong for one spot is disabled on that line with the reason.
//
// lit-analyzer type-checks bindings against the element types (e.g.
// `@click=${notAFunction}`), which eslint-plugin-lit cannot: that is
// `npm run lint:templates` (scripts/lint-templates.mjs, which also says how
// its false positives are handled). CI runs both.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import litPlugin from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wcPlugin from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typed = ['src', 'sandbox', 'demo', 'test', 'bench'].map((dir) => `${dir}/**/*.ts`).concat(['*.ts']);
const typedJs = ['scripts/**/*.mjs', '*.mjs'];
// A script with a .d.mts beside it (for the TypeScript that imports it) is
// not in any program: TypeScript reads the declarations instead. Linted
// without types.
const declared = readdirSync(new URL('scripts/', import.meta.url))
  .filter((name) => name.endsWith('.d.mts'))
  .map((name) => `scripts/${name.replace(/\.d\.mts$/, '.mjs')}`);
// Untyped: the examples' own sources, this file, and bench's hand-written arm
// (it stands for an integrator's untyped code on purpose).
const untyped = ['examples/*/**/*.{ts,tsx,js,mjs}', 'eslint.config.js', 'bench/**/*.js', ...declared];

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'demo/dist/',
      'test-output/',
      '.tmp/',
      'examples/.pack/',
      'examples/*/.angular/',
      // Next.js writes both on every build and dev start (gitignored).
      'examples/*/.next/',
      'examples/*/next-env.d.ts',
      // Nuxt writes its types and its build there (gitignored).
      'examples/*/.nuxt/',
      'examples/*/.output/',
      // Astro writes its generated types there (gitignored).
      'examples/*/.astro/',
      // SvelteKit writes its generated types and its build there (gitignored).
      'examples/*/.svelte-kit/',
      'examples/*/build/',
      'docs/',
      // Consumer-view fixtures resolved through dist/ (the built package):
      // test/node/package-types.test.ts type-checks them after a build.
      'test/types/',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    rules: {
      // Every control-character class here is deliberate (RFC 7617 user-ids,
      // header values, CSP report fields, ANSI escapes in tool output); the
      // rule exists to catch accidental ones, which TypeScript strings make rare.
      'no-control-regex': 'off',
      // `let app; createServer(() => app?.fetch(…)); app = …` is the servers'
      // start-up pattern: the closure reads it before the one assignment.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: [...typed, ...typedJs],
    ignores: declared,
    // recommendedTypeChecked rather than strictTypeChecked: strict's extra
    // rules (no-unnecessary-condition, no-confusing-void-expression, ...) flag
    // the defensive checks on untrusted input (postMessage, issuer JSON) and
    // arrow-shorthand callbacks far more often than bugs here.
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.scripts.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      // Unused variables are errors; a leading underscore marks one that is
      // required by a signature but deliberately unused.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // node:test's test()/describe() return promises the runner itself awaits;
      // every other promise must be awaited, returned, or marked `void`.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
            // @open-wc/testing types chai's `equal` as returning a promise (its
            // semantic DOM diff is async), so every `expect(x).to.equal(y)`
            // would count; only `.dom.equal` is really async, and it is awaited.
            { from: 'package', package: '@open-wc/semantic-dom-diff', name: 'Equal' },
          ],
        },
      ],
      // Numbers and booleans in messages and URLs read fine; objects and
      // `any` still may not be interpolated by accident.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `void` callbacks (event listeners, setTimeout) given an async function
      // are the code's way to start work it tracks itself; a promise where a
      // value is checked (if, ||) is still an error.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // An `async` function without `await` is how a stub matches an async
      // interface (fetch, a token provider, a store) and how a throw becomes a
      // rejection; the bug the rule hunts (a forgotten await) is caught by
      // no-floating-promises instead.
      '@typescript-eslint/require-await': 'off',
      // `interface GlobalEventHandlersEventMap extends PinControlEventMap {}`
      // is declaration merging, which a type alias cannot do.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // puppeteer's page.evaluate(string) and CDP's send() are generic in what
    // they run; given a string there is nothing to infer from, so the result's
    // type can only come from the assertion the rule asks to remove (its
    // generic-call check has no option). Off in bench/ only, where every
    // finding was that one.
    files: ['bench/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    // Plain JavaScript in the typed folders: the rules that need TypeScript
    // syntax (return types, `as` casts) would ask for JSDoc everywhere.
    files: typedJs,
    ignores: declared,
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read untyped values on purpose (JSON bodies, what a hostile
      // fixture left on `window`, a frame's messages) and the assertion on the
      // value is the check; a cast per read would add noise, not safety.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Tests save a method to restore it after patching (console.log,
      // window.fetch, addEventListener); it is never called unbound.
      '@typescript-eslint/unbound-method': 'off',
      // Tests turn any value into text for a message, a log, or a URL
      // (String(input) of a fetch argument, stdout Buffers appended to a log).
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
    },
  },
  {
    // chai's property assertions (`expect(x).to.be.true`) are expressions.
    files: ['test/browser/**/*.ts', 'test/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['src/**/*.ts', 'sandbox/**/*.ts', 'demo/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [litPlugin.configs['flat/recommended'], wcPlugin.configs['flat/best-practice'], litA11y.configs.recommended],
    settings: { wc: { elementBaseClasses: ['LitElement', 'ReactiveElement'] } },
    rules: {
      // Beyond lit's recommended set: the binding mistakes it leaves out.
      // `value=${x}` sets only the initial value (the property is `.value=`);
      // `.bind()` in a template makes a new listener every render; a class
      // field shadowing a reactive property stops its updates.
      'lit/no-value-attribute': 'error',
      'lit/no-template-bind': 'error',
      'lit/no-classfield-shadowing': 'error',
      'lit/no-native-attributes': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/lifecycle-super': 'error',
      'lit/attribute-names': 'error',
      'lit/no-useless-template-literals': 'error',
    },
  },
  {
    // The examples' own sources: the same rules without type information.
    files: untyped,
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
