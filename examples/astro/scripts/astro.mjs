// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// `node scripts/astro.mjs <command>`: the Astro CLI (`dev`, `build`, `check`…)
// on a Node it accepts (scripts/node.mjs). Telemetry stays off.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { astroNode } from './node.mjs';

// `astro dev` stops on a taken port (strictPort: the token route allows only
// $PORT's origin); this says what to do.
if (process.argv[2] === 'dev') {
  const port = Number(process.env.PORT) || 4321;
  const free = await new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port, '127.0.0.1');
  });
  if (!free) {
    console.error(
      `Port ${port} is already in use: stop what uses it, or run \`PORT=${port + 1} npm run dev\` (the dev server and the token route both read PORT).`,
    );
    process.exit(1);
  }
}

const run = spawnSync(astroNode(), ['node_modules/astro/bin/astro.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
process.exit(run.status ?? 1);
