import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBasicCredentials, type IssuerCredentials } from '../../../src/server/index.js';
import { errorOf, fakeFetch, issuerReply, testClient } from '../../support/server-fakes.js';

function decodeUtf8Base64(encoded: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)));
}

async function authorizationSent(credentials: IssuerCredentials): Promise<string> {
  const upstream = fakeFetch(() => issuerReply(201));
  await testClient(upstream.fetch, { credentials }).requestControlId({ plasticId: '1', scope: 'VIEW_PIN', auditUser: 'alice' });
  return new Headers(upstream.calls[0]!.init.headers).get('authorization')!;
}

describe('Basic auth per RFC 7617', () => {
  test("the RFC's ASCII example: Aladdin / open sesame", () => {
    assert.equal(encodeBasicCredentials('Aladdin', 'open sesame'), 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  test("the RFC's UTF-8 example: test / 123£ is encoded from UTF-8 bytes, not Latin-1", () => {
    assert.equal(encodeBasicCredentials('test', '123£'), 'dGVzdDoxMjPCow==');
    assert.notEqual(encodeBasicCredentials('test', '123£'), btoa('test:123£')); // the Latin-1 mistake
  });

  test('non-ASCII passwords beyond Latin-1 round-trip (btoa alone would throw)', () => {
    for (const password of ['pässwörd', 'пароль', '密码🔑', 'ÿ€']) {
      assert.equal(decodeUtf8Base64(encodeBasicCredentials('user', password)), `user:${password}`);
    }
  });

  test('the client sends Authorization: Basic with the UTF-8 encoding', async () => {
    assert.equal(await authorizationSent({ username: 'test', password: '123£' }), 'Basic dGVzdDoxMjPCow==');
    assert.equal(await authorizationSent({ username: 'Aladdin', password: 'open sesame' }), 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  test('a colon in the password is fine; only the first colon splits', async () => {
    const header = await authorizationSent({ username: 'user', password: 'a:b:c' });
    assert.equal(decodeUtf8Base64(header.slice('Basic '.length)), 'user:a:b:c');
  });

  test('a username with ":" is refused at construction', async () => {
    const { fetch } = fakeFetch(() => issuerReply(201));
    const error = await errorOf(Promise.resolve().then(() => testClient(fetch, { credentials: { username: 'bad:user', password: 'x' } })));
    assert.equal(error.code, 'invalid-config');
    assert.doesNotMatch(error.message, /bad:user/);
  });

  test('control characters, lone surrogates and an empty username are refused without echoing them', async () => {
    const { fetch } = fakeFetch(() => issuerReply(201));
    for (const credentials of [
      { username: 'user', password: 'line\nbreak' },
      { username: 'us\u0000er', password: 'x' },
      { username: 'user', password: 'half\ud800' },
      { username: '', password: 'x' },
    ]) {
      assert.throws(
        () => testClient(fetch, { credentials }),
        (error: any) => error.code === 'invalid-config' && !error.message.includes(credentials.password || '\u0000'),
      );
    }
  });
});

describe('Bearer auth', () => {
  test('sends Authorization: Bearer <token>', async () => {
    assert.equal(await authorizationSent({ bearerToken: 'eyJhbGciOi.payload.sig-_~+/=' }), 'Bearer eyJhbGciOi.payload.sig-_~+/=');
  });

  test('a token with spaces or newlines is refused', () => {
    const { fetch } = fakeFetch(() => issuerReply(201));
    for (const bearerToken of ['', 'two words', 'line\nbreak']) {
      assert.throws(() => testClient(fetch, { credentials: { bearerToken } }), { code: 'invalid-config' });
    }
  });

  test('credentials that are neither shape are refused', () => {
    const { fetch } = fakeFetch(() => issuerReply(201));
    assert.throws(() => testClient(fetch, { credentials: {} as never }), { code: 'invalid-config' });
  });
});
