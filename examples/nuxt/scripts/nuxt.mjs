// `node scripts/nuxt.mjs <command>`: the Nuxt CLI (`dev`, `build`,
// `typecheck`…) on a Node it accepts (scripts/node.mjs). Telemetry stays off.
import { spawnSync } from 'node:child_process';
import { nuxtNode } from './node.mjs';

const run = spawnSync(nuxtNode(), ['node_modules/nuxt/bin/nuxt.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NUXT_TELEMETRY_DISABLED: '1' },
});
process.exit(run.status ?? 1);
