// `npm run sandbox` (sandbox/main.ts) as a real process: port from --port or
// SANDBOX_PORT, prints its URL, answers, and stops cleanly on SIGINT/SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { startSandbox } from '../../../sandbox/server.js';

const MAIN = new URL('../../../sandbox/main.ts', import.meta.url).pathname;

function run(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string; url: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`exited early: ${output}`)));
  });
  url.catch(() => {}); // not every test waits for the URL
  return { child, output: () => output, url };
}

describe('npm run sandbox', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`starts on --port, answers, and stops on ${signal}`, async () => {
      const { child, url, output } = run(['--port', '0']);
      const origin = await url;
      assert.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${origin}/v1/card/1`, { method: 'POST' });
      assert.equal(response.status, 410);
      child.kill(signal);
      const [code] = await once(child, 'exit');
      assert.equal(code, 0, output());
      assert.match(output(), /POST \/v1\/card\/1 410/);
    });
  }

  test('takes its port from SANDBOX_PORT', async () => {
    // Find a free port, release it, and hand it over.
    const probe = await startSandbox({ port: 0, log: () => {} });
    const port = new URL(probe.origin).port;
    await probe.close();
    const { child, url } = run([], { SANDBOX_PORT: port });
    try {
      assert.equal(await url, `http://127.0.0.1:${port}`);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test('says so when the port is taken', async () => {
    const taken = await startSandbox({ port: 0, log: () => {} });
    try {
      const port = Number(new URL(taken.origin).port);
      const { child, output } = run(['--port', String(port)]);
      const [code] = await once(child, 'exit');
      assert.equal(code, 1);
      assert.ok(
        output().includes(`Port ${port} is already in use: stop what uses it, or run \`npm run sandbox -- --port ${port + 1}\`.`),
        output(),
      );
    } finally {
      await taken.close();
    }
  });
});
