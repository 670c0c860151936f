// Item 4 of issue 10: the size budgets, on fresh builds in a temporary
// directory (the package build and the single-file bundle, exactly as
// `npm run build` makes them). The same figures fail `npm test`
// (test/node/package/build.test.ts, scripts/sizes.mjs).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BUDGETS, measureSizes } from '../scripts/sizes.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface SizeBudgetResult {
  bundle: Sizes;
  element: Sizes;
  elementFiles: string[];
  budgets: { bundleGzip: number; bundleBrotli: number; elementGzip: number };
}

export async function runSizeBudgets(): Promise<SizeBudgetResult> {
  const dir = await mkdtemp(join(tmpdir(), 'pin-control-bench-size-'));
  try {
    const vite = (...args: string[]) =>
      run('npx', ['vite', 'build', ...args, '--logLevel', 'warn'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    await vite('--outDir', join(dir, 'pkg'));
    await vite('--mode', 'bundle', '--outDir', join(dir, 'bundle'));
    return { ...measureSizes(join(dir, 'pkg'), { bundleDir: join(dir, 'bundle') }), budgets: BUDGETS };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

/** Rows for the size table: what, measured, budget, verdict. */
export function sizeRows(result: SizeBudgetResult): string[][] {
  const row = (what: string, bytes: number, budget: number) => [
    what,
    `${kb(bytes)} (${bytes} B)`,
    kb(budget),
    bytes <= budget ? 'ok' : `OVER by ${bytes - budget} B`,
  ];
  return [
    row('8. single-file bundle, gzip -9', result.bundle.gzip, result.budgets.bundleGzip),
    row('8. single-file bundle, brotli 11', result.bundle.brotli, result.budgets.bundleBrotli),
    row(`8. element's own code (${result.elementFiles.join(' + ')}), gzip -9`, result.element.gzip, result.budgets.elementGzip),
  ];
}
