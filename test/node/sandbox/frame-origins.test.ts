// A sandbox any dev server can use: the demo keys may be framed from any
// loopback origin (a Vite dev server on 5173, `ng serve` on 4200), never from
// another site by default; SANDBOX_FRAME_ORIGINS and --frame-origin add
// origins. Checked as rules, as the CSP the page is served with, and in a real
// Chromium where the parent pages are answered by playwright (no port taken).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { isFromAllowedParent } from '../../../sandbox/client/messages.js';
import { isOriginSource, LOOPBACK_ORIGINS, originAllowed, parseFrameOrigins } from '../../../sandbox/frame-origins.js';
import { launchChromium, noChromium } from '../../support/chromium.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox-node.js';

const MAIN = new URL('../../../sandbox/main.ts', import.meta.url).pathname;
const TEST_PLASTIC = '9000000000000001';

function frameAncestors(response: Response): string[] {
  const csp = response.headers.get('content-security-policy') ?? '';
  const directive = csp
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('frame-ancestors '));
  return directive ? directive.split(/\s+/).slice(1) : [];
}

describe('frame origin sources (rules)', () => {
  test('loopback on any port matches; look-alikes and other sites do not', () => {
    for (const origin of ['http://localhost:5173', 'http://localhost:4200', 'http://127.0.0.1:8080', 'http://localhost']) {
      assert.ok(originAllowed(origin, LOOPBACK_ORIGINS), origin);
    }
    for (const origin of [
      'https://evil.example',
      'https://localhost:5173', // another scheme is another origin
      'http://localhost.evil.example',
      'http://localhost.evil.example:5173',
      'http://localhost:5173.evil.example',
      'http://127.0.0.1.evil.example:80',
      'http://localhost:',
      'http://localhost:5173/',
      'null',
      '',
    ]) {
      assert.ok(!originAllowed(origin, LOOPBACK_ORIGINS), origin);
    }
    assert.ok(originAllowed('https://bank.example', ['https://bank.example']));
    assert.ok(!originAllowed('https://bank.example:8443', ['https://bank.example']));
  });

  test('only exact origins or host:* are sources', () => {
    for (const source of ['https://bank.example', 'http://localhost:5173', 'http://localhost:*', 'http://192.168.1.20:*']) {
      assert.ok(isOriginSource(source), source);
    }
    for (const source of [
      '*',
      'http://*',
      'https://*.example',
      "'self'",
      "'none'",
      'http://localhost:5173/path',
      'http://localhost:5173:*',
      'ftp://x.example',
      'localhost:5173',
      'http://user@localhost:*',
    ]) {
      assert.ok(!isOriginSource(source), source);
    }
    assert.deepEqual(parseFrameOrigins(['https://a.example, https://b.example  http://10.0.0.2:*', 'https://a.example']), [
      'https://a.example',
      'https://b.example',
      'http://10.0.0.2:*',
    ]);
    assert.throws(() => parseFrameOrigins(['https://a.example *']), /Not an origin/);
  });

  test("the page's script takes a message only from its parent window and an allowed origin", () => {
    const parent = {};
    assert.ok(isFromAllowedParent({ origin: 'http://localhost:5173', source: parent }, parent, LOOPBACK_ORIGINS));
    assert.ok(!isFromAllowedParent({ origin: 'https://evil.example', source: parent }, parent, LOOPBACK_ORIGINS));
    assert.ok(!isFromAllowedParent({ origin: 'http://localhost:5173', source: {} }, parent, LOOPBACK_ORIGINS));
    assert.ok(!isFromAllowedParent({ origin: 'http://localhost:5173', source: null }, null, LOOPBACK_ORIGINS));
  });
});

