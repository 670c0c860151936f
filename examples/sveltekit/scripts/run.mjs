// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// `node scripts/run.mjs <tool> …`: vite, svelte-kit or svelte-check on a Node
// SvelteKit accepts (scripts/node.mjs).
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { kitNode } from './node.mjs';

const TOOLS = {
  vite: 'node_modules/vite/bin/vite.js',
  'svelte-kit': 'node_modules/@sveltejs/kit/svelte-kit.js',
  'svelte-check': 'node_modules/svelte-check/bin/svelte-check',
};
const [tool, ...args] = process.argv.slice(2);
if (!TOOLS[tool]) {
  console.error(`run.mjs: unknown tool "${tool}" (one of ${Object.keys(TOOLS).join(', ')})`);
  process.exit(1);
}
// `vite dev` stops on a taken port (strictPort: the token route allows only
// $PORT's origin) with a stack trace; this says what to do instead.
if (tool === 'vite' && args[0] === 'dev') {
  const port = Number(process.env.PORT) || 5173;
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

const run = spawnSync(kitNode(), [TOOLS[tool], ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
