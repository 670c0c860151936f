// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// `npm run serve` (after `npm run build`): the built server,
// dist/angular-ssr/server/server.mjs (the page rendered per request, the
// token route, the browser files) on 127.0.0.1:$PORT (default 4000), on the
// Node the CLI runs on (scripts/node.mjs).
import { spawn } from 'node:child_process';
import { cliNode } from './node.mjs';

const server = spawn(cliNode(), ['dist/angular-ssr/server/server.mjs'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
