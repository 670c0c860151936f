// `node scripts/astro.mjs <command>`: the Astro CLI (`dev`, `build`, `check`…)
// on a Node it accepts (scripts/node.mjs). Telemetry stays off.
import { spawnSync } from 'node:child_process';
import { astroNode } from './node.mjs';

const run = spawnSync(astroNode(), ['node_modules/astro/bin/astro.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
process.exit(run.status ?? 1);
