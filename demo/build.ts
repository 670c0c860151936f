// Builds the demo page with Vite when its output is missing or older than
// any source it is made of (demo/ and src/). Two processes that start at once
// (a test run next to `npm start`) take turns through a lock directory.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INVENTORY_FILE } from './vite-plugin-sri.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_DIST_DIR = resolve(repoRoot, 'demo/dist');
const SOURCE_DIRS = ['demo', 'src'].map((dir) => resolve(repoRoot, dir));
const SKIPPED = new Set(['dist', 'node_modules']);
const LOCK_STALE_MS = 120_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.') || entry.name.startsWith('dist.') || entry.name.endsWith('.md')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The inventory is written last, so its time is the time of the last complete build. */
function isBuildStale(outDir: string): boolean {
  let builtAt: number;
  try {
    builtAt = statSync(join(outDir, INVENTORY_FILE)).mtimeMs;
  } catch {
    return true;
  }
  return SOURCE_DIRS.some((dir) => newestMtime(dir) > builtAt);
}

async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      else await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Builds next to `outDir`, then swaps the result in, so a server already
 * serving `outDir` never sees a half-written build.
 */
async function buildDemo(outDir = DEFAULT_DIST_DIR): Promise<void> {
  const { build } = await import('vite');
  const { default: config } = await import('./vite.config.js');
  const target = resolve(outDir);
  const staging = `${target}.tmp-${process.pid}`;
  try {
    await build({ ...config, configFile: false, build: { ...config.build, outDir: staging } });
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Builds into `outDir` unless a build newer than every source is there. Returns whether it built. */
export async function ensureDemoBuilt(outDir = DEFAULT_DIST_DIR, log: (line: string) => void = console.log): Promise<boolean> {
  if (!isBuildStale(outDir)) return false;
  return withLock(`${resolve(outDir)}.lock`, async () => {
    if (!isBuildStale(outDir)) return false; // built by whoever held the lock
    log('Building the demo page (Vite)…');
    await buildDemo(outDir);
    return true;
  });
}
