// `node scripts/run.mjs <tool> …`: vite, svelte-kit or svelte-check on a Node
// SvelteKit accepts (scripts/node.mjs).
import { spawnSync } from 'node:child_process';
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
const run = spawnSync(kitNode(), [TOOLS[tool], ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
