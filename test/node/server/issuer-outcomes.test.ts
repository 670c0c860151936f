// Every issuer outcome, over real HTTP on loopback, through the whole token
// helper (issuer client + token handler + the default audit sink): the real
// sandbox for what it can produce (401, 404, 409, success), a tiny node:http
// stub issuer for the rest (403, 410, 429, 5xx, a dropped connection, a closed
// port, silence). Each ends in the documented status and code (README: "Errors
// the token endpoint answers"), and neither the answer nor the audit line holds
// the issuer's body, any of its headers, or a control id.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server.js';
import { loadSeed } from '../../../sandbox/seed.js';
import { createIssuerClient, createTokenHandler, type Scope } from '../../../src/server/index.js';
import { captureConsole, CONTROL_ID, PAGE_ORIGIN, readJson, tokenRequest } from '../../support/server-fakes.js';

const BODY_MARKER = 'ISSUER-BODY-MARKER';
const HEADER_MARKER = 'ISSUER-HEADER-MARKER';
const COOKIE_MARKER = 'ISSUER-COOKIE-MARKER';
const REALM_MARKER = 'ISSUER-REALM-MARKER';
/** What the sandbox itself says in its refusals: none of it may travel on. */
const SANDBOX_WORDS = [
  'Missing or wrong credentials',
  'No such plastic',
  'already produced',
  'has no PIN yet',
  'plastic_',
  '"unauthorized"',
  'WWW-Authenticate',
  'realm',
];
const FORBIDDEN = [BODY_MARKER, HEADER_MARKER, COOKIE_MARKER, REALM_MARKER, CONTROL_ID, ...SANDBOX_WORDS];

const PRODUCED = '1000000000000001';
const NOT_PRODUCED = '2000000000000001';

/** The stub issuer: the plastic id in the path picks its answer. */
function stubAnswer(req: IncomingMessage, res: ServerResponse): void {
  const plastic = /\/pincontrol\/v2\/plastic\/(\d+)/.exec(req.url ?? '')?.[1] ?? '';
  const noisy = {
    'content-type': 'application/json',
    'x-issuer-trace': HEADER_MARKER,
    'set-cookie': `issuer=${COOKIE_MARKER}; HttpOnly`,
    'www-authenticate': `Basic realm="${REALM_MARKER}"`,
    link: `<https://issuer.example/${HEADER_MARKER}>; rel="help"`,
  };
  const body = JSON.stringify({ id: CONTROL_ID, error: { code: 'x', message: `${BODY_MARKER} ${CONTROL_ID}` } });
  switch (plastic) {
    case '1': // drop the connection before any answer
      req.socket.destroy();
      return;
    case '2': // never answer
      return;
    case '4291':
      res.writeHead(429, { ...noisy, 'retry-after': '17' }).end(body);
      return;
    case '4292':
      res.writeHead(429, noisy).end(body);
      return;
    case '5031':
      res.writeHead(503, { ...noisy, 'retry-after': '5' }).end(body);
      return;
    default: {
      const status = Number(plastic);
      res.writeHead(status >= 200 && status < 600 ? status : 500, noisy).end(body);
    }
  }
}

interface Outcome {
  what: string;
  issuer: 'sandbox' | 'stub' | 'closed';
  plasticId: string;
  scope: Scope;
  status: number;
  code: string;
  upstreamStatus?: number;
  retryAfter?: string;
  password?: string;
}

