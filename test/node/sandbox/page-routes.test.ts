// The frame page, the webview page, their assets and the page's own API, on
// a real sandbox: headers, refusals, and the id rules (single use, expiry,
// scope) as the page's script meets them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CspEvaluator } from 'csp_evaluator/dist/evaluator.js';
import { CspParser } from 'csp_evaluator/dist/parser.js';
import { Severity } from 'csp_evaluator/dist/finding.js';
import { ALSO_NOT_PRODUCED, NOT_PRODUCED, PRODUCED, PRODUCED_PIN, startTestSandbox, type TestSandbox } from '../../support/sandbox-node.js';

/** The demo keys may be framed from any loopback origin (a dev server on any port). */
const DEMO_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(' ')];
    }),
  );
}

function configOf(html: string): unknown {
  const match = /<script type="application\/json" id="pin-control-config">([^<]*)<\/script>/.exec(html);
  assert.ok(match, 'the page has its config data block');
  return JSON.parse(match[1]!);
}

function assertNoInlineScript(html: string): void {
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    assert.ok(/\bsrc="\/pincontrol\/v2\/assets\/frame\.js"/.test(tag) || /type="application\/json"/.test(tag), tag);
  }
  assert.ok(!/\son\w+=/i.test(html), 'no inline event handler');
  assert.ok(!/<style|\sstyle=/i.test(html), 'no inline style');
}