describe('sandbox: who may frame the demo keys', () => {
  let sandbox: TestSandbox;
  before(async () => (sandbox = await startTestSandbox()));
  after(() => sandbox.close());

  test('demo and demo-branded: any loopback origin, nothing else', async () => {
    for (const key of ['demo', 'demo-branded']) {
      const response = await fetch(`${sandbox.origin}/pincontrol/v2/frame?key=${key}`);
      assert.equal(response.status, 200);
      assert.deepEqual(frameAncestors(response), ['http://localhost:*', 'http://127.0.0.1:*'], key);
    }
  });

  test('frameOrigins adds origins to every key', async () => {
    const wider = await startTestSandbox({ frameOrigins: ['https://dev.bank.example', 'http://192.168.1.20:*'] });
    try {
      const response = await fetch(`${wider.origin}/pincontrol/v2/frame?key=demo`);
      assert.deepEqual(frameAncestors(response), [
        'http://localhost:*',
        'http://127.0.0.1:*',
        'https://dev.bank.example',
        'http://192.168.1.20:*',
      ]);
    } finally {
      await wider.close();
    }
    await assert.rejects(() => startTestSandbox({ frameOrigins: ['*'] }), /Not an origin/);
  });
});

describe('npm run sandbox: SANDBOX_FRAME_ORIGINS and --frame-origin', () => {
  function run(
    args: string[],
    env: Record<string, string>,
  ): Promise<{ origin?: string; code?: number | null; output: string; stop: () => Promise<void> }> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const stop = async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    };
    return new Promise((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk;
        const match = /listening on (http:\/\/[0-9.:]+)/.exec(output);
        if (match) resolve({ origin: match[1]!, output, stop });
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => resolve({ code, output, stop }));
    });
  }

  test('both add origins, beside the loopback default', async () => {
    const started = await run(['--frame-origin', 'https://flag.example', '--frame-origin', 'http://10.0.0.7:*'], {
      SANDBOX_FRAME_ORIGINS: 'https://env-one.example, https://env-two.example',
    });
    try {
      assert.ok(started.origin, started.output);
      const response = await fetch(`${started.origin}/pincontrol/v2/frame?key=demo`);
      assert.deepEqual(frameAncestors(response), [
        'http://localhost:*',
        'http://127.0.0.1:*',
        'https://env-one.example',
        'https://env-two.example',
        'https://flag.example',
        'http://10.0.0.7:*',
      ]);
    } finally {
      await started.stop();
    }
  });

  test('refuses something that is not an origin', async () => {
    const result = await run([], { SANDBOX_FRAME_ORIGINS: 'https://ok.example *' });
    await result.stop();
    assert.equal(result.code, 2, result.output);
    assert.match(result.output, /Invalid SANDBOX_FRAME_ORIGINS or --frame-origin/);
  });
});

describe('sandbox-only test plastic 9000000000000001', () => {
  let sandbox: TestSandbox;
  before(async () => (sandbox = await startTestSandbox()));
  after(() => sandbox.close());

  const viewPin = async () =>
    (await (await sandbox.frameApi('view', { controlId: await sandbox.mintId(TEST_PLASTIC, 'VIEW_PIN') })).json()) as { pin: string };

  test('shows 6394, can be set again and again, and view shows the latest', async () => {
    assert.deepEqual(await viewPin(), { pin: '6394' });
    for (const pin of ['5739', '8024', '5739']) {
      const id = await sandbox.mintId(TEST_PLASTIC, 'SET_PIN');
      assert.equal((await sandbox.frameApi('set', { controlId: id, pin })).status, 200, pin);
      assert.deepEqual(await viewPin(), { pin });
    }
    // The PIN rules and the id rules still hold for it.
    const id = await sandbox.mintId(TEST_PLASTIC, 'SET_PIN');
    assert.equal((await sandbox.frameApi('set', { controlId: id, pin: '1234' })).status, 422);
    assert.equal((await sandbox.frameApi('set', { controlId: id, pin: '6394' })).status, 200);
    assert.equal((await sandbox.frameApi('set', { controlId: id, pin: '6395' })).status, 410, 'an id still works once');
  });

  test('the other plastics stay faithful to the issuer: produced after one set', async () => {
    const plastic = '2000000000000001';
    const id = await sandbox.mintId(plastic, 'SET_PIN');
    assert.equal((await sandbox.frameApi('set', { controlId: id, pin: '7305' })).status, 200);
    assert.equal((await sandbox.mint(plastic, 'SET_PIN')).status, 409);
    assert.equal((await sandbox.mint('1000000000000001', 'SET_PIN')).status, 409);
  });
});

