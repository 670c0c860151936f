// The README's runnable snippets, run as written. Blocks marked
// `<!-- doctest: NAME -->` are extracted: `server` is written to server.ts and
// `quickstart` to index.html in a fresh directory whose node_modules links
// pin-control (this repo, built), hono, @hono/node-server and tsx, as
// `npm i` would give a user; then `node --import tsx server.ts` runs against
// a sandbox on a free port. The one change to the snippets: that port, in
// place of 4100 (tests never take 4100; the server snippet reads it from
// PIN_CONTROL_API_BASE, the page's frame-origins gets it substituted).
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium, noChromium } from '../../support/chromium.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox-node.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const README_SANDBOX = 'http://127.0.0.1:4100';

/** `<!-- doctest: name -->` followed by a fenced block: name → code. */
function doctestBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- doctest: ([\w-]+) -->\s*\n```\w*\n([\s\S]*?)\n```/g)) {
    blocks.set(match[1]!, `${match[2]!}\n`);
  }
  return blocks;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(path) : stat.mtimeMs);
  }
  return newest;
}

/** Builds the package when dist/ is missing or older than src/ (the snippets use the built package). */
function ensureBuilt(): void {
  const outputs = ['dist/server/index.js', 'dist/bundle/pin-control.bundle.js', 'dist/bundle/dompurify.js'].map((file) => join(ROOT, file));
  const stale = outputs.some((file) => !existsSync(file) || statSync(file).mtimeMs < newestMtime(join(ROOT, 'src')));
  if (stale) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('README snippets (doctest)', () => {
  const blocks = doctestBlocks(README);
  let sandbox: TestSandbox;
  let dir: string;
  let child: ChildProcess | undefined;
  let appOrigin: string;
  let output = '';

  before(
    async () => {
      assert.deepEqual([...blocks.keys()].sort(), ['quickstart', 'server'], 'the README marks both snippets');
      ensureBuilt();
      sandbox = await startTestSandbox();
      dir = await mkdtemp(join(tmpdir(), 'pin-control-readme-'));
      await mkdir(join(dir, 'node_modules', '@hono'), { recursive: true });
      await symlink(ROOT, join(dir, 'node_modules', 'pin-control'), 'dir');
      for (const name of ['hono', '@hono/node-server', 'tsx'])
        await symlink(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
      await writeFile(join(dir, 'server.ts'), blocks.get('server')!);
      assert.ok(blocks.get('quickstart')!.includes(README_SANDBOX), 'the page names the sandbox');
      await writeFile(join(dir, 'index.html'), blocks.get('quickstart')!.replaceAll(README_SANDBOX, sandbox.origin));

      const port = await freePort();
      appOrigin = `http://localhost:${port}`;
      child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
        cwd: dir,
        env: { ...process.env, PORT: String(port), PIN_CONTROL_API_BASE: sandbox.origin },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk;
          if (output.includes(`listening on ${appOrigin}`)) resolve();
        };
        child!.stdout!.on('data', onData);
        child!.stderr!.on('data', onData);
        child!.once('exit', (code) => reject(new Error(`server.ts exited (${code}): ${output}`)));
      });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const viewPin = async () => {
    const id = await sandbox.mintId('9000000000000001', 'VIEW_PIN');
    return ((await (await sandbox.frameApi('view', { controlId: id })).json()) as { pin: string }).pin;
  };

  test('server: a real token request succeeds, and the id works at the issuer', async () => {
    const response = await fetch(`${appOrigin}/api/pin-control/token`, {
      method: 'POST',
      headers: { Origin: appOrigin, 'Content-Type': 'application/json', 'X-Requested-With': 'pin-control' },
      body: JSON.stringify({ scope: 'VIEW_PIN' }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const body = (await response.json()) as { id: string; pinFrameURL: string };
    assert.deepEqual(Object.keys(body).sort(), ['id', 'pinFrameURL']);
    assert.equal(body.pinFrameURL, `${sandbox.origin}/pincontrol/v2/frame?key=demo`);
    const view = await sandbox.frameApi('view', { controlId: body.id });
    assert.equal(view.status, 200);
    // And it refuses what it must: another origin.
    const foreign = await fetch(`${appOrigin}/api/pin-control/token`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json', 'X-Requested-With': 'pin-control' },
      body: JSON.stringify({ scope: 'VIEW_PIN' }),
    });
    assert.equal(foreign.status, 403);
  });

  test('quickstart: the page sets a PIN with real keystrokes in Chromium', { skip: noChromium }, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const warnings: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.accept();
      });
      page.on('console', (message) => {
        if (/^Failed to load resource/.test(message.text())) return; // counted by URL below
        if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
      });
      // The browser's own favicon request is the one the snippet does not answer.
      page.on('response', (response) => {
        if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) warnings.push(`${response.status()} ${response.url()}`);
      });
      page.on('pageerror', (error) => warnings.push(error.message));
      await page.goto(`${appOrigin}/`);
      const frame = page.frameLocator('pin-control iframe');
      const input = frame.locator('#pin-input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.click();
      await page.keyboard.type('5739');
      await page.waitForFunction(() => !(document.querySelector('#submit') as HTMLButtonElement).disabled, undefined, { timeout: 5000 });
      await page.locator('#submit').click();
      for (let i = 0; i < 50 && dialogs.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(dialogs, ['PIN set'], output);
      assert.equal(await page.locator('#submit').isDisabled(), true, 'nothing is left to submit after success');
      assert.deepEqual(warnings, []);
      assert.equal(await viewPin(), '5739', 'the sandbox has the new PIN');
    } finally {
      await browser.close();
    }
  });
});
