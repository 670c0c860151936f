// The token API of a real sandbox on a free port: every status it answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { basicAuthorization } from '../../../sandbox/auth.js';
import { CONTROL_ID_PATTERN } from '../../../sandbox/control-ids.js';
import { DEMO, NOT_PRODUCED, PRODUCED, startTestSandbox, type TestSandbox } from '../../support/sandbox-node.js';

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(typeof body.error.code, 'string');
  assert.equal(typeof body.error.message, 'string');
  return body.error;
}

describe('sandbox token API', () => {
  let sandbox: TestSandbox;
  before(async () => (sandbox = await startTestSandbox()));
  after(() => sandbox.close());

  test('mints an id with absolute URLs on its own origin (201)', async () => {
    const response = await sandbox.mint(PRODUCED, 'VIEW_PIN');
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(body).sort(), ['id', 'pinFrameURL', 'pinURL']);
    assert.match(body.id!, CONTROL_ID_PATTERN);
    assert.equal(body.pinFrameURL, `${sandbox.origin}/pincontrol/v2/frame`);
    assert.equal(body.pinURL, `${sandbox.origin}/pincontrol/v2/webview`);
    assert.ok(!body.pinFrameURL.includes(body.id!) && !body.pinURL.includes(body.id!), 'the id is in no URL');
    assert.match(sandbox.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(sandbox.origin).port, '0');
  });

  test('mints SET_PIN ids for a plastic not yet produced', async () => {
    assert.equal((await sandbox.mint(NOT_PRODUCED, 'SET_PIN')).status, 201);
  });

  test('mints a new id every time', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => sandbox.mintId(PRODUCED, 'VIEW_PIN')));
    assert.equal(new Set(ids).size, 20);
  });

  test('accepts a Bearer token', async () => {
    const response = await sandbox.mint(PRODUCED, 'VIEW_PIN', { authorization: `Bearer ${DEMO.bearerTokens[0]}` });
    assert.equal(response.status, 201);
  });

  test('answers 401 with a Basic challenge for missing, wrong or malformed credentials', async () => {
    const cases: (string | null)[] = [
      null,
      basicAuthorization(DEMO.username, `${DEMO.password}x`),
      basicAuthorization(`${DEMO.username}x`, DEMO.password),
      basicAuthorization('', ''),
      'Bearer wrong-token',
      'Basic',
      'Basic not base64!',
      `Basic ${Buffer.from(`${DEMO.username}${DEMO.password}`).toString('base64')}`, // no colon
      `Digest username="${DEMO.username}"`,
      DEMO.password,
    ];
    for (const authorization of cases) {
      const response = await sandbox.mint(PRODUCED, 'VIEW_PIN', { authorization });
      assert.equal(response.status, 401, String(authorization));
      assert.match(response.headers.get('www-authenticate') ?? '', /^Basic realm="[^"]+", charset="UTF-8"$/);
      assert.equal((await errorOf(response)).code, 'unauthorized');
    }
  });

  test('checks credentials before anything else', async () => {
    const response = await sandbox.mint('not-digits', 'NOPE', { authorization: null, contentType: 'text/plain', auditUser: null });
    assert.equal(response.status, 401);
  });

  test('answers 400 for a bad body, scope, plastic id or auditUser', async () => {
    const cases: [string, Parameters<TestSandbox['mint']>, string][] = [
      ['not JSON', [PRODUCED, undefined, { body: '{"scope": ' }], 'bad_body'],
      ['a JSON array', [PRODUCED, undefined, { body: '["VIEW_PIN"]' }], 'bad_body'],
      ['a JSON string', [PRODUCED, undefined, { body: '"VIEW_PIN"' }], 'bad_body'],
      ['an empty body', [PRODUCED, undefined, { body: '' }], 'bad_body'],
      ['no scope', [PRODUCED, undefined, { body: '{}' }], 'bad_scope'],
      ['a lower-case scope', [PRODUCED, 'view_pin'], 'bad_scope'],
      ['an unknown scope', [PRODUCED, 'DELETE_PIN'], 'bad_scope'],
      ['a number scope', [PRODUCED, 1], 'bad_scope'],
      ['letters in the plastic id', ['12ab', 'VIEW_PIN'], 'bad_plastic_id'],
      ['a negative plastic id', ['-1', 'VIEW_PIN'], 'bad_plastic_id'],
      ['a decimal plastic id', ['1.5', 'VIEW_PIN'], 'bad_plastic_id'],
      ['a huge plastic id', ['1'.repeat(31), 'VIEW_PIN'], 'bad_plastic_id'],
      ['no auditUser', [PRODUCED, 'VIEW_PIN', { auditUser: null }], 'bad_audit_user'],
      ['an empty auditUser', [PRODUCED, 'VIEW_PIN', { auditUser: '' }], 'bad_audit_user'],
      ['markup in auditUser', [PRODUCED, 'VIEW_PIN', { auditUser: '<b>x</b>' }], 'bad_audit_user'],
    ];
    for (const [what, args, code] of cases) {
      const response = await sandbox.mint(...args);
      assert.equal(response.status, 400, what);
      assert.equal((await errorOf(response)).code, code, what);
    }
  });

  test('answers 404 for an unknown plastic', async () => {
    const response = await sandbox.mint('999999999', 'VIEW_PIN');
    assert.equal(response.status, 404);
    assert.equal((await errorOf(response)).code, 'plastic_not_found');
  });

  test('answers 409 for SET_PIN on a produced plastic, and for VIEW_PIN on one without a PIN', async () => {
    const set = await sandbox.mint(PRODUCED, 'SET_PIN');
    assert.equal(set.status, 409);
    assert.equal((await errorOf(set)).code, 'plastic_produced');
    const view = await sandbox.mint(NOT_PRODUCED, 'VIEW_PIN');
    assert.equal(view.status, 409);
    assert.equal((await errorOf(view)).code, 'plastic_not_produced');
  });

  test('answers 415 for a body that is not JSON', async () => {
    for (const contentType of [null, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const response = await sandbox.mint(PRODUCED, 'VIEW_PIN', { contentType });
      assert.equal(response.status, 415, String(contentType));
      assert.equal((await errorOf(response)).code, 'unsupported_media_type');
    }
    const withCharset = await sandbox.mint(PRODUCED, 'VIEW_PIN', { contentType: 'Application/JSON; charset=utf-8' });
    assert.equal(withCharset.status, 201);
  });

  test('answers 413 for a body over 4 KB, announced or streamed', async () => {
    const big = JSON.stringify({ scope: 'VIEW_PIN', padding: 'x'.repeat(5000) });
    const announced = await sandbox.mint(PRODUCED, 'VIEW_PIN', { body: big });
    assert.equal(announced.status, 413);
    assert.equal((await errorOf(announced)).code, 'payload_too_large');

    const streamed = await fetch(`${sandbox.origin}/pincontrol/v2/plastic/${PRODUCED}?auditUser=t`, {
      method: 'POST',
      headers: { Authorization: basicAuthorization(DEMO.username, DEMO.password), 'Content-Type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
  });

  test('answers 410 for the retired v1 endpoints, pointing to v2', async () => {
    for (const path of ['/v1/card/123', '/v1/card/123/plastic/456']) {
      const response = await fetch(`${sandbox.origin}${path}`, {
        method: 'POST',
        headers: { Authorization: basicAuthorization(DEMO.username, DEMO.password), 'Content-Type': 'application/json' },
        body: JSON.stringify({ scope: 'VIEW_PIN' }),
      });
      assert.equal(response.status, 410, path);
      assert.match(response.headers.get('link') ?? '', /\/pincontrol\/v2\/plastic\/\{plasticId\}>; rel="successor-version"/);
      const error = await errorOf(response);
      assert.equal(error.code, 'gone');
      assert.match(error.message, /\/pincontrol\/v2\/plastic\//);
    }
  });

  test('answers 404 JSON for unknown routes and methods', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/nope'],
      ['GET', `/pincontrol/v2/plastic/${PRODUCED}`],
      ['GET', '/pincontrol/v2/webview'],
    ]) {
      const response = await fetch(`${sandbox.origin}${path}`, { method });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal((await errorOf(response)).code, 'not_found');
    }
  });

  test('sends nosniff and no-referrer on every response', async () => {
    for (const response of [await sandbox.mint(PRODUCED, 'VIEW_PIN'), await fetch(`${sandbox.origin}/nope`)]) {
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('cross-origin-resource-policy'), 'same-origin');
    }
  });
});

