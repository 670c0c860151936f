// Credentials, the control id and the issuer's body must never appear in an
// error response, any response header, an error's message or properties, an
// audit record or anything written to the console. This drives every path
// with the default audit sink (console.info) and scans everything captured.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenHandler, encodeBasicCredentials, type IssuerCredentials } from '../../../src/server/index.js';
import {
  captureConsole,
  CONTROL_ID,
  errorOf,
  fakeFetch,
  FRAME_URL,
  hangingFetch,
  issuerReply,
  PAGE_ORIGIN,
  testClient,
  tokenRequest,
} from '../../support/server-fakes.js';

const USERNAME = 'bank-backend';
const PASSWORD = 'pässwörd-£-Hunter2-SECRET';
const BEARER = 'bearer-token-SECRET-0123456789';
const BASIC = encodeBasicCredentials(USERNAME, PASSWORD);
const UPSTREAM_MARKER = 'UPSTREAM-BODY-MARKER';
const SESSION_ID = 'session-id-SECRET-abcdef';
const COOKIE = 'sid=cookie-SECRET-zyx';

const SECRETS = [PASSWORD, BASIC, BEARER, CONTROL_ID, UPSTREAM_MARKER, SESSION_ID, COOKIE, `${USERNAME}:${PASSWORD}`];

/** Every way the issuer can answer, each carrying the id and a marker in its body. */
const ISSUER_ANSWERS: Array<[string, () => Response | Promise<Response>]> = [
  ['success', () => issuerReply(201)],
  ...[400, 401, 403, 404, 409, 410, 413, 415, 429, 500, 502, 503].map(
    (status) =>
      [`HTTP ${status}`, () => issuerReply(status, { error: { code: 'x', message: `${UPSTREAM_MARKER} ${CONTROL_ID}` } })] as [
        string,
        () => Response,
      ],
  ),
  ['non-JSON', () => issuerReply(201, `<html>${UPSTREAM_MARKER} ${CONTROL_ID}</html>`)],
  ['wrong shape', () => issuerReply(201, { id: CONTROL_ID, note: UPSTREAM_MARKER })],
  ['id of the wrong type', () => issuerReply(201, { id: [CONTROL_ID, UPSTREAM_MARKER], pinFrameURL: FRAME_URL })],
  ['bad pinFrameURL', () => issuerReply(201, { id: CONTROL_ID, pinFrameURL: `${UPSTREAM_MARKER} ${CONTROL_ID}` })],
  ['network error', () => Promise.reject(new TypeError(`fetch failed ${UPSTREAM_MARKER}`, { cause: new Error(BASIC) }))],
];

function scan(where: string, text: string, secrets = SECRETS) {
  for (const secret of secrets)
    assert.ok(!text.includes(secret), `${where} contains a secret (${secret.slice(0, 12)}…): ${text.slice(0, 200)}`);
}

function errorText(error: unknown): string {
  const record = error as Record<string, unknown>;
  return [String(error), JSON.stringify(error), String(record.stack), ...Object.values(record).map(String)].join('\n');
}

