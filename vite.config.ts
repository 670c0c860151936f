// `npm run build` makes four things from `src/`:
// - the npm package (default mode): ES modules for `.`, `./define`,
//   `./server` and `./server/redis`, with lit, zod and dompurify left to the
//   consumer's bundler (ioredis is never imported: the caller passes a client).
//   The class is an entry of its own (`dist/pin-control.js`) and chunks keep
//   their names without a hash: custom-elements.json names these files;
// - `--mode bundle`: one self-contained file for `<script type="module">`,
//   lit and zod inlined, and DOMPurify beside it as `dompurify.js`, which the
//   bundle loads by a relative `import('./dompurify.js')` (so it resolves next
//   to the bundle on any page, with no import map) and only when rich-text
//   `messages` are given. `lang/fi.js` and `lang/sv.js` (opt-in texts) import
//   the bundle itself. `integrity.json` records every file's sha384;
// - `--mode development`: the element entries again in `dist/development/`,
//   with the console hints (src/dev-hints.ts) that the two above leave out;
// - `--mode bundle-development`: the bundle with those hints, in
//   `dist/bundle/development/` (run after `--mode bundle`, which empties
//   `dist/bundle/`).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyTemplates } from './scripts/minify-templates.mjs';

const BUNDLE_DIR = 'dist/bundle';
/** dompurify's own ES build, as the package ships it. */
const DOMPURIFY_ES = 'node_modules/dompurify/dist/purify.es.mjs';

/** Writes `integrity.json` ({file: "sha384-…"}) for the files on disk, and prints it. */
function integrityManifest(): Plugin {
  return {
    name: 'pin-control-integrity',
    writeBundle(options, bundle) {
      const dir = options.dir ?? BUNDLE_DIR;
      const hashes: Record<string, string> = {};
      for (const file of Object.keys(bundle)
        .filter((name) => name.endsWith('.js'))
        .sort()) {
        hashes[file] = `sha384-${createHash('sha384')
          .update(readFileSync(join(dir, file)))
          .digest('base64')}`;
      }
      writeFileSync(join(dir, 'integrity.json'), `${JSON.stringify(hashes, null, 2)}\n`);
      for (const [file, hash] of Object.entries(hashes)) console.log(`${file} ${hash}`);
    },
  };
}

/**
 * Terser rather than the built-in minifier: three compress passes and ES2022
 * module output save about 110 B gzip and 140 B brotli on the bundle.
 * `output.minify: false`, or rolldown minifies first.
 */
const minify = {
  minify: 'terser',
  terserOptions: { ecma: 2020, module: true, compress: { passes: 3 } },
  rolldownOptions: { output: { minify: false } },
} as const;

/**
 * Bundle mode: drops the `/* @__PURE__ *\/` annotations that Vite keeps in a
 * library's ES output (for the consumer's tree-shaking): the single-file
 * bundle is loaded as it is, nothing shakes it again (42 of them, 67 B gzip).
 */
function withoutPureAnnotations(): Plugin {
  return {
    name: 'pin-control-without-pure-annotations',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = chunk.code.replace(/\/\*\s*[#@]__(?:PURE|NO_SIDE_EFFECTS)__\s*\*\//g, '');
      }
    },
  };
}

/** The opt-in language modules: `pin-control/lang/fi`, and `lang/fi.js` beside the bundle. */
const LANGUAGE_ENTRIES = { 'lang/fi': 'src/lang/fi.ts', 'lang/sv': 'src/lang/sv.ts' };

/**
 * Bundle mode: a language module registers its texts through the bundle
 * itself (`import … from '../pin-control.bundle.js'`), so the bundle stays one
 * file and a page's bundle and language module share one registry.
 */
function languagesThroughTheBundle(): Plugin {
  return {
    name: 'pin-control-languages-through-the-bundle',
    enforce: 'pre',
    resolveId(source, importer) {
      // lang/fi.js sits in lang/ beside the bundle: `../pin-control.bundle.js` is the page's own bundle (one module instance).
      if (source === '../texts.js' && importer && /[\\/]src[\\/]lang[\\/]/.test(importer))
        return { id: '../pin-control.bundle.js', external: true };
      return null;
    },
  };
}

