// Property tests of the two parsers that decide what the element believes: the
// frame→parent message parser (what becomes a DOM event) and the token
// response parser (what becomes a control id and a frame URL), the latter
// also through requestToken with arbitrary HTTP answers.
//
// Oracles:
// - parseFrameMessage: never throws; whatever it returns is exactly one of the
//   allowed shapes ({event: <bare callback>} alone, or {event: 'pin_valid',
//   pin_valid: boolean} alone); for plain data it returns one exactly when the
//   input is a plain object with just those own keys and values.
// - parseTokenResponse: never throws; a result is exactly {id, pinFrameURL},
//   both non-empty strings within 512 / 2048 characters, copied from the input.
// - requestToken: never rejects; ok only for a 2xx answer whose body is at most
//   8 KB of JSON holding such a pair, and the token is that pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CALLBACKS, MAX_TOKEN_RESPONSE_BYTES, parseFrameMessage, parseTokenResponse } from '../../../src/protocol.js';
import { requestToken } from '../../../src/token-client.js';
import { check, FC_RUNS, runsLabel } from '../../support/properties.js';

const BARE = CALLBACKS.filter((name) => name !== 'pin_valid');
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** The parser's spec for plain data, written out independently of zod. */
function expectedFrameMessage(data: unknown): object | undefined {
  if (!isPlainObject(data)) return undefined;
  const keys = Reflect.ownKeys(data).map(String).sort();
  if (keys.length === 1 && keys[0] === 'event' && (BARE as readonly unknown[]).includes(data.event)) return { event: data.event };
  if (keys.join() === 'event,pin_valid' && data.event === 'pin_valid' && typeof data.pin_valid === 'boolean') {
    return { event: 'pin_valid', pin_valid: data.pin_valid };
  }
  return undefined;
}

/** True when `message` is exactly one allowed shape (own keys, types, values). */
function isAllowedShape(message: unknown): boolean {
  if (!isPlainObject(message)) return false;
  const keys = Reflect.ownKeys(message).map(String).sort().join();
  if (keys === 'event') return (BARE as readonly unknown[]).includes(message.event);
  return keys === 'event,pin_valid' && message.event === 'pin_valid' && typeof message.pin_valid === 'boolean';
}

// Keys an attacker would try, mixed into generated objects.
const hostileKey = fc.oneof(
  fc.constantFrom(
    'event',
    'pin_valid',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'then',
    'controlId',
    'pin',
    'Event',
    'event ',
    '',
  ),
  fc.string({ maxLength: 12 }),
);
const eventName = fc.oneof(
  fc.constantFrom(...CALLBACKS),
  fc.constantFrom(...CALLBACKS).map((name) => name.toUpperCase()),
  fc.constantFrom(...CALLBACKS).map((name) => ` ${name}`),
  fc.constantFrom(...CALLBACKS).map((name) => name.replace(/_/g, '-')),
  fc.constantFrom('set_pin', 'theme', 'view-pin', 'pin-valid', 'toString', '__proto__'),
  fc.string({ maxLength: 30 }),
);
const anyValue = fc.anything({
  key: hostileKey,
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});
/** Objects close to a message: an event name, maybe pin_valid of any type, maybe extra keys. */
const nearMessage = fc
  .record(
    {
      event: eventName,
      pin_valid: fc.oneof(fc.boolean(), anyValue),
      extra: fc.dictionary(hostileKey, anyValue, { maxKeys: 2 }),
    },
    { requiredKeys: [] },
  )
  .map(({ extra, ...rest }) => Object.assign(Object.create(null) as object, extra ?? {}, rest))
  .chain((object) => fc.constantFrom({ ...object }, object)); // plain, or null prototype