function headersText(response: Response): string {
  return [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
}

describe('no secret in any response, error, audit record or log line', () => {
  for (const credentials of [{ username: USERNAME, password: PASSWORD }, { bearerToken: BEARER }] as IssuerCredentials[]) {
    const kind = 'bearerToken' in credentials ? 'bearer' : 'basic';

    test(`issuer client errors (${kind} credentials)`, async () => {
      const console = captureConsole();
      try {
        for (const [what, respond] of [...ISSUER_ANSWERS.slice(1), ['timeout', () => new Promise<Response>(() => {})] as const]) {
          const client = testClient(fakeFetch(respond).fetch, { credentials, timeoutMs: 30 });
          const error = await errorOf(client.requestControlId({ plasticId: '1234', scope: 'VIEW_PIN', auditUser: 'alice' }));
          scan(`the error for ${what}`, errorText(error));
        }
        for (const bad of ['http://api.example.com', `https://${USERNAME}:${encodeURIComponent(PASSWORD)}@api.example.com`]) {
          try {
            testClient(fakeFetch(() => issuerReply(201)).fetch, { credentials, baseUrl: bad });
            assert.fail('expected invalid-config');
          } catch (error) {
            scan('a config error', errorText(error), [...SECRETS, encodeURIComponent(PASSWORD)]);
          }
        }
      } finally {
        console.restore();
      }
      for (const line of console.lines) scan('a console line', line);
    });

    test(`token handler, every path, default audit sink (${kind} credentials)`, async () => {
      const console = captureConsole();
      const answers: Response[] = [];
      try {
        const requests = [
          tokenRequest({ headers: { cookie: COOKIE } }),
          tokenRequest({ headers: { cookie: COOKIE, origin: 'https://evil.example' } }),
          tokenRequest({ headers: { cookie: COOKIE, 'x-requested-with': null } }),
          tokenRequest({ headers: { cookie: COOKIE, 'sec-fetch-site': 'cross-site' } }),
          tokenRequest({ headers: { cookie: COOKIE }, body: `{"scope":"VIEW_PIN","plasticId":"1","x":"${UPSTREAM_MARKER}"}` }),
          tokenRequest({ headers: { cookie: COOKIE }, body: 'x'.repeat(5000) }),
          tokenRequest({ headers: { cookie: COOKIE }, method: 'GET' }),
        ];
        for (const [, respond] of ISSUER_ANSWERS) {
          const handler = createTokenHandler({
            client: testClient(fakeFetch(respond).fetch, { credentials }),
            allowedOrigins: [PAGE_ORIGIN],
            getSession: async (request) =>
              request.headers.get('cookie') === COOKIE ? { sessionId: SESSION_ID, plasticId: '1234', auditUser: 'alice' } : null,
            rateLimit: { limit: 100, windowMs: 60_000 },
          });
          for (const request of [tokenRequest({ headers: { cookie: COOKIE } }), ...requests.map((r) => r.clone())]) {
            answers.push(await handler(request));
          }
        }
        const timeoutHandler = createTokenHandler({
          client: testClient(hangingFetch().fetch, { credentials, timeoutMs: 30 }),
          allowedOrigins: [PAGE_ORIGIN],
          getSession: () => ({ sessionId: SESSION_ID, plasticId: '1234', auditUser: 'alice' }),
        });
        answers.push(await timeoutHandler(tokenRequest()));
        const limited = createTokenHandler({
          client: testClient(fakeFetch(() => issuerReply(201)).fetch, { credentials }),
          allowedOrigins: [PAGE_ORIGIN],
          getSession: () => ({ sessionId: SESSION_ID, plasticId: '1234', auditUser: 'alice' }),
          rateLimit: { limit: 1, windowMs: 60_000 },
        });
        answers.push(await limited(tokenRequest()), await limited(tokenRequest()));
      } finally {
        console.restore();
      }

      let issued = 0;
      for (const response of answers) {
        scan(`the headers of a ${response.status}`, headersText(response));
        const body = await response.text();
        if (response.status === 200) {
          issued += 1;
          // The one place the id belongs: the success body, and nothing else there.
          assert.deepEqual(Object.keys(JSON.parse(body)).sort(), ['id', 'pinFrameURL']);
          scan(
            'a success body',
            body,
            SECRETS.filter((secret) => secret !== CONTROL_ID),
          );
        } else {
          scan(`a ${response.status} body`, body);
        }
      }
      assert.ok(issued >= 3, 'the success paths ran');
      assert.ok(answers.some((r) => r.status === 429) && answers.some((r) => r.status === 504));

      // The default sink wrote one JSON audit line per request, and nothing else was logged.
      const auditLines = console.lines.filter((line) => line.includes('"pin-control.token"'));
      assert.equal(auditLines.length, answers.length);
      assert.equal(console.lines.length, answers.length);
      for (const line of console.lines) scan('a console line', line);
      const outcomes = new Set(auditLines.map((line) => JSON.parse(line).outcome));
      for (const expected of [
        'issued',
        'origin-refused',
        'csrf-header-required',
        'cross-site-refused',
        'invalid-body',
        'payload-too-large',
        'method-not-allowed',
        'upstream-unauthorized',
        'upstream-timeout',
        'rate-limited',
      ]) {
        assert.ok(outcomes.has(expected), `an audit line for ${expected}`);
      }
    });
  }
});
