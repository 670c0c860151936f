// postinstall, for this repo only: removes the `integrity` npm records for the
// local tarball (`pin-control`: file:../.pack/pin-control.tgz) from
// package-lock.json. The tarball is re-packed from the repo before every test
// run, so its hash changes with every change to the package, and a recorded
// hash would make `npm ci` fail with EINTEGRITY. Without one, `npm ci` installs
// whatever tarball is there; every registry package keeps its integrity.
// An app that installs pin-control from the registry does not need this.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const text = readFileSync(file, 'utf8');
const lock = JSON.parse(text);
const entry = lock.packages?.['node_modules/pin-control'];
if (entry?.resolved?.startsWith('file:') && 'integrity' in entry) {
  delete entry.integrity;
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log('package-lock.json: dropped the integrity of the local pin-control tarball');
}