describe('sandbox credentials', () => {
  test('accepts a non-ASCII password sent as UTF-8 (RFC 7617)', async () => {
    const credentials = { username: 'kortti-äpp', password: 'pässwörd-€-🔐', bearerTokens: [] };
    const sandbox = await startTestSandbox({ credentials });
    try {
      const good = await sandbox.mint(PRODUCED, 'VIEW_PIN', {
        authorization: basicAuthorization(credentials.username, credentials.password),
      });
      assert.equal(good.status, 201);
      const latin1 = `Basic ${Buffer.from('kortti-äpp:pässwörd-€-🔐', 'latin1').toString('base64')}`;
      assert.equal((await sandbox.mint(PRODUCED, 'VIEW_PIN', { authorization: latin1 })).status, 401);
      // No Bearer tokens configured: none is accepted.
      assert.equal((await sandbox.mint(PRODUCED, 'VIEW_PIN', { authorization: 'Bearer demo-bearer-token' })).status, 401);
    } finally {
      await sandbox.close();
    }
  });
});

describe('sandbox request log', () => {
  test('has one line per request, without control ids, credentials or query strings', async () => {
    const sandbox = await startTestSandbox();
    try {
      const id = await sandbox.mintId(PRODUCED, 'VIEW_PIN');
      const setId = await sandbox.mintId(NOT_PRODUCED, 'SET_PIN');
      await sandbox.mint(PRODUCED, 'VIEW_PIN', { authorization: 'Bearer not-the-token' });
      await sandbox.frameApi('check', { controlId: id, scope: 'VIEW_PIN' });
      await sandbox.frameApi('view', { controlId: id });
      await sandbox.frameApi('view', { controlId: id });
      await sandbox.frameApi('set', { controlId: setId, pin: '1111' });
      await sandbox.frameApi('set', { controlId: setId, pin: '5826' });
      await fetch(`${sandbox.origin}/pincontrol/v2/webview`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ controlId: id }),
      });
      await fetch(`${sandbox.origin}/pincontrol/v2/frame?key=demo&controlId=${id}`);
      assert.equal(sandbox.logs.length, 10);
      for (const line of sandbox.logs) assert.match(line, /^(GET|POST) \/\S* \d{3} \d+ms$/);
      const all = sandbox.logs.join('\n');
      for (const secret of [id, setId, DEMO.password, DEMO.username, 'not-the-token', '4821', '5826', 'auditUser', 'key=']) {
        assert.ok(!all.includes(secret), `the log holds ${secret}`);
      }
    } finally {
      await sandbox.close();
    }
  });
});