describe('sandbox frame page', () => {
  let sandbox: TestSandbox;
  before(async () => (sandbox = await startTestSandbox()));
  after(() => sandbox.close());

  test("is framable only by its key's origins (loopback, any port), under a strict CSP", async () => {
    const response = await fetch(`${sandbox.origin}/pincontrol/v2/frame?key=demo`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    const policy = directives(csp);
    assert.equal(policy.get('frame-ancestors'), DEMO_ORIGINS.join(' '));
    assert.equal(policy.get('default-src'), "'none'");
    assert.equal(policy.get('script-src'), "'self'");
    assert.equal(policy.get('style-src'), "'self'");
    assert.equal(policy.get('connect-src'), "'self'");
    assert.equal(policy.get('base-uri'), "'none'");
    assert.equal(policy.get('form-action'), "'self'");
    assert.equal(policy.get('require-trusted-types-for'), "'script'");
    const findings = new CspEvaluator(new CspParser(csp).csp).evaluate();
    const serious = findings.filter((finding) => finding.severity <= Severity.SYNTAX);
    assert.deepEqual(
      serious.map((finding) => finding.description),
      [],
    );
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-frame-options'), null, 'frame-ancestors decides, not XFO');

    const html = await response.text();
    assert.deepEqual(configOf(html), { mode: 'frame', allowedOrigins: DEMO_ORIGINS });
    assertNoInlineScript(html);
    assert.match(html, /<label class="label" for="pin-input">/);
    assert.match(html, /<input[^>]+inputmode="numeric"[^>]+autocomplete="off"[^>]+maxlength="12"/);
  });

  test('refuses an unknown or missing key (403, never framed)', async () => {
    for (const query of ['?key=nope', '', '?key=', '?key=DEMO']) {
      const response = await fetch(`${sandbox.origin}/pincontrol/v2/frame${query}`);
      assert.equal(response.status, 403, query);
      const csp = directives(response.headers.get('content-security-policy') ?? '');
      assert.equal(csp.get('frame-ancestors'), "'none'");
      assert.equal(csp.get('default-src'), "'none'");
      const html = await response.text();
      assert.ok(!html.includes('<script'), 'the refusal page runs nothing');
    }
  });

  test("links a key's extra stylesheet and serves it", async () => {
    const html = await (await fetch(`${sandbox.origin}/pincontrol/v2/frame?key=demo-branded`)).text();
    assert.match(html, /<link rel="stylesheet" href="\/pincontrol\/v2\/assets\/frame\.css">/);
    assert.match(html, /<link rel="stylesheet" href="\/pincontrol\/v2\/assets\/styles\/branded\.css">/);
    const plain = await (await fetch(`${sandbox.origin}/pincontrol/v2/frame?key=demo`)).text();
    assert.ok(!plain.includes('branded.css'));
    for (const path of ['frame.css', 'styles/branded.css']) {
      const css = await fetch(`${sandbox.origin}/pincontrol/v2/assets/${path}`);
      assert.equal(css.status, 200, path);
      assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    }
    for (const path of ['styles/nope.css', 'styles/..%2Fseed.json', 'styles/..%2F..%2Fpackage.json', 'styles/frame.js']) {
      assert.equal((await fetch(`${sandbox.origin}/pincontrol/v2/assets/${path}`)).status, 404, path);
    }
  });

  test('serves its bundled script, which never logs', async () => {
    const response = await fetch(`${sandbox.origin}/pincontrol/v2/assets/frame.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
    const script = await response.text();
    assert.ok(script.length > 1000);
    assert.ok(!/\bconsole\./.test(script), 'no console call');
    assert.ok(!/'\*'|"\*"/.test(script), "never posts to '*'");
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(script), 'no HTML sinks');
  });
});

describe('sandbox frame API (the page’s own calls)', () => {
  let sandbox: TestSandbox;
  let now = Date.now();
  before(async () => (sandbox = await startTestSandbox({ tokenTtlMs: 30_000, now: () => now })));
  after(() => sandbox.close());

  test('view: shows the seeded PIN once', async () => {
    const id = await sandbox.mintId(PRODUCED, 'VIEW_PIN');
    const check = await sandbox.frameApi('check', { controlId: id, scope: 'VIEW_PIN' });
    assert.equal(check.status, 200);
    const view = await sandbox.frameApi('view', { controlId: id });
    assert.equal(view.status, 200);
    assert.equal(view.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await view.json(), { pin: PRODUCED_PIN });
    const again = await sandbox.frameApi('view', { controlId: id });
    assert.equal(again.status, 410);
    assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'control_id_used');
  });

  test('ids expire after their lifetime', async () => {
    const id = await sandbox.mintId(PRODUCED, 'VIEW_PIN');
    now += 29_000;
    assert.equal((await sandbox.frameApi('check', { controlId: id, scope: 'VIEW_PIN' })).status, 200);
    now += 1_000;
    const view = await sandbox.frameApi('view', { controlId: id });
    assert.equal(view.status, 410);
    assert.equal(((await view.json()) as { error: { code: string } }).error.code, 'control_id_expired');
  });

  test('ids are bound to their scope', async () => {
    const setId = await sandbox.mintId(NOT_PRODUCED, 'SET_PIN');
    const view = await sandbox.frameApi('view', { controlId: setId });
    assert.equal(view.status, 403);
    assert.equal(((await view.json()) as { error: { code: string } }).error.code, 'control_id_wrong_scope');
    const viewId = await sandbox.mintId(PRODUCED, 'VIEW_PIN');
    assert.equal((await sandbox.frameApi('set', { controlId: viewId, pin: '5826' })).status, 403);
    assert.equal((await sandbox.frameApi('check', { controlId: viewId, scope: 'SET_PIN' })).status, 403);
    // Neither refusal used the ids up.
    assert.equal((await sandbox.frameApi('view', { controlId: viewId })).status, 200);
    assert.equal((await sandbox.frameApi('check', { controlId: setId, scope: 'SET_PIN' })).status, 200);
  });

  test('made-up ids are refused', async () => {
    const response = await sandbox.frameApi('view', { controlId: 'A'.repeat(43) });
    assert.equal(response.status, 404);
    for (const controlId of ['short', 'A'.repeat(44), '<script>', 42]) {
      assert.equal((await sandbox.frameApi('view', { controlId })).status, 400, String(controlId));
    }
  });

  test('set: an invalid PIN keeps the id; a valid one is stored, and view after set shows it', async () => {
    const id = await sandbox.mintId(ALSO_NOT_PRODUCED, 'SET_PIN');
    for (const pin of ['1111', '1234', '9876', '12', '1234567890123', 'abcd', '']) {
      const response = await sandbox.frameApi('set', { controlId: id, pin });
      assert.equal(response.status, 422, pin);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid_pin');
    }
    assert.equal((await sandbox.frameApi('set', { controlId: id, pin: '7305' })).status, 200);
    assert.equal((await sandbox.frameApi('set', { controlId: id, pin: '7306' })).status, 410, 'single use');

    // Now produced: no second SET_PIN, and its PIN can be viewed.
    assert.equal((await sandbox.mint(ALSO_NOT_PRODUCED, 'SET_PIN')).status, 409);
    const viewId = await sandbox.mintId(ALSO_NOT_PRODUCED, 'VIEW_PIN');
    assert.deepEqual(await (await sandbox.frameApi('view', { controlId: viewId })).json(), { pin: '7305' });
  });

  test('set: two ids for one plastic; the second set fails once the first has set the PIN', async () => {
    const plastic = '2000000000000003';
    const [first, second] = [await sandbox.mintId(plastic, 'SET_PIN'), await sandbox.mintId(plastic, 'SET_PIN')];
    assert.equal((await sandbox.frameApi('set', { controlId: first, pin: '4680' })).status, 200);
    assert.equal((await sandbox.frameApi('set', { controlId: second, pin: '4681' })).status, 409);
  });

  test('refuses cross-site callers, other media types and bad bodies', async () => {
    const id = await sandbox.mintId(PRODUCED, 'VIEW_PIN');
    const crossSite = await fetch(`${sandbox.origin}/pincontrol/v2/frame/api/view`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' },
      body: JSON.stringify({ controlId: id }),
    });
    assert.equal(crossSite.status, 403);
    const form = await fetch(`${sandbox.origin}/pincontrol/v2/frame/api/view`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ controlId: id }),
    });
    assert.equal(form.status, 415);
    const broken = await fetch(`${sandbox.origin}/pincontrol/v2/frame/api/view`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    assert.equal(broken.status, 400);
    assert.equal((await sandbox.frameApi('check', { controlId: id, scope: 'NOPE' })).status, 400);
    assert.equal((await sandbox.frameApi('view', { controlId: id })).status, 200, 'none of that used the id up');
  });
});

describe('sandbox webview page', () => {
  let sandbox: TestSandbox;
  before(async () => (sandbox = await startTestSandbox()));
  after(() => sandbox.close());

  const postForm = (body: string, contentType = 'application/x-www-form-urlencoded') =>
    fetch(`${sandbox.origin}/pincontrol/v2/webview`, { method: 'POST', headers: { 'Content-Type': contentType }, body });

  test('renders the page for the id’s scope, under a strict CSP that forbids framing', async () => {
    const viewId = await sandbox.mintId(PRODUCED, 'VIEW_PIN');
    const response = await postForm(new URLSearchParams({ controlId: viewId }).toString());
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.equal(directives(csp).get('frame-ancestors'), "'none'");
    assert.equal(directives(csp).get('script-src'), "'self'");
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.deepEqual(configOf(html), { mode: 'webview', operation: 'view-pin', controlId: viewId });
    assertNoInlineScript(html);

    const setId = await sandbox.mintId(NOT_PRODUCED, 'SET_PIN');
    const setPage = await (await postForm(`controlId=${setId}`)).text();
    assert.deepEqual(configOf(setPage), { mode: 'webview', operation: 'set-pin', controlId: setId });
    // Rendering the page does not use the id up.
    assert.equal((await sandbox.frameApi('check', { controlId: viewId, scope: 'VIEW_PIN' })).status, 200);
  });

  test('renders an error page config for an unknown or missing id', async () => {
    for (const body of ['controlId=' + 'B'.repeat(43), 'controlId=%3Cscript%3E', '', 'other=1']) {
      const response = await postForm(body);
      assert.equal(response.status, 200, body);
      const html = await response.text();
      assert.deepEqual(configOf(html), { mode: 'webview', operation: null, controlId: '' });
      assert.ok(!html.includes('<script>'), 'nothing from the request is echoed');
    }
  });

  test('answers 415 for other media types and 413 for big bodies', async () => {
    assert.equal((await postForm('{"controlId":"x"}', 'application/json')).status, 415);
    assert.equal((await postForm(`controlId=${'x'.repeat(5000)}`)).status, 413);
  });
});
