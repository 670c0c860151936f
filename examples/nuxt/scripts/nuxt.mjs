// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// `node scripts/nuxt.mjs <command>`: the Nuxt CLI (`dev`, `build`,
// `typecheck`…) on a Node it accepts (scripts/node.mjs). Telemetry stays off.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { nuxtNode } from './node.mjs';

// `nuxt dev` moves to another port, without asking, when its own is taken; the
// token route accepts only $PORT's origin and would refuse that page (403
// `origin-refused`). So a taken port stops it here, saying what to do.
if (process.argv[2] === 'dev') {
  const port = Number(process.env.PORT ?? 3000);
  const free = await new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port);
  });
  if (!free) {
    console.error(
      `Port ${port} is already in use: stop what uses it, or run \`PORT=${port + 1} npm run dev\` (the dev server and the token route both read PORT).`,
    );
    process.exit(1);
  }
}

const run = spawnSync(nuxtNode(), ['node_modules/nuxt/bin/nuxt.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NUXT_TELEMETRY_DISABLED: '1' },
});
process.exit(run.status ?? 1);
