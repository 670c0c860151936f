// `npm run serve`: the production build (`npm run build` first) served by
// `next start` on 127.0.0.1:$PORT (default 3000), token route included. Once
// the server answers it prints `listening on http://127.0.0.1:<port>`, the
// line the repo's `npm run test:examples` waits for. Telemetry stays off.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const host = '127.0.0.1';
const port = process.env.PORT ?? '3000';
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

const next = spawn(process.execPath, [nextBin, 'start', '--hostname', host, '--port', port], {
  stdio: 'inherit',
  // PORT also tells the token route which origin to accept.
  env: { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: '1' },
});
let exited = false;
next.on('exit', (code, signal) => {
  exited = true;
  process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => next.kill(signal));

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
