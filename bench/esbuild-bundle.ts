// The one esbuild set-up the benchmarks bundle browser code with: the pages
// of benchmarks 1, 2 and 7-9 serve it, and benchmark 4 weighs it (the same
// minifier for the element and for the lit-html + zod/mini floor). As the
// single-file bundle ships: ESM, es2022, minified, DOMPurify left out (the
// element loads it only for rich-text overrides).
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

export const esbuildBundleText = async (entry: string | URL, options?: { minify?: boolean }): Promise<string> =>
  new TextDecoder().decode(await esbuildBundle(entry, options));
