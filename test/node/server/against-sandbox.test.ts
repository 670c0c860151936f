// The token helper against the real sandbox (the project's issuer stand-in),
// started on a free port: the wire format, both auth schemes and the error
// mapping, end to end.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server.js';
import { createIssuerClient, createTokenHandler, type IssuerCredentials } from '../../../src/server/index.js';
import { errorOf, readJson, tokenRequest, PAGE_ORIGIN } from '../../support/server-fakes.js';

const seed = JSON.parse(readFileSync(new URL('../../../sandbox/seed.json', import.meta.url), 'utf8')) as {
  credentials: { username: string; password: string; bearerTokens: string[] };
};
const PRODUCED = '1000000000000001';
const NOT_PRODUCED = '2000000000000001';

describe('token helper against the sandbox', () => {
  let sandbox: RunningSandbox;
  let utf8Sandbox: RunningSandbox;
  const client = (credentials: IssuerCredentials = seed.credentials, origin = sandbox.origin) =>
    createIssuerClient({ baseUrl: origin, credentials, key: 'demo', timeoutMs: 5000 });

  before(async () => {
    sandbox = await startSandbox({ port: 0, log: () => {} });
    // RFC 7617's own UTF-8 example as the sandbox's credentials.
    utf8Sandbox = await startSandbox({ port: 0, log: () => {}, credentials: { username: 'test', password: '123£', bearerTokens: [] } });
  });
  after(async () => {
    await sandbox?.close();
    await utf8Sandbox?.close();
  });

  test('mints a control id with Basic and with Bearer credentials', async () => {
    for (const credentials of [seed.credentials, { bearerToken: seed.credentials.bearerTokens[0]! }]) {
      const startedAt = Date.now();
      const result = await client(credentials).requestControlId({ plasticId: PRODUCED, scope: 'VIEW_PIN', auditUser: 'alice' });
      assert.match(result.id, /^[\x21-\x7e]+$/);
      assert.equal(result.pinFrameURL, `${sandbox.origin}/pincontrol/v2/frame?key=demo`);
      assert.equal(result.pinURL, `${sandbox.origin}/pincontrol/v2/webview`);
      assert.ok(result.expiresAt >= startedAt + 30_000 && result.expiresAt <= Date.now() + 30_000);
    }
  });

  test('a non-ASCII password reaches the issuer intact (RFC 7617 UTF-8)', async () => {
    const result = await client({ username: 'test', password: '123£' }, utf8Sandbox.origin).requestControlId({
      plasticId: NOT_PRODUCED,
      scope: 'SET_PIN',
      auditUser: 'alice',
    });
    assert.ok(result.id);
  });

  test("the sandbox's refusals map to codes", async () => {
    const wrong = await errorOf(
      client({ username: seed.credentials.username, password: 'wrong' }).requestControlId({
        plasticId: PRODUCED,
        scope: 'VIEW_PIN',
        auditUser: 'alice',
      }),
    );
    assert.equal(wrong.code, 'upstream-unauthorized');
    const unknown = await errorOf(client().requestControlId({ plasticId: '999', scope: 'VIEW_PIN', auditUser: 'alice' }));
    assert.equal(unknown.code, 'upstream-not-found');
    const produced = await errorOf(client().requestControlId({ plasticId: PRODUCED, scope: 'SET_PIN', auditUser: 'alice' }));
    assert.equal(produced.code, 'upstream-conflict');
    assert.equal(produced.status, 409);
  });

  test('the token handler answers {id, pinFrameURL} from the sandbox', async () => {
    const handler = createTokenHandler({
      client: client(),
      allowedOrigins: [PAGE_ORIGIN],
      getSession: () => ({ sessionId: 's1', plasticId: PRODUCED, auditUser: 'alice' }),
      audit: () => {},
    });
    const response = await handler(tokenRequest());
    assert.equal(response.status, 200);
    const body = await readJson(response);
    assert.deepEqual(Object.keys(body).sort(), ['id', 'pinFrameURL']);
    assert.equal(body.pinFrameURL, `${sandbox.origin}/pincontrol/v2/frame?key=demo`);
  });
});
