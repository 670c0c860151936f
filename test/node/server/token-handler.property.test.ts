// Property tests of the token endpoint's request checks, end to end through
// createTokenHandler with web-standard Request objects (generated methods,
// headers and bodies, hostile and benign).
//
// Oracle: the handler never throws and always answers JSON with
// Cache-Control: no-store. It answers 200 exactly when the request is a POST,
// carries X-Requested-With: pin-control, an Origin in allowedOrigins, no
// Sec-Fetch-Site other than same-origin/same-site/none, Content-Type
// application/json (charset utf-8 at most), a UTF-8 body of at most 1 KB that
// is JSON of exactly {"scope": "VIEW_PIN" | "SET_PIN"}, and a session. Only
// then is the issuer asked, once, for the session's plastic and the body's
// scope, and the answer is exactly {id, pinFrameURL}. No audit record holds
// the id, the session id or the body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTokenHandler, type AuditRecord } from '../../../src/server/index.js';
import { check, FC_RUNS, runsLabel } from '../../support/properties.js';

const ALLOWED = ['https://bank.example', 'http://localhost:4000'];
const SCOPES = ['VIEW_PIN', 'SET_PIN'];
const SESSION = { sessionId: 'session-7f3a9c-secret', plasticId: '9000000000000001', auditUser: 'fuzz-user' };

// Each part is mostly right (weight 4) and otherwise wrong in one of many
// ways, so runs cover the good path, every single fault and their mixes.
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: bad, weight: 1 });

const method = mostly(
  fc.constantFrom('POST', 'post', 'Post'),
  fc.constantFrom('GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'POSTX', 'POST '),
);
const origin = mostly(
  fc.oneof(
    fc.constantFrom(...ALLOWED),
    fc.constantFrom(...ALLOWED).map((o) => ` ${o} `),
  ),
  fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(...ALLOWED).map((o) => `${o}/`),
    fc.constantFrom(...ALLOWED).map((o) => o.toUpperCase()),
    fc.constantFrom(...ALLOWED).map((o) => `${o}.evil.test`),
    fc.constantFrom(...ALLOWED).map((o) => `${o}, https://evil.test`),
    fc.constantFrom(
      'null',
      '',
      'https://evil.test',
      'http://localhost:4001',
      'https://bank.example:443',
      'http://127.0.0.1:4000',
      'file://',
    ),
    fc.webUrl().map((url) => new URL(url).origin),
    fc.string({ unit: 'binary', maxLength: 30 }),
  ),
);
const csrfHeader = mostly(
  fc.constantFrom('pin-control', ' pin-control '),
  fc.constantFrom(undefined, 'Pin-Control', 'pin-control, x', 'pin-controls', 'XMLHttpRequest', '', 'pin'),
);
const fetchSite = mostly(
  fc.constantFrom(undefined, 'same-origin', 'same-site', 'none'),
  fc.constantFrom('cross-site', 'Same-Origin', 'same-origin, cross-site', 'unknown', ''),
);
const contentType = mostly(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/json;charset="utf-8"',
    'APPLICATION/JSON; CHARSET=UTF-8',
  ),
  fc.constantFrom(
    undefined,
    'text/plain',
    'application/json; charset=latin1',
    'application/jsonp',
    'application/json, text/plain',
    'multipart/form-data',
    'application/x-www-form-urlencoded',
    'application/json; foo=bar',
    'application/json; charset=utf-8; x=1',
    'application/ld+json',
    '',
  ),
);
const goodBody = fc
  .constantFrom(...SCOPES)
  .chain((scope) =>
    fc.constantFrom(JSON.stringify({ scope }), ` { "scope" : "${scope}" } `, `{"scope":"${scope}"}\n`, `{"scope":"\\u0056IEW_PIN"}`),
  );