describe('sandbox framed in Chromium from dev-server origins', { skip: noChromium }, () => {
  let sandbox: TestSandbox;
  let browser: Browser;
  before(async () => {
    sandbox = await startTestSandbox();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  /**
   * A page answered by playwright has no address, so Chromium's Local Network
   * Access checks count it as public and would block any frame from the
   * sandbox on loopback before its CSP is even read. A real dev server on
   * loopback is not blocked; granting the permission stands in for that, and
   * leaves frame-ancestors as the only thing that decides.
   */
  const newPage = async () => (await browser.newContext({ permissions: ['local-network-access'] })).newPage();

  /** A parent page at `origin` (answered by playwright) frames `key=demo` and posts a view operation. */
  async function frameFrom(page: Page, origin: string): Promise<{ replies: unknown[]; framed: boolean }> {
    await page.route(`${origin}/`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>dev server</title><script>
          window.replies = [];
          addEventListener('message', (e) => { if (e.source === document.querySelector('iframe')?.contentWindow) replies.push({ data: e.data, origin: e.origin }); });
        </script>`,
      }),
    );
    await page.goto(`${origin}/`);
    await page.evaluate(
      (src) =>
        new Promise((resolve) => {
          const frame = document.createElement('iframe');
          frame.referrerPolicy = 'no-referrer'; // as the element frames it
          frame.src = src;
          frame.addEventListener('load', resolve, { once: true });
          document.body.append(frame);
        }),
      `${sandbox.origin}/pincontrol/v2/frame?key=demo`,
    );
    const framed = page
      .frames()
      .some((frame) => frame.url().startsWith(`${sandbox.origin}/pincontrol/v2/frame`) && frame.url() !== 'about:blank');
    const controlId = await sandbox.mintId(TEST_PLASTIC, 'VIEW_PIN');
    await page.evaluate(
      ([id, target]) => document.querySelector('iframe')!.contentWindow!.postMessage({ operation: 'view-pin', controlId: id }, target!),
      [controlId, sandbox.origin],
    );
    await page
      .waitForFunction(() => (window as unknown as { replies: unknown[] }).replies.length > 0, undefined, { timeout: 3000 })
      .catch(() => {});
    const replies = await page.evaluate(() => (window as unknown as { replies: unknown[] }).replies);
    return { replies, framed };
  }

  for (const origin of ['http://localhost:5173', 'http://localhost:4200', 'http://127.0.0.1:5173']) {
    test(`${origin} may frame key=demo; the reply goes to it exactly`, async () => {
      const page = await newPage();
      try {
        const { replies, framed } = await frameFrom(page, origin);
        assert.ok(framed, 'the frame page loaded');
        assert.deepEqual(replies, [{ data: { event: 'view_pin_success' }, origin: sandbox.origin }]);
        const frame = page.frames().find((candidate) => candidate.url().startsWith(sandbox.origin))!;
        assert.equal(await frame.locator('#pin').textContent(), '6394');
      } finally {
        await page.context().close();
      }
    });
  }

  test('https://evil.example may not frame key=demo', async () => {
    const page = await newPage();
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    try {
      const { replies, framed } = await frameFrom(page, 'https://evil.example');
      assert.equal(framed, false, 'the browser refused the frame');
      assert.deepEqual(replies, []);
      assert.equal(refusals.length, 1, 'refused by frame-ancestors');
    } finally {
      await page.context().close();
    }
  });
});
