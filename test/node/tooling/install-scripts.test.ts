// No dependency runs an install script unreviewed: every package with one in
// a lockfile (the repo's and each example's) has its allowScripts entry, so
// npm 11's `npm ci` ends without a "not yet covered by allowScripts" list and
// a new one is a decision in review (CONTRIBUTING, Rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../..', import.meta.url).pathname;
const projects = [
  root,
  ...readdirSync(join(root, 'examples'))
    .map((name) => join(root, 'examples', name))
    .filter((dir) => existsSync(join(dir, 'package-lock.json'))),
];

interface Lockfile {
  packages: Record<string, { hasInstallScript?: boolean }>;
}

/** The names of the locked packages that carry an install script. */
function withInstallScripts(dir: string): string[] {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as Lockfile;
  const names = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return [...new Set(names)].sort();
}

/** allowScripts' package names (an entry may pin a version: `esbuild@0.27.7`, `@parcel/watcher@2.5.1`). */
function reviewed(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  // `npm install-scripts approve` pins each installed version: one name may have several entries.
  const names = Object.keys(manifest.allowScripts ?? {}).map((key) => key.replace(/(?<=.)@.*$/, ''));
  return [...new Set(names)].sort();
}

for (const dir of projects) {
  const name = dir === root ? 'the repo' : dir.slice(root.length);
  test(`${name}: every install script in its lockfile is approved or denied by name in allowScripts, and no entry is stale`, () => {
    assert.deepEqual(
      reviewed(dir),
      withInstallScripts(dir),
      `${name}: run \`npm install-scripts ls\` there, then deny (or approve, saying why) each package, and \`npm install-scripts prune\``,
    );
  });
}
