// `npm start` (demo/cli.ts) as a real process, with one of its ports already
// taken: it must stop, say which port and what it is for, and give a command
// that works with that port still taken.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { describe, test } from 'node:test';

const CLI = new URL('../../../demo/cli.ts', import.meta.url).pathname;

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Listens on every address, so a server on 127.0.0.1, ::1 or `localhost` finds the port taken. */
function listen(port: number): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => server.once('error', reject).listen(port, () => resolve(server)));
}

/** A port held by another server, whose next port is free (the advice names it). */
async function heldPortWithFreeNext(): Promise<{ port: number; holder: Server }> {
  for (;;) {
    const holder = await listen(0);
    const { port } = holder.address() as { port: number };
    const next = await listen(port + 1).catch(() => undefined);
    if (next) {
      await new Promise((resolve) => next.close(resolve));
      return { port, holder };
    }
    await new Promise((resolve) => holder.close(resolve));
  }
}

async function waitFor(pattern: RegExp, output: () => string, child: ChildProcess): Promise<RegExpMatchArray> {
  const exited = once(child, 'exit');
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    const done = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(resolve, 100, false))]);
    if (done) assert.fail(`exited before printing ${pattern}: ${output()}`);
  }
}

describe('npm start with a port taken', () => {
  for (const [variable, what] of [
    ['SANDBOX_PORT', 'the sandbox'],
    ['PORT', 'the demo page'],
  ] as const) {
    test(`${variable}: stops, names the port, and its advice starts the demo`, { timeout: 120_000 }, async () => {
      const { port, holder } = await heldPortWithFreeNext();
      const other = variable === 'PORT' ? 'SANDBOX_PORT' : 'PORT';
      try {
        const refused = start({ [variable]: String(port), [other]: '0' });
        const [code] = await once(refused.child, 'exit');
        assert.equal(code, 1, refused.output());
        const advice = `${variable}=${port + 1} npm start`;
        assert.ok(
          refused.output().includes(`Port ${port} (${what}) is already in use: stop what uses it, or run \`${advice}\`.`),
          refused.output(),
        );

        const advised = start({ [variable]: String(port + 1), [other]: '0' });
        try {
          const [, url] = await waitFor(/pin-control demo:\s+(http:\/\/\S+)/, advised.output, advised.child);
          const [, sandbox] = await waitFor(/sandbox \(issuer\):\s+(http:\/\/\S+)/, advised.output, advised.child);
          const served = new URL(variable === 'PORT' ? url! : sandbox!);
          assert.equal(served.port, String(port + 1));
          // The page lets that sandbox, and only it, in as the PIN frame.
          const page = await fetch(url!);
          assert.equal(page.status, 200);
          assert.match(await page.text(), /<title>Cards and PIN/);
          assert.match(page.headers.get('content-security-policy') ?? '', new RegExp(`frame-src ${sandbox}(;|$)`));
        } finally {
          advised.child.kill('SIGINT');
          const [stopped] = await once(advised.child, 'exit');
          assert.equal(stopped, 0, advised.output());
        }
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }
    });
  }
});