const allowedMessage = fc.oneof(
  fc.constantFrom(...BARE).map((event) => ({ event })),
  fc.boolean().map((valid) => ({ event: 'pin_valid', pin_valid: valid })),
);
/** JSON text through JSON.parse: own `__proto__` keys, deep nesting, big arrays. */
const jsonParsed = fc
  .oneof(
    fc.json({ maxDepth: 4 }),
    allowedMessage.chain(
      (message) =>
        fc
          .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'controlId', 'pin'), fc.json({ maxDepth: 2 }))
          .map(([key, value]) => `${JSON.stringify(message).slice(0, -1)},${JSON.stringify(key)}:${value}}`), // not replace(): a '$' in value is a pattern there
    ),
  )
  .map((text) => JSON.parse(text) as unknown);

test(`parseFrameMessage: any data gives nothing or exactly one allowed shape, and only for exactly that input ${runsLabel()}`, async () => {
  await check(
    fc.property(fc.oneof(anyValue, nearMessage, allowedMessage, jsonParsed), (data) => {
      const parsed = parseFrameMessage(data);
      assert.deepEqual(parsed, expectedFrameMessage(data));
      if (parsed !== undefined) assert.ok(isAllowedShape(parsed));
    }),
  );
});

test(`parseFrameMessage: every allowed message is accepted as it is ${runsLabel()}`, async () => {
  await check(
    fc.property(allowedMessage, (message) => {
      assert.deepEqual(parseFrameMessage(structuredClone(message)), message);
    }),
  );
});

test(`parseFrameMessage: getters, proxies and changing values never throw nor yield a shape outside the allowed ones ${runsLabel()}`, async () => {
  // A getter that answers differently on each read (time-of-check/time-of-use), or throws.
  const readSequence = fc.array(fc.oneof(eventName, fc.boolean(), fc.constant('throw')), { minLength: 1, maxLength: 4 });
  const hostile = fc.record({
    event: readSequence,
    pin_valid: readSequence,
    proxy: fc.boolean(),
    throwingTrap: fc.constantFrom('get', 'ownKeys', 'getPrototypeOf', 'has', 'getOwnPropertyDescriptor', 'none'),
  });
  await check(
    fc.property(hostile, ({ event, pin_valid, proxy, throwingTrap }) => {
      const target: Record<string, unknown> = {};
      for (const [key, reads] of [
        ['event', event],
        ['pin_valid', pin_valid],
      ] as const) {
        let read = 0;
        Object.defineProperty(target, key, {
          enumerable: true,
          get() {
            const value = reads[Math.min(read++, reads.length - 1)];
            if (value === 'throw') throw new Error('hostile getter');
            return value;
          },
        });
      }
      const data = proxy
        ? new Proxy(target, {
            [throwingTrap]: () => {
              throw new Error('hostile trap');
            },
          })
        : target;
      const parsed = parseFrameMessage(data);
      if (parsed !== undefined) assert.ok(isAllowedShape(parsed), JSON.stringify(parsed));
    }),
  );
});

