import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { basicAuthorization, isAuthorized, parseAuthorization, WWW_AUTHENTICATE } from '../../../sandbox/auth.js';

const expected = { username: 'Aladdin', password: 'open sesame', bearerTokens: ['tok-1', 'tok.2~'] };

describe('sandbox auth', () => {
  test('parses Basic as RFC 7617 describes it', () => {
    // RFC 7617 §2: "Aladdin" / "open sesame".
    assert.deepEqual(parseAuthorization('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='), {
      scheme: 'basic',
      username: 'Aladdin',
      password: 'open sesame',
    });
    // §2.1: UTF-8, "test" / "123£" → dGVzdDoxMjPCow==
    assert.deepEqual(parseAuthorization('Basic dGVzdDoxMjPCow=='), { scheme: 'basic', username: 'test', password: '123£' });
    // The scheme is case-insensitive; the password may contain colons.
    assert.deepEqual(parseAuthorization(basicAuthorization('user', 'a:b:c').replace('Basic', 'bAsIc')), {
      scheme: 'basic',
      username: 'user',
      password: 'a:b:c',
    });
  });

  test('parses Bearer', () => {
    assert.deepEqual(parseAuthorization('Bearer tok-1'), { scheme: 'bearer', token: 'tok-1' });
    assert.deepEqual(parseAuthorization('bearer tok.2~'), { scheme: 'bearer', token: 'tok.2~' });
  });

  test('refuses malformed headers', () => {
    for (const header of [
      undefined,
      '',
      'Basic',
      'Basic ',
      'Basic !!!!',
      'Basic QWxhZGRpbg==', // no colon
      'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ', // unpadded
      'Basic /w==', // not UTF-8 (0xff)
      'Basic QWxh ZGRp',
      'Bearer',
      'Bearer a b',
      'Bearer <script>',
      'Digest username="x"',
      'QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    ]) {
      assert.equal(parseAuthorization(header), undefined, String(header));
    }
  });

  test('accepts only the configured credentials', () => {
    assert.equal(isAuthorized(basicAuthorization('Aladdin', 'open sesame'), expected), true);
    assert.equal(isAuthorized(basicAuthorization('Aladdin', 'open sesame!'), expected), false);
    assert.equal(isAuthorized(basicAuthorization('aladdin', 'open sesame'), expected), false);
    assert.equal(isAuthorized(basicAuthorization('Aladdin', ''), expected), false);
    assert.equal(isAuthorized('Bearer tok-1', expected), true);
    assert.equal(isAuthorized('Bearer tok.2~', expected), true);
    assert.equal(isAuthorized('Bearer tok-2', expected), false);
    assert.equal(isAuthorized('Bearer tok-1', { ...expected, bearerTokens: [] }), false);
    assert.equal(isAuthorized('Basic !!!!', expected), false);
  });

  test('compares non-ASCII passwords as UTF-8', () => {
    const unicode = { username: 'kortti', password: 'pässwörd-€-🔐', bearerTokens: [] };
    assert.equal(isAuthorized(basicAuthorization('kortti', 'pässwörd-€-🔐'), unicode), true);
    // The same password in Latin-1 is not the same password.
    const latin1 = `Basic ${Buffer.from('kortti:pässwörd', 'latin1').toString('base64')}`;
    assert.equal(isAuthorized(latin1, { ...unicode, password: 'pässwörd' }), false);
  });

  test('challenges with Basic, naming UTF-8', () => {
    assert.match(WWW_AUTHENTICATE, /^Basic realm="[^"]+", charset="UTF-8"$/);
  });
});