/** What the element's ES modules leave to the consumer's bundler. */
const ELEMENT_EXTERNALS = [/^lit(-html)?($|\/)/, /^@lit\//, /^zod($|\/)/, 'dompurify'];

/**
 * `--mode development`: the package's `development` export condition. The
 * element entries again, with the console hints of src/dev-hints.ts, not
 * minified (a developer reads it in the debugger), beside the production files.
 */
const developmentBuild: UserConfig = {
  define: { __PIN_CONTROL_DEV__: 'true' },
  plugins: [minifyTemplates()],
  build: {
    outDir: 'dist/development',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    lib: { entry: { index: 'src/index.ts', define: 'src/define.ts', ...LANGUAGE_ENTRIES }, formats: ['es'] },
    rolldownOptions: {
      external: ELEMENT_EXTERNALS,
      output: { preserveModules: false, chunkFileNames: '[name].js' },
    },
  },
};

/**
 * `--mode bundle-development`: the single-file bundle with the console
 * hints, for a plain page while it is written: `dist/bundle/development/`.
 * fi and sv are inside (a production lang/ module would import the production
 * bundle beside it), and DOMPurify is the production bundle's `../dompurify.js`.
 */
const developmentBundleBuild: UserConfig = {
  define: { __PIN_CONTROL_DEV__: 'true' },
  plugins: [
    minifyTemplates(),
    {
      name: 'pin-control-development-bundle',
      enforce: 'pre',
      resolveId: (source) => (source === 'dompurify' ? { id: '../dompurify.js', external: true } : null),
    },
  ],
  build: {
    outDir: `${BUNDLE_DIR}/development`,
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    lib: { entry: { 'pin-control.bundle': 'src/development-bundle.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
  },
};

/** The production builds: every development branch (`if (DEV_MODE)`) and the hints go. */
const NO_DEV_HINTS = { __PIN_CONTROL_DEV__: 'false' };

const productionBuild = (mode: string): UserConfig =>
  mode === 'bundle'
    ? {
        define: NO_DEV_HINTS,
        build: {
          outDir: BUNDLE_DIR,
          emptyOutDir: true,
          target: 'es2022',
          minify: minify.minify,
          terserOptions: minify.terserOptions,
          lib: {
            // Two entries: the element's dynamic import('dompurify') then points at the dompurify entry.
            entry: { 'pin-control.bundle': 'src/define.ts', dompurify: DOMPURIFY_ES, ...LANGUAGE_ENTRIES },
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
          rolldownOptions: minify.rolldownOptions,
        },
        plugins: [minifyTemplates(), languagesThroughTheBundle(), withoutPureAnnotations(), integrityManifest()],
      }
    : {
        define: NO_DEV_HINTS,
        plugins: [minifyTemplates()],
        build: {
          outDir: 'dist',
          emptyOutDir: true,
          target: 'es2022',
          sourcemap: true,
          minify: minify.minify,
          terserOptions: minify.terserOptions,
          lib: {
            entry: {
              index: 'src/index.ts',
              define: 'src/define.ts',
              'pin-control': 'src/pin-control.ts',
              'server/index': 'src/server/index.ts',
              'server/redis': 'src/server/redis.ts',
              ...LANGUAGE_ENTRIES,
            },
            formats: ['es'],
          },
          rolldownOptions: {
            preserveEntrySignatures: 'allow-extension',
            external: [...ELEMENT_EXTERNALS, 'ioredis'],
            output: { ...minify.rolldownOptions.output, preserveModules: false, chunkFileNames: '[name].js' },
          },
        },
      };

export default defineConfig(({ mode }) =>
  mode === 'development' ? developmentBuild : mode === 'bundle-development' ? developmentBundleBuild : productionBuild(mode),
);