const sizedString = (min: number, max: number) => fc.string({ minLength: min, maxLength: max, unit: 'binary' });
const tokenLike = fc.record(
  {
    id: fc.oneof(sizedString(0, 600), anyValue),
    pinFrameURL: fc.oneof(sizedString(0, 2100), fc.webUrl(), anyValue),
    pinURL: fc.webUrl(),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

test(`parseTokenResponse: a result is exactly {id, pinFrameURL}, valid sizes, copied from the input ${runsLabel()}`, async () => {
  await check(
    fc.property(fc.oneof(anyValue, tokenLike, jsonParsed), (data) => {
      const token = parseTokenResponse(data);
      const input = data as { id?: unknown; pinFrameURL?: unknown } | null;
      const valid =
        typeof input === 'object' &&
        input !== null &&
        !Array.isArray(input) &&
        typeof input.id === 'string' &&
        input.id.length >= 1 &&
        input.id.length <= 512 &&
        typeof input.pinFrameURL === 'string' &&
        input.pinFrameURL.length >= 1 &&
        input.pinFrameURL.length <= 2048;
      if (token === undefined) {
        // Refused: only exotic objects (boxed, Map…) may be refused beyond the spec.
        if (valid) assert.ok(!isPlainObject(data), 'a valid plain object was refused');
        return;
      }
      assert.ok(valid, 'accepted an invalid token response');
      assert.deepEqual(Object.keys(token).sort(), ['id', 'pinFrameURL']);
      assert.equal(token.id, input.id);
      assert.equal(token.pinFrameURL, input.pinFrameURL);
    }),
  );
});

// requestToken against arbitrary answers: a fake fetch returning any status,
// headers and body (JSON of a token-like object, any text, any bytes, too big).
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
const answer = fc.record({
  status: fc.oneof(fc.constantFrom(200, 201, 204, 206, 299, 301, 400, 401, 403, 409, 429, 500, 503), fc.integer({ min: 200, max: 599 })),
  body: fc.oneof(
    fc
      .record(
        {
          id: fc.oneof(sizedString(0, 600), fc.jsonValue()),
          pinFrameURL: fc.oneof(sizedString(0, 2100), fc.webUrl(), fc.jsonValue()),
          extra: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      .map((value) => JSON.stringify(value)),
    fc.record({ id: sizedString(1, 40), pinFrameURL: fc.webUrl() }).map((value) => JSON.stringify(value)),
    fc
      .record({ id: sizedString(1, 40), pinFrameURL: fc.webUrl(), padding: fc.integer({ min: 7000, max: 9000 }) })
      .map(({ padding, ...token }) => JSON.stringify({ ...token, padding: 'x'.repeat(padding) })),
    fc.json({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }),
  ),
  contentLength: fc.option(fc.oneof(fc.nat({ max: 20_000 }).map(String), fc.constantFrom('abc', '-1', '1e9', '')), { nil: undefined }),
  retryAfter: fc.option(fc.oneof(fc.nat({ max: 100_000 }).map(String), fc.string({ maxLength: 30 })), { nil: undefined }),
});

/** The spec of a successful token request, from the answer alone. */
function expectedToken(status: number, body: string | Uint8Array): { id: string; pinFrameURL: string } | undefined {
  if (status < 200 || status > 299 || NULL_BODY_STATUSES.has(status)) return undefined;
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  if (bytes.byteLength > MAX_TOKEN_RESPONSE_BYTES) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  const token = data as { id?: unknown; pinFrameURL?: unknown } | null;
  if (typeof token !== 'object' || token === null || Array.isArray(token)) return undefined;
  const { id, pinFrameURL } = token;
  if (typeof id !== 'string' || id.length < 1 || id.length > 512) return undefined;
  if (typeof pinFrameURL !== 'string' || pinFrameURL.length < 1 || pinFrameURL.length > 2048) return undefined;
  return { id, pinFrameURL };
}

const tokenRuns = FC_RUNS;
test(`requestToken: never rejects, and gives a token only for a 2xx, at most 8 KB, valid {id, pinFrameURL} ${runsLabel(tokenRuns)}`, async () => {
  await check(
    fc.asyncProperty(answer, fc.constantFrom('VIEW_PIN', 'SET_PIN'), async ({ status, body, contentLength, retryAfter }, scope) => {
      const headers = new Headers({ 'content-type': 'application/json' });
      if (contentLength !== undefined) headers.set('content-length', contentLength);
      if (retryAfter !== undefined) headers.set('retry-after', retryAfter);
      const declaredTooBig = Number(contentLength) > MAX_TOKEN_RESPONSE_BYTES;
      const fetch = async () => new Response(NULL_BODY_STATUSES.has(status) ? null : body, { status, headers });
      const result = await requestToken({ scope, signal: new AbortController().signal, timeoutMs: 5000, url: '/token', fetch });
      const expected = declaredTooBig ? undefined : expectedToken(status, body);
      if (expected) assert.deepEqual(result, { ok: true, token: expected });
      else {
        assert.equal(result.ok, false);
        if (!result.ok && result.code !== 'aborted') {
          assert.ok(['token-request-failed', 'token-response-invalid'].includes(result.code), result.code);
        }
      }
    }),
    tokenRuns,
  );
});
