// The one place that knows the rule for the examples' lockfiles, and
// `npm run lock:examples [-- react vue …]`, the one step that writes them.
//
// Each example depends on `"pin-control": "file:../.pack/pin-control.tgz"`, a
// tarball packed afresh from the working tree (new bytes, new hash, every
// time). A lockfile that records its `integrity` makes `npm ci` fail with
// EINTEGRITY on a fresh machine, or, where the npm cache holds the old hash,
// install the OLD tarball without a word. So the lock keeps every registry
// package's integrity and none for the tarball.
//
// `npm run lock:examples -- <name>` (after changing an example's package.json
// or the package's own dependencies): builds and packs the package, drops the
// tarball's entry (so npm reads the tarball's dependencies again), runs
// `npm install` in the example and removes the integrity npm wrote back.
// Commit the lock it leaves. `npm run test:examples` refuses a lock that pins
// the tarball (pinnedTarballs below) and says to run this.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples');
const PACK_DIR = join(EXAMPLES, '.pack');

const isTarball = (entry) => typeof entry?.resolved === 'string' && entry.resolved.startsWith('file:') && entry.resolved.endsWith('.tgz');

/** The lock entries (paths) of `dir`'s package-lock.json that pin a local tarball's integrity. */
export function pinnedTarballs(dir) {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages ?? {})
    .filter(([, entry]) => isTarball(entry) && 'integrity' in entry)
    .map(([path]) => path);
}

function editLock(dir, edit) {
  const file = join(dir, 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  edit(lock.packages ?? {});
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}

function lockExample(name) {
  const dir = join(EXAMPLES, name);
  console.log(`lock:examples: ${name}`);
  // Without its entry npm reads the tarball again (else it keeps the old dependency list).
  if (existsSync(join(dir, 'package-lock.json'))) editLock(dir, (packages) => delete packages['node_modules/pin-control']);
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  editLock(dir, (packages) => {
    for (const entry of Object.values(packages)) if (isTarball(entry)) delete entry.integrity;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const all = readdirSync(EXAMPLES)
    .filter((name) => existsSync(join(EXAMPLES, name, 'package.json')))
    .sort();
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !all.includes(name));
  if (unknown.length > 0) {
    console.error(`lock:examples: no example ${unknown.join(', ')} (there are ${all.join(', ')})`);
    process.exit(1);
  }
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(PACK_DIR, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', PACK_DIR], { cwd: ROOT, encoding: 'utf8' });
  const packed = JSON.parse(out.slice(out.indexOf('[')));
  renameSync(join(PACK_DIR, packed[0].filename), join(PACK_DIR, 'pin-control.tgz'));
  for (const name of asked.length > 0 ? asked : all) lockExample(name);
}
