// The size budgets (issue 10, item 4), measured on `npm run build` output:
// checked by test/node/package/build.test.ts and printed by `npm run bench`.
//
// - the single-file bundle (lit and zod/mini inside, DOMPurify beside it):
//   gzip -9 and brotli (quality 11);
// - the element's own code as the ESM entry ships it (`pin-control/define`
//   and every local module it loads; lit, zod and dompurify stay external),
//   English built in: gzip -9 of those files together.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGETS = {
  bundleGzip: 16.0 * 1024,
  bundleBrotli: 14.5 * 1024,
  elementGzip: 6.0 * 1024,
};

/** @param {Uint8Array} bytes */
export function compressedSizes(bytes) {
  return {
    raw: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
    }).byteLength,
  };
}

/**
 * The entry and every module it imports by a relative specifier (static or
 * dynamic), in load order: what a bundler takes from the package for it.
 * @param {string} entry absolute path
 * @returns {string[]}
 */
export function localClosure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) visit(join(dirname(file), match[1]));
  };
  visit(entry);
  return [...seen];
}

/**
 * @param {string} dist the build output directory (`dist`)
 * @param {{ bundleDir?: string }} [options] where the bundle is, if not `dist/bundle`
 */
export function measureSizes(dist, options = {}) {
  const bundle = compressedSizes(readFileSync(join(options.bundleDir ?? join(dist, 'bundle'), 'pin-control.bundle.js')));
  const files = localClosure(join(dist, 'define.js'));
  // Without the source-map comments: a consumer's bundler drops them.
  const code = files.map((file) => readFileSync(file, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '')).join('\n');
  const element = compressedSizes(Buffer.from(code));
  return { bundle, element, elementFiles: files.map((file) => relative(dist, file)) };
}