const OUTCOMES: Outcome[] = [
  {
    what: 'sandbox 401 (our credentials refused)',
    issuer: 'sandbox',
    plasticId: PRODUCED,
    scope: 'VIEW_PIN',
    password: 'wrong',
    status: 502,
    code: 'upstream-unauthorized',
    upstreamStatus: 401,
  },
  {
    what: 'stub 403 (our client may not do this)',
    issuer: 'stub',
    plasticId: '403',
    scope: 'VIEW_PIN',
    status: 502,
    code: 'upstream-forbidden',
    upstreamStatus: 403,
  },
  {
    what: 'sandbox 404 (unknown plastic)',
    issuer: 'sandbox',
    plasticId: '999',
    scope: 'VIEW_PIN',
    status: 502,
    code: 'upstream-not-found',
    upstreamStatus: 404,
  },
  { what: 'stub 404', issuer: 'stub', plasticId: '404', scope: 'VIEW_PIN', status: 502, code: 'upstream-not-found', upstreamStatus: 404 },
  {
    what: 'sandbox 409 on SET_PIN (card already produced)',
    issuer: 'sandbox',
    plasticId: PRODUCED,
    scope: 'SET_PIN',
    status: 409,
    code: 'pin-not-settable',
    upstreamStatus: 409,
  },
  {
    what: 'sandbox 409 on VIEW_PIN (no PIN yet)',
    issuer: 'sandbox',
    plasticId: NOT_PRODUCED,
    scope: 'VIEW_PIN',
    status: 409,
    code: 'pin-not-viewable',
    upstreamStatus: 409,
  },
  { what: 'stub 409', issuer: 'stub', plasticId: '409', scope: 'SET_PIN', status: 409, code: 'pin-not-settable', upstreamStatus: 409 },
  {
    what: 'stub 410 (endpoint retired)',
    issuer: 'stub',
    plasticId: '410',
    scope: 'VIEW_PIN',
    status: 502,
    code: 'upstream-gone',
    upstreamStatus: 410,
  },
  { what: 'stub 400', issuer: 'stub', plasticId: '400', scope: 'VIEW_PIN', status: 502, code: 'upstream-bad-request', upstreamStatus: 400 },
  {
    what: 'stub 429 with Retry-After: 17',
    issuer: 'stub',
    plasticId: '4291',
    scope: 'VIEW_PIN',
    status: 503,
    code: 'upstream-rate-limited',
    upstreamStatus: 429,
    retryAfter: '17',
  },
  {
    what: 'stub 429 without Retry-After',
    issuer: 'stub',
    plasticId: '4292',
    scope: 'VIEW_PIN',
    status: 503,
    code: 'upstream-rate-limited',
    upstreamStatus: 429,
    retryAfter: '10',
  },
  { what: 'stub 500', issuer: 'stub', plasticId: '500', scope: 'VIEW_PIN', status: 502, code: 'upstream-error', upstreamStatus: 500 },
  { what: 'stub 501', issuer: 'stub', plasticId: '501', scope: 'VIEW_PIN', status: 502, code: 'upstream-error', upstreamStatus: 501 },
  { what: 'stub 502', issuer: 'stub', plasticId: '502', scope: 'VIEW_PIN', status: 503, code: 'upstream-unavailable', upstreamStatus: 502 },
  {
    what: 'stub 503 with Retry-After: 5',
    issuer: 'stub',
    plasticId: '5031',
    scope: 'VIEW_PIN',
    status: 503,
    code: 'upstream-unavailable',
    upstreamStatus: 503,
    retryAfter: '5',
  },
  { what: 'stub 503', issuer: 'stub', plasticId: '503', scope: 'VIEW_PIN', status: 503, code: 'upstream-unavailable', upstreamStatus: 503 },
  { what: 'stub 504', issuer: 'stub', plasticId: '504', scope: 'VIEW_PIN', status: 503, code: 'upstream-unavailable', upstreamStatus: 504 },
  {
    what: 'stub 302 (a redirect is not followed)',
    issuer: 'stub',
    plasticId: '302',
    scope: 'VIEW_PIN',
    status: 502,
    code: 'upstream-error',
    upstreamStatus: 302,
  },
  {
    what: 'stub 201 without the fields',
    issuer: 'stub',
    plasticId: '201',
    scope: 'VIEW_PIN',
    status: 502,
    code: 'upstream-response-invalid',
    upstreamStatus: 201,
  },
  {
    what: 'connection dropped (network failure)',
    issuer: 'stub',
    plasticId: '1',
    scope: 'VIEW_PIN',
    status: 502,
    code: 'upstream-unreachable',
  },
  {
    what: 'nothing listening (connection refused)',
    issuer: 'closed',
    plasticId: PRODUCED,
    scope: 'VIEW_PIN',
    status: 502,
    code: 'upstream-unreachable',
  },
  { what: 'no answer within timeoutMs', issuer: 'stub', plasticId: '2', scope: 'VIEW_PIN', status: 504, code: 'upstream-timeout' },
];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('token helper: every issuer outcome over loopback → status and code, nothing of the issuer passed on', () => {
  const credentials = loadSeed({}).credentials;
  let sandbox: RunningSandbox;
  let stub: Server;
  let stubOrigin: string;
  let closedOrigin: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0, log: () => {} });
    stub = createServer(stubAnswer);
    stubOrigin = await listen(stub);
    const closed = createServer();
    closedOrigin = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
  });
  after(async () => {
    await sandbox?.close();
    stub?.closeAllConnections();
    await new Promise((resolve) => stub?.close(resolve) ?? resolve(undefined));
  });

  for (const outcome of OUTCOMES) {
    test(`${outcome.what} → ${outcome.status} ${outcome.code}`, async () => {
      const baseUrl = { sandbox: sandbox.origin, stub: stubOrigin, closed: closedOrigin }[outcome.issuer];
      const client = createIssuerClient({
        baseUrl,
        credentials: { username: credentials.username, password: outcome.password ?? credentials.password },
        timeoutMs: outcome.plasticId === '2' ? 300 : 5000,
      });
      // The default audit sink (one JSON line through console.info), captured.
      const handler = createTokenHandler({
        client,
        allowedOrigins: [PAGE_ORIGIN],
        getSession: () => ({ sessionId: 'session-1', plasticId: outcome.plasticId, auditUser: 'alice' }),
      });
      const consoleLines = captureConsole();
      let response: Response;
      try {
        response = await handler(tokenRequest({ body: JSON.stringify({ scope: outcome.scope }) }));
      } finally {
        consoleLines.restore();
      }
      const text = await response.clone().text();
      const body = await readJson(response);

      assert.equal(response.status, outcome.status);
      assert.equal(body.error.code, outcome.code);
      assert.deepEqual(Object.keys(body), ['error']);
      assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message']);
      assert.equal(response.headers.get('retry-after'), outcome.retryAfter ?? null);
      assert.deepEqual(
        [...response.headers.keys()].sort(),
        ['cache-control', 'content-type', ...(outcome.retryAfter ? ['retry-after'] : []), 'x-content-type-options'],
        'only our own headers',
      );

      assert.equal(consoleLines.lines.length, 1, 'one audit line');
      const auditLine = consoleLines.lines[0]!;
      const audit = JSON.parse(auditLine);
      assert.equal(audit.outcome, outcome.code);
      assert.equal(audit.status, outcome.status);
      assert.equal(audit.scope, outcome.scope);
      assert.equal(audit.upstreamStatus, outcome.upstreamStatus);

      const headerText = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
      for (const [where, seen] of [
        ['body', text],
        ['headers', headerText],
        ['audit line', auditLine],
      ] as const) {
        for (const secret of FORBIDDEN) assert.ok(!seen.includes(secret), `${where} holds "${secret}": ${seen}`);
      }
    });
  }

  test('the same helper answers 200 {id, pinFrameURL} from the sandbox, and the audit line holds no id', async () => {
    const handler = createTokenHandler({
      client: createIssuerClient({ baseUrl: sandbox.origin, credentials, key: 'demo' }),
      allowedOrigins: [PAGE_ORIGIN],
      getSession: () => ({ sessionId: 'session-1', plasticId: PRODUCED, auditUser: 'alice' }),
    });
    const consoleLines = captureConsole();
    let response: Response;
    try {
      response = await handler(tokenRequest());
    } finally {
      consoleLines.restore();
    }
    assert.equal(response.status, 200);
    const { id } = await readJson(response);
    assert.ok(typeof id === 'string' && id.length > 8);
    assert.equal(consoleLines.lines.length, 1);
    assert.ok(!consoleLines.lines[0]!.includes(id));
    assert.equal(JSON.parse(consoleLines.lines[0]!).outcome, 'issued');
  });
});
