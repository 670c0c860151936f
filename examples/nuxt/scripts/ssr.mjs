// `npm run ssr` (after `npm run build`): starts the built server, fetches the
// server-rendered page and fails unless the page is rendered there while
// <pin-control> is not. Rendered on the server, the tag would be upgraded by
// the client plugin and start its flow before hydration attaches `@…`
// listeners: a signed-out 401 answers first and its pin-control-error reaches
// no one (seen with Nuxt 4.5: three loads out of three). <ClientOnly> keeps it
// out of the server HTML.
import { spawn } from 'node:child_process';
import { nuxtNode } from './node.mjs';

const host = '127.0.0.1';
const port = process.env.PORT ?? '3000';
const url = `http://${host}:${port}/`;
const server = spawn(nuxtNode(), ['.output/server/index.mjs'], {
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

const failures = [];
if (!html.includes('<h1>pin-control in Nuxt</h1>')) failures.push('the page was not rendered on the server');
if (/<pin-control\b/.test(html)) failures.push('<pin-control> is in the server HTML: wrap it in <ClientOnly>');
for (const failure of failures) console.error(`ssr: ${failure}`);
console.log(failures.length ? 'ssr: FAILED' : 'ssr: the page renders on the server, <pin-control> on the client only');
process.exit(failures.length ? 1 : 0);
