// The token endpoint's refusal matrix, shared by the tests of both adapters
// (test/node/server/token-handler.test.ts for the Fetch handler,
// node-handler.test.ts for the Node one), so they cannot drift apart: each
// request the browser could send, and each answer the issuer could give,
// with the status and code the endpoint must answer.
import { CONTROL_ID, PAGE_ORIGIN, issuerReply, type TokenRequestInit } from './server-fakes.js';

/** Requests refused before the issuer is called: [what, request, status, code]. */
export const REQUEST_REFUSALS: ReadonlyArray<readonly [what: string, init: TokenRequestInit, status: number, code: string]> = [
  ['no custom header', { headers: { 'x-requested-with': null } }, 403, 'csrf-header-required'],
  ['a wrong custom header value', { headers: { 'x-requested-with': 'XMLHttpRequest' } }, 403, 'csrf-header-required'],
  ['a wrong origin', { headers: { origin: 'https://evil.example' } }, 403, 'origin-refused'],
  ['a look-alike origin (trailing slash)', { headers: { origin: `${PAGE_ORIGIN}/` } }, 403, 'origin-refused'],
  ['an origin that differs in port', { headers: { origin: `${PAGE_ORIGIN}:8443` } }, 403, 'origin-refused'],
  ['an opaque origin ("null")', { headers: { origin: 'null' } }, 403, 'origin-refused'],
  ['no origin', { headers: { origin: null } }, 403, 'origin-missing'],
  ['Sec-Fetch-Site: cross-site', { headers: { 'sec-fetch-site': 'cross-site' } }, 403, 'cross-site-refused'],
  ['an unknown Sec-Fetch-Site value', { headers: { 'sec-fetch-site': 'cross-origin' } }, 403, 'cross-site-refused'],
  ['GET', { method: 'GET' }, 405, 'method-not-allowed'],
  ['PUT', { method: 'PUT' }, 405, 'method-not-allowed'],
  ['OPTIONS (no CORS preflight is ever granted)', { method: 'OPTIONS', body: null }, 405, 'method-not-allowed'],
  ['text/plain (a "simple" cross-site form/fetch)', { headers: { 'content-type': 'text/plain' } }, 415, 'unsupported-media-type'],
  [
    'a form encoding',
    { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'scope=VIEW_PIN' },
    415,
    'unsupported-media-type',
  ],
  ['no content type', { headers: { 'content-type': null } }, 415, 'unsupported-media-type'],
  [
    'application/json with another charset',
    { headers: { 'content-type': 'application/json; charset=latin1' } },
    415,
    'unsupported-media-type',
  ],
  ['an oversized body', { body: JSON.stringify({ scope: 'VIEW_PIN', pad: 'x'.repeat(2000) }) }, 413, 'payload-too-large'],
  ['a plasticId in the body', { body: '{"scope":"VIEW_PIN","plasticId":"4000999999999999"}' }, 400, 'invalid-body'],
  ['an unknown key in the body', { body: '{"scope":"VIEW_PIN","extra":1}' }, 400, 'invalid-body'],
  ['an unknown scope', { body: '{"scope":"ADMIN"}' }, 400, 'invalid-body'],
  ['a lowercase scope', { body: '{"scope":"view_pin"}' }, 400, 'invalid-body'],
  ['a body that is not JSON', { body: 'scope=VIEW_PIN' }, 400, 'invalid-body'],
  ['an empty body', { body: '' }, 400, 'invalid-body'],
  ['a JSON array', { body: '["VIEW_PIN"]' }, 400, 'invalid-body'],
];

/** The issuer's failures and what the browser is told: [what, the issuer's answer, status, code]. */
export const UPSTREAM_FAILURES: ReadonlyArray<
  readonly [what: string, respond: () => Response | Promise<Response>, status: number, code: string]
> = [
  ['401', () => issuerReply(401), 502, 'upstream-unauthorized'],
  ['404', () => issuerReply(404), 502, 'upstream-not-found'],
  ['403', () => issuerReply(403), 502, 'upstream-forbidden'],
  ['409', () => issuerReply(409), 409, 'pin-not-viewable'],
  ['429', () => issuerReply(429), 503, 'upstream-rate-limited'],
  ['500', () => issuerReply(500), 502, 'upstream-error'],
  ['503', () => issuerReply(503), 503, 'upstream-unavailable'],
  ['network error', () => Promise.reject(new TypeError('fetch failed')), 502, 'upstream-unreachable'],
  ['non-JSON body', () => issuerReply(201, 'not json'), 502, 'upstream-response-invalid'],
  ['wrong shape', () => issuerReply(201, { controlId: CONTROL_ID }), 502, 'upstream-response-invalid'],
  ['pinFrameURL missing', () => issuerReply(201, { id: CONTROL_ID }), 502, 'upstream-response-invalid'],
  ['pinFrameURL not a URL', () => issuerReply(201, { id: CONTROL_ID, pinFrameURL: '/relative' }), 502, 'upstream-response-invalid'],
];
