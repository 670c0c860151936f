// Benchmark 4: gzip -9 size of the single-file bundle (`vite build --mode
// bundle`, exactly as `npm run build` makes it) against the floor any
// element on lit-html with zod/mini pays (an esbuild bundle of a trivial
// element rendering with lit-html and one zod/mini object schema). Sizes are
// deterministic: one build each.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { esbuildBundle } from './esbuild-bundle.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Size {
  raw: number;
  gzip: number;
}

export interface BundleSizeResult {
  id: 'bundle-size';
  title: string;
  candidate: string;
  baseline: string;
  /** vite --mode bundle, rolldown's minifier. */
  candidateSize: Size;
  /** esbuild, minified: lit-html + zod/mini floor. */
  baselineSize: Size;
  /** src/define.ts through the very same esbuild settings as the baseline (same minifier). */
  candidateEsbuildSize: Size;
  /** Files vite wrote besides the bundle (none expected: DOMPurify stays an external import). */
  otherFiles: string[];
  elapsedMs: number;
}

const sizeOf = (bytes: Uint8Array): Size => ({ raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength });

const esbuildSize = async (entry: string): Promise<Size> => sizeOf(await esbuildBundle(entry));

export async function runBundleSizeBenchmark(): Promise<BundleSizeResult> {
  const started = performance.now();
  const outDir = await mkdtemp(join(tmpdir(), 'pin-control-bench-bundle-'));
  try {
    await run('npx', ['vite', 'build', '--mode', 'bundle', '--outDir', outDir, '--logLevel', 'warn'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const files = await readdir(outDir, { recursive: true });
    const candidateSize = sizeOf(await readFile(join(outDir, 'pin-control.bundle.js')));
    const [baselineSize, candidateEsbuildSize] = await Promise.all([
      esbuildSize('bench/bundle-baseline/entry.ts'),
      esbuildSize('src/define.ts'),
    ]);
    return {
      id: 'bundle-size',
      title: '4. bundle size, gzip -9',
      candidate: 'vite --mode bundle (dist/bundle/pin-control.bundle.js)',
      baseline: 'esbuild: trivial lit-html element + one zod/mini object schema',
      candidateSize,
      baselineSize,
      candidateEsbuildSize,
      otherFiles: files.map(String).filter((name) => name !== 'pin-control.bundle.js'),
      elapsedMs: performance.now() - started,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
