// `npm run lock`: refreshes package-lock.json after a change to package.json,
// then drops the `integrity` that npm recorded for the local pin-control
// tarball. Every `npm pack` makes a new tarball (new bytes, new hash); with the
// old hash in the lock, `npm ci` silently installs the cached OLD tarball
// instead of the new one. Without it, `npm ci` installs whatever
// ../.pack/pin-control.tgz holds. (The Svelte example has the same script.)
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
delete lock.packages['node_modules/pin-control'].integrity;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log('package-lock.json: pin-control installs from ../.pack/pin-control.tgz as it is');
