// `npm run lock`: refreshes package-lock.json after a change to package.json
// or to the package (re-read from ../.pack/pin-control.tgz, with its current
// dependencies), then drops the `integrity` that npm recorded for that local
// tarball. Every `npm pack` makes a new tarball (new bytes, new hash); with the
// old hash in the lock, `npm ci` silently installs the cached OLD tarball
// instead of the new one. Without it, `npm ci` installs whatever
// ../.pack/pin-control.tgz holds. (The Angular example has the same script.)
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const readLock = () => JSON.parse(readFileSync('package-lock.json', 'utf8'));
const writeLock = (lock) => writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);

// Without its entry npm reads the tarball again (else it keeps the old dependency list).
const before = readLock();
delete before.packages['node_modules/pin-control'];
writeLock(before);
execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
const after = readLock();
delete after.packages['node_modules/pin-control'].integrity;
writeLock(after);
console.log('package-lock.json: pin-control installs from ../.pack/pin-control.tgz as it is');
