// Each example stands alone, to be copied on its own: what it shares with the other examples is repeated on purpose.
// `npm run ssr` (after `npm run build`): starts the built server, fetches the
// page and fails unless Angular rendered it on the server (`ng-server-context`
// on the root: a server that falls back to client rendering serves the bare
// index.html) with <pin-control> in it, its attributes kept and no token
// source: `[tokenProvider]` and `[mode]` are property bindings, set again on
// the client when hydration runs them, after the listeners are attached.
import { spawn } from 'node:child_process';
import { cliNode } from './node.mjs';

const port = process.env.PORT ?? '4000';
const url = `http://127.0.0.1:${port}/`;
const server = spawn(cliNode(), ['dist/angular-ssr/server/server.mjs'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PORT: port },
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
if (!/<app-root\b[^>]*\bng-server-context="ssr"/.test(html))
  failures.push('the page was not rendered on the server');
if (tags.length !== 1)
  failures.push(`expected one <pin-control> tag in the server HTML, found ${tags.length}`);
for (const tag of tags) {
  if (!/frame-key="demo"/.test(tag)) failures.push('the tag lost its frame-key attribute');
  if (/tokenprovider|=>|\bfunction\b|\basync\b/i.test(tag))
    failures.push('a function was written into the <pin-control> tag');
  if (/\btoken-url=/.test(tag))
    failures.push('token-url is in the server HTML: bind [tokenProvider], set after hydration');
}
for (const failure of failures) console.error(`ssr: ${failure}`);
console.log(
  failures.length
    ? 'ssr: FAILED'
    : 'ssr: <pin-control> is server-rendered with its attributes and no function',
);
process.exit(failures.length ? 1 : 0);
