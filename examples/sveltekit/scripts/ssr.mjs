// `npm run ssr` (after `npm run build`): starts the built server, fetches the
// server-rendered page and fails unless <pin-control> is in it with its
// attributes and with no token source: SvelteKit's server renderer writes a
// function given as `tokenProvider={…}` into the HTML as its source, and a
// server-rendered `token-url` starts the flow as soon as pin-control/define
// loads, before hydration attaches the listeners (an early 401's
// pin-control-error reached no listener in 1 of 3 loads). The page sets the
// provider in onMount instead.
import { spawn } from 'node:child_process';
import { kitNode } from './node.mjs';

const host = '127.0.0.1';
const port = process.env.PORT ?? '3000';
const url = `http://${host}:${port}/`;
const server = spawn(kitNode(), ['build/index.js'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, HOST: host, PORT: port },
});

let html = '';
try {
  const deadline = Date.now() + 30_000;
  while (!html) {
    try {
      html = await (await fetch(url)).text();
    } catch (error) {
      if (Date.now() > deadline || server.exitCode !== null) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
} finally {
  // Wait for it to let go of the port: `npm run serve` takes the same one next.
  const exited = new Promise((resolve) => server.once('exit', resolve));
  if (server.exitCode === null && server.signalCode === null) {
    server.kill();
    await exited;
  }
}

const tags = html.match(/<pin-control\b[^>]*>/g) ?? [];
console.log(tags.join('\n') || '(no <pin-control> tag)');
const failures = [];
if (tags.length !== 1) failures.push(`expected one <pin-control> tag in the server HTML, found ${tags.length}`);
for (const tag of tags) {
  if (!/frame-key="demo"/.test(tag)) failures.push('the tag lost its frame-key attribute');
  if (/tokenprovider|=>|\bfunction\b|\basync\b/i.test(tag)) failures.push('a function was written into the <pin-control> tag');
  if (/\btoken-url=/.test(tag)) failures.push('token-url is in the server HTML: set the token source in onMount, after hydration');
}
for (const failure of failures) console.error(`ssr: ${failure}`);
console.log(failures.length ? 'ssr: FAILED' : 'ssr: <pin-control> is server-rendered with its attributes and no function');
process.exit(failures.length ? 1 : 0);
