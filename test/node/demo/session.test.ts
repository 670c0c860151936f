// The demo's session and CSRF guard (demo/session.ts, demo/request-guard.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CARDHOLDER, publicCard } from '../../../demo/cardholder.js';
import { checkJsonPost } from '../../../demo/request-guard.js';
import { SESSION_COOKIE, SessionStore, sessionCookie, sessionIdFromCookieHeader } from '../../../demo/session.js';

describe('the demo session', () => {
  it('creates unguessable ids and finds them again', () => {
    const store = new SessionStore({ cardholder: DEMO_CARDHOLDER });
    const a = store.create();
    const b = store.create();
    assert.notEqual(a.id, b.id);
    assert.match(a.id, /^[A-Za-z0-9_-]{43}$/, '256 bits, base64url');
    assert.equal(store.get(a.id), a);
    assert.equal(store.get('nope'), undefined);
    assert.equal(store.get(undefined), undefined);
  });

  it("selects only the cardholder's own cards", () => {
    const store = new SessionStore({ cardholder: DEMO_CARDHOLDER });
    const session = store.create();
    assert.equal(store.selectedCard(session).id, 'everyday');
    assert.equal(store.selectCard(session, 'travel'), true);
    assert.equal(store.selectedCard(session).plasticId, '2000000000000001');
    assert.equal(store.selectCard(session, 'someone-elses'), false);
    assert.equal(store.selectedCard(session).id, 'travel');
  });

  it('forgets idle sessions, and the oldest beyond the cap', () => {
    let now = 0;
    const store = new SessionStore({ cardholder: DEMO_CARDHOLDER, idleTimeoutMs: 1000, maxSessions: 2, now: () => now });
    const first = store.create();
    now = 1001;
    assert.equal(store.get(first.id), undefined);
    const [a, b, c] = [store.create(), store.create(), store.create()];
    assert.equal(store.get(a.id), undefined);
    assert.ok(store.get(b.id) && store.get(c.id));
  });

  it('never shows the browser a plastic id', () => {
    for (const card of DEMO_CARDHOLDER.cards) assert.equal('plasticId' in publicCard(card), false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie; Secure and __Host- over https', () => {
    assert.equal(sessionCookie('abc', false), `${SESSION_COOKIE}=abc; Path=/; HttpOnly; SameSite=Strict`);
    assert.equal(sessionCookie('abc', true), `__Host-${SESSION_COOKIE}=abc; Path=/; HttpOnly; SameSite=Strict; Secure`);
    assert.equal(sessionIdFromCookieHeader(`a=1; ${SESSION_COOKIE}=xyz; b=2`, false), 'xyz');
    assert.equal(sessionIdFromCookieHeader('a=1', false), undefined);
    assert.equal(sessionIdFromCookieHeader(`__Host-${SESSION_COOKIE}=xyz`, true), 'xyz');
    assert.equal(sessionIdFromCookieHeader(`${SESSION_COOKIE}=planted`, true), undefined, 'over https only the __Host- cookie counts');
  });
});

describe("the CSRF guard of the demo's JSON endpoints", () => {
  const origin = 'http://localhost:4000';
  const good = { 'x-requested-with': 'pin-control', origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
  const check = (headers: Record<string, string | undefined>) =>
    checkJsonPost(new Headers(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined)), [origin])
      ?.code ?? null;

  it('lets a same-origin request with the custom header through', () => {
    assert.equal(check(good), null);
    assert.equal(check({ ...good, 'sec-fetch-site': undefined }), null, 'old browsers send no fetch metadata');
  });

  it('refuses each missing protection', () => {
    assert.equal(check({ ...good, 'x-requested-with': undefined }), 'csrf-header-required');
    assert.equal(check({ ...good, origin: 'http://evil.example' }), 'origin-refused');
    assert.equal(check({ ...good, origin: 'http://localhost:4000.evil.example' }), 'origin-refused');
    assert.equal(check({ ...good, origin: undefined }), 'origin-refused');
    assert.equal(check({ ...good, 'sec-fetch-site': 'cross-site' }), 'cross-site-refused');
    assert.equal(check({ ...good, 'sec-fetch-site': 'same-site' }), 'cross-site-refused');
    assert.equal(check({ ...good, 'content-type': 'text/plain' }), 'unsupported-media-type');
  });
});