const body = mostly(
  goodBody,
  fc.oneof(
    fc.constantFrom(...SCOPES).map((scope) => JSON.stringify({ scope, plasticId: '1000000000000001' })),
    fc.constantFrom(...SCOPES).map((scope) => `{"scope":"${scope}","__proto__":{"x":1}}`),
    fc.constantFrom(...SCOPES).map((scope) => `{"scope":"${scope}","scope":"DELETE"}`),
    fc.constantFrom(...SCOPES).map((scope) => `{"scope":"${scope}","constructor":{"prototype":{"admin":true}}}`),
    fc.constantFrom(...SCOPES).map((scope) => JSON.stringify({ scope, padding: 'x'.repeat(1100) })),
    fc.constantFrom(...SCOPES).map((scope) => `${JSON.stringify({ scope })}${' '.repeat(1100)}`),
    fc.constantFrom(
      '{"scope":"view_pin"}',
      '{"scope":"VIEW_PIN "}',
      '{"scope":null}',
      '[{"scope":"VIEW_PIN"}]',
      '"VIEW_PIN"',
      '{}',
      '',
      'null',
    ),
    fc.json({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.uint8Array({ maxLength: 60 }),
    fc.constant(new Uint8Array([0x7b, 0x22, 0x73, 0x63, 0x6f, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), // {"scope":"\xff"}
  ),
);
const tokenRequest = fc.record({
  method,
  origin,
  csrfHeader,
  fetchSite,
  contentType,
  body,
  signedIn: mostly(fc.constant(true), fc.constant(false)),
});

/** The Request as a browser (or a forger) would send it; undefined when fetch itself refuses to build it. */
function buildRequest(r: typeof tokenRequest extends fc.Arbitrary<infer T> ? T : never): Request | undefined {
  const headers = new Headers();
  try {
    if (r.origin !== undefined) headers.set('origin', r.origin);
    if (r.csrfHeader !== undefined) headers.set('x-requested-with', r.csrfHeader);
    if (r.fetchSite !== undefined) headers.set('sec-fetch-site', r.fetchSite);
    if (r.contentType !== undefined) headers.set('content-type', r.contentType);
    const bodyless = ['GET', 'HEAD'].includes(r.method.toUpperCase());
    return new Request('http://localhost:4000/api/pin-control/token', { method: r.method, headers, ...(bodyless ? {} : { body: r.body }) });
  } catch {
    return undefined;
  }
}

/** The spec, from what the handler receives (header values as fetch normalized them). */
async function shouldIssue(request: Request, signedIn: boolean): Promise<'VIEW_PIN' | 'SET_PIN' | undefined> {
  const h = request.headers;
  if (request.method !== 'POST') return undefined;
  if (h.get('x-requested-with') !== 'pin-control') return undefined;
  if (!ALLOWED.includes(h.get('origin') ?? '')) return undefined;
  const site = h.get('sec-fetch-site');
  if (site !== null && !['same-origin', 'same-site', 'none'].includes(site)) return undefined;
  const type = (h.get('content-type') ?? '').toLowerCase().replace(/\s/g, '');
  if (!['application/json', 'application/json;charset=utf-8', 'application/json;charset="utf-8"'].includes(type)) return undefined;
  if (!signedIn) return undefined;
  const bytes = new Uint8Array(await request.clone().arrayBuffer());
  if (bytes.byteLength > 1024) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const keys = Reflect.ownKeys(data);
  const scope = (data as { scope?: unknown }).scope;
  return keys.length === 1 && keys[0] === 'scope' && (scope === 'VIEW_PIN' || scope === 'SET_PIN') ? scope : undefined;
}

test(`token handler: a token only for a same-site JSON POST of exactly {scope} from an allowed origin with the header and a session ${runsLabel()}`, async () => {
  let issued = 0;
  await check(
    fc.asyncProperty(tokenRequest, async (r) => {
      const request = buildRequest(r);
      fc.pre(request !== undefined);
      const expectedScope = await shouldIssue(request, r.signedIn);
      const calls: unknown[] = [];
      const audits: AuditRecord[] = [];
      const id = `ctl-${crypto.randomUUID()}`;
      const handler = createTokenHandler({
        client: {
          async requestControlId(args) {
            calls.push(args);
            return {
              id,
              pinFrameURL: 'https://pin.example.com/frame',
              pinURL: 'https://pin.example.com/webview',
              expiresAt: Date.now() + 30_000,
            };
          },
        },
        allowedOrigins: ALLOWED,
        getSession: () => (r.signedIn ? SESSION : null),
        rateLimit: { limit: 1_000_000_000, windowMs: 60_000 },
        audit: (record) => audits.push(record),
      });
      const response = await handler(request);
      const text = await response.text();
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const answer = JSON.parse(text) as Record<string, unknown>;
      if (expectedScope) {
        issued += 1;
        assert.equal(response.status, 200, `expected a token: ${text}`);
        assert.deepEqual(answer, { id, pinFrameURL: 'https://pin.example.com/frame' });
        assert.deepEqual(calls, [{ plasticId: SESSION.plasticId, scope: expectedScope, auditUser: SESSION.auditUser }]);
      } else {
        assert.notEqual(response.status, 200, `a token it should not give: ${JSON.stringify(r)}`);
        assert.equal(calls.length, 0, 'the issuer was not asked');
        assert.deepEqual(Object.keys(answer), ['error']);
        assert.ok([400, 401, 403, 405, 413, 415].includes(response.status), String(response.status));
      }
      assert.equal(audits.length, 1);
      const audit = JSON.stringify(audits);
      assert.ok(!audit.includes(id) && !audit.includes(SESSION.sessionId), 'the audit holds neither the id nor the session id');
    }),
  );
  assert.ok(
    issued >= FC_RUNS / 10 || process.env.FC_PATH,
    `only ${issued} tokens were issued: the generators are too hostile to test the good path`,
  );
});

test(`token handler: the per-session limit is never exceeded, whatever the order of sessions and time ${runsLabel(Math.ceil(FC_RUNS / 10))}`, async () => {
  const steps = fc.array(
    fc.record({ session: fc.constantFrom('a', 'b', 'c'), advanceMs: fc.constantFrom(0, 0, 0, 1, 999, 5_000, 30_000, 60_000) }),
    { minLength: 1, maxLength: 40 },
  );
  await check(
    fc.asyncProperty(steps, fc.integer({ min: 1, max: 5 }), async (sequence, max) => {
      let clock = 1_700_000_000_000;
      const windowMs = 60_000;
      const handler = createTokenHandler({
        client: {
          requestControlId: async () => ({
            id: `ctl-${crypto.randomUUID()}`,
            pinFrameURL: 'https://pin.example.com/frame',
            pinURL: 'x',
            expiresAt: clock + 30_000,
          }),
        },
        allowedOrigins: ALLOWED,
        getSession: (request) => ({ ...SESSION, sessionId: request.headers.get('x-session')! }),
        rateLimit: { limit: max, windowMs },
        audit: () => {},
        now: () => clock,
      });
      const granted: Record<string, number[]> = {};
      for (const { session, advanceMs } of sequence) {
        clock += advanceMs;
        const response = await handler(
          new Request('http://localhost:4000/api/pin-control/token', {
            method: 'POST',
            headers: { origin: ALLOWED[0]!, 'x-requested-with': 'pin-control', 'content-type': 'application/json', 'x-session': session },
            body: '{"scope":"VIEW_PIN"}',
          }),
        );
        if (response.status === 200) (granted[session] ??= []).push(clock);
        else {
          assert.equal(response.status, 429);
          assert.match(response.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
        }
        const recent = (granted[session] ?? []).filter((time) => time > clock - windowMs);
        assert.ok(recent.length <= max, `${recent.length} tokens for session ${session} within a minute, limit ${max}`);
      }
    }),
    Math.ceil(FC_RUNS / 10),
  );
});
