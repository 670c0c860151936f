// The one esbuild set-up the benchmarks bundle browser code with: the pages
// of benchmarks 1, 2 and 7-9 serve it, and benchmark 4 weighs it (the same
// minifier for the element and for the lit-html + zod/mini floor). As the
// single-file bundle ships: ESM, es2022, minified, DOMPurify left out (the
// element loads it only for rich-text overrides), no development hints.
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The names a module exports, as esbuild reads them. */
async function exportNames(path: string): Promise<string[]> {
  const result = await build({ entryPoints: [path], write: false, metafile: true, format: 'esm', logLevel: 'silent' });
  return Object.values(result.metafile.outputs)[0]!.exports;
}

/**
 * Every shipped file drops src/dev-hints.ts whole: each call into it sits in
 * an `if (DEV_MODE)` branch, and Vite's bundler carries DEV_MODE's `false`
 * across modules. esbuild does not, so it would keep the hints' code (about
 * 3 KB gzip) that no production file has, and the pages would parse it. Here
 * each of the module's exports is an empty function instead, which no
 * production path calls.
 */
const withoutDevHints: Plugin = {
  name: 'without-dev-hints',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]src[\\/]dev-hints\.ts$/ }, async ({ path }) => ({
      contents: (await exportNames(path)).map((name) => `export function ${name}() {}`).join('\n'),
      loader: 'js',
    }));
  },
};

/** `entry`: a path from the repository's root, or a file URL. */
export async function esbuildBundle(entry: string | URL, { minify = true } = {}): Promise<Uint8Array> {
  const path = entry instanceof URL ? fileURLToPath(entry) : isAbsolute(entry) ? entry : join(ROOT, entry);
  const result = await build({
    entryPoints: [path],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify,
    external: ['dompurify'],
    plugins: [withoutDevHints],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

export const esbuildBundleText = async (entry: string | URL, options?: { minify?: boolean }): Promise<string> =>
  new TextDecoder().decode(await esbuildBundle(entry, options));
