// `npm run serve`: the production build (`npm run build` first), adapter-node's
// server, on 127.0.0.1:$PORT (default 3000), token route included. Once the
// server answers it prints `listening on http://127.0.0.1:<port>`, the line
// the repo's `npm run test:examples` waits for.
import { spawn } from 'node:child_process';
import { kitNode } from './node.mjs';

const host = '127.0.0.1';
const port = process.env.PORT ?? '3000';

const server = spawn(kitNode(), ['build/index.js'], {
  stdio: 'inherit',
  // PORT also tells the token route which origin to accept.
  env: { ...process.env, HOST: host, PORT: port },
});
let exited = false;
server.on('exit', (code, signal) => {
  exited = true;
  process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));

const url = `http://${host}:${port}`;
while (!exited) {
  try {
    await fetch(url, { method: 'HEAD' });
    console.log(`listening on ${url}`);
    break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
