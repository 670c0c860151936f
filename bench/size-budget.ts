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

/** What each budget weighs: a fresh build's bytes against the budget's. */
export function sizeChecks(result: SizeBudgetResult): Array<{ title: string; bytes: number; budget: number }> {
  return [
    { title: '10. single-file bundle, gzip -9', bytes: result.bundle.gzip, budget: result.budgets.bundleGzip },
    { title: '10. single-file bundle, brotli 11', bytes: result.bundle.brotli, budget: result.budgets.bundleBrotli },
    { title: "10. element's own code, gzip -9", bytes: result.element.gzip, budget: result.budgets.elementGzip },
  ];
}
