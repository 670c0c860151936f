// Property tests of which frames the element may load: `frame-origins`
// parsing, the frame URL check, and the guard that refuses a frame URL
// carrying the control id.
//
// Oracles:
// - parseFrameOrigins: never throws; every accepted origin is a bare origin
//   (new URL(o).origin === o) with https:, or http: on localhost/127.0.0.1,
//   written so in some entry (case and one trailing slash aside); every
//   entry is accepted or listed as refused; no duplicates.
// - checkFrameURL: never throws; an accepted URL parses, its origin is the
//   one returned, is in the allow-list, is not the page's origin, has an
//   allowed scheme, no credentials, and carries `key=` when a frame key is
//   set; and every URL that meets all that is accepted.
// - the id-in-URL guard (carriesId): any URL that holds the id in a path
//   segment, a query key or value, or the fragment, escaped in any of the
//   ways of issue 9 (upper or lowercase hex, every character escaped, `+` for
//   a space, `%27`, escaped twice), is refused; a URL that does not hold it
//   after decoding is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { carriesId, checkFrameURL, parseFrameOrigins } from '../../../src/origin-policy.js';
import { check, runsLabel } from '../../support/properties.js';

const DEV_HOSTS = ['localhost', '127.0.0.1'];

// Pieces of origins and URLs, benign and hostile (issue 9 item 4's list).
const scheme = fc.constantFrom(
  'https:',
  'http:',
  'HTTPS:',
  'ws:',
  'wss:',
  'ftp:',
  'javascript:',
  'data:',
  'blob:',
  'file:',
  'about:',
  'chrome:',
);
const host = fc.oneof(
  fc.constantFrom(
    'localhost',
    '127.0.0.1',
    'LOCALHOST',
    'LocalHost',
    '127.1',
    '0x7f.0.0.1',
    '2130706433',
    '127.0.0.01',
    '[::1]',
    '[::ffff:127.0.0.1]',
    'localhost.',
    'pin.example.com',
    'PIN.Example.COM',
    'pin.example.com.',
    'pin.example.com.evil.test',
    'pin-example.com',
    'xn--pn-xka.example.com',
    'pïn.example.com',
    'pin.example.com%2eevil.test',
    'a@pin.example.com',
    '',
    ' ',
    '*',
    '*.example.com',
  ),
  fc.domain(),
  fc.ipV4(),
);
const port = fc.oneof(
  fc.constantFrom('', ':443', ':80', ':8766', ':0', ':65535', ':65536', ':*', ':', ':abc'),
  fc.nat({ max: 70_000 }).map((n) => `:${n}`),
);
const userinfo = fc.constantFrom('', '', '', 'user@', 'user:pass@', ':@', '@', 'pin.example.com@', 'a:b@');
const path = fc.oneof(
  fc.constantFrom(
    '',
    '/',
    '//',
    '/frame',
    '/pincontrol/v2/frame',
    '/..',
    '/%2e%2e/',
    '\\evil',
    '/frame?key=demo',
    '?key=x',
    '#x',
    '/frame#key=1',
  ),
  fc.webPath(),
);
const padding = fc.constantFrom('', '', ' ', '\t', '\n', '  ', '\u00a0', '\u0000', '\u200b');
const slashes = fc.constantFrom('//', '//', '/', '', '\\\\', '///');

const urlLike = fc
  .tuple(padding, scheme, slashes, userinfo, host, port, path, padding)
  .map(([lead, s, sl, user, h, p, pa, trail]) => `${lead}${s}${sl}${user}${h}${p}${pa}${trail}`);
const anyURLish = fc.oneof(urlLike, fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 60 }));
const originsAttribute = fc
  .array(fc.tuple(anyURLish, fc.constantFrom(' ', '\t', '\n', '  ', ' \r\n ')), { maxLength: 6 })
  .map((entries) => entries.map(([entry, gap]) => `${entry}${gap}`).join(''));

function tryURL(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

test(`parseFrameOrigins: accepts only bare allowed origins written as such, each entry accepted or refused ${runsLabel()}`, async () => {
  await check(
    fc.property(fc.oneof(originsAttribute, fc.string({ unit: 'binary', maxLength: 80 })), (value) => {
      const { origins, refused } = parseFrameOrigins(value);
      const entries = value.split(/\s+/).filter(Boolean);
      assert.equal(new Set(origins).size, origins.length, 'no duplicates');
      for (const origin of origins) {
        const url = new URL(origin);
        assert.equal(url.origin, origin, 'a bare origin');
        assert.ok(url.protocol === 'https:' || (url.protocol === 'http:' && DEV_HOSTS.includes(url.hostname)), `scheme of ${origin}`);
        assert.ok(
          entries.some((entry) => entry.replace(/\/$/, '').toLowerCase() === origin),
          `${origin} was written as an origin`,
        );
      }
      for (const entry of refused) assert.ok(entries.includes(entry));
      for (const entry of entries) {
        const accepted = origins.includes(entry.replace(/\/$/, '').toLowerCase());
        assert.ok(accepted !== refused.includes(entry), `${JSON.stringify(entry)} is either accepted or refused`);
      }
    }),
  );
});

// Policies: allow-lists drawn from the same hostile pieces (parsed as the
// element does), a page origin that is sometimes in the list, a key or none.
const policy = fc.record({
  attribute: fc.oneof(originsAttribute, fc.constantFrom('https://pin.example.com http://127.0.0.1:8766', 'http://localhost:4100')),
  pageOrigin: fc.constantFrom('http://localhost:4000', 'https://bank.example', 'http://127.0.0.1:8766', 'https://pin.example.com', 'null'),
  frameKey: fc.constantFrom(undefined, null, '', 'demo', 'k&y=1#', 'ключ'),
});
/** Frame URLs: hostile ones, and ones on an allowed origin with a random tail. */
const frameURL = (origins: string[]) =>
  fc.oneof(
    anyURLish,
    origins.length
      ? fc
          .tuple(padding, fc.constantFrom(...origins), userinfo, path, fc.webQueryParameters(), padding)
          .map(
            ([lead, origin, user, pa, query, trail]) =>
              `${lead}${origin.replace('//', `//${user}`)}${pa}${query ? `?${query}` : ''}${trail}`,
          )
      : anyURLish,
  );

test(`checkFrameURL: an accepted URL is on an allowed origin, not the page's, with an allowed scheme, no credentials, and the key ${runsLabel()}`, async () => {
  let accepted = 0;
  let tried = 0;
  await check(
    fc.property(
      policy.chain((p) => {
        const origins = parseFrameOrigins(p.attribute).origins;
        return fc.tuple(fc.constant({ origins, pageOrigin: p.pageOrigin, frameKey: p.frameKey }), frameURL([...origins, p.pageOrigin]));
      }),
      ([framePolicy, raw]) => {
        const result = checkFrameURL(raw, framePolicy);
        const parsed = tryURL(raw.trim());
        const shouldAccept =
          parsed !== undefined &&
          (parsed.protocol === 'https:' || DEV_HOSTS.includes(parsed.hostname)) &&
          parsed.username === '' &&
          parsed.password === '' &&
          parsed.origin !== framePolicy.pageOrigin &&
          framePolicy.origins.includes(parsed.origin);
        assert.equal(result.ok, shouldAccept, `${JSON.stringify(raw)} against ${JSON.stringify(framePolicy)}: ${JSON.stringify(result)}`);
        tried += 1;
        if (!result.ok) return;
        accepted += 1;
        const url = new URL(result.url);
        assert.equal(url.origin, result.origin);
        assert.equal(url.origin, parsed!.origin, 'adding the key did not move the origin');
        assert.ok(framePolicy.origins.includes(url.origin));
        assert.notEqual(url.origin, framePolicy.pageOrigin);
        assert.equal(url.username + url.password, '');
        assert.ok(url.protocol === 'https:' || (url.protocol === 'http:' && DEV_HOSTS.includes(url.hostname)));
        if (framePolicy.frameKey) assert.ok(url.searchParams.has('key'), 'the key is there');
        assert.equal(url.hash, parsed!.hash);
      },
    ),
  );
  // Not vacuous: the generators reach the accepting branch often.
  assert.ok(accepted >= tried / 20, `only ${accepted} of ${tried} URLs were accepted`);
});

// ---- the id-in-URL guard (carriesId, what the element refuses a token for) --

const hex = (code: number) => code.toString(16).padStart(2, '0');
const bytesOf = (text: string) => [...new TextEncoder().encode(text)];
/** Every way of writing the id into a URL component that issue 9 lists. */
const ENCODINGS: Record<string, (id: string) => string> = {
  component: encodeURIComponent,
  lowercaseHex: (id) => encodeURIComponent(id).replace(/%[\dA-F]{2}/g, (escape) => escape.toLowerCase()),
  everyByteUpper: (id) =>
    bytesOf(id)
      .map((b) => `%${hex(b).toUpperCase()}`)
      .join(''),
  everyByteLower: (id) =>
    bytesOf(id)
      .map((b) => `%${hex(b)}`)
      .join(''),
  plusForSpace: (id) => encodeURIComponent(id).replace(/%20/g, '+'),
  quoteAs27: (id) => encodeURIComponent(id).replace(/'/g, '%27'),
  twice: (id) => encodeURIComponent(encodeURIComponent(id)),
  everyByteTwice: (id) =>
    bytesOf(id)
      .map((b) => `%25${hex(b)}`)
      .join(''),
  mixedCase: (id) =>
    encodeURIComponent(id).replace(/%[\dA-F]{2}/g, (escape, offset: number) => (offset % 2 ? escape.toLowerCase() : escape)),
};
const PLACES = ['pathSegment', 'wholePath', 'queryValue', 'queryKey', 'fragment'] as const;

/** Control ids: long enough that they are not a path's `.` or `..`; any characters, quotes, plus and spaces included. */
const controlId = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 8, maxLength: 40, unit: fc.constantFrom(...'abcXYZ019-_.~!*\'()+ /=:@$,;&?#%"<>[]'.split('')) }),
  fc.string({ minLength: 8, maxLength: 24, unit: 'binary' }).filter((id) => !/[\ud800-\udfff]/.test(id)),
);

function placeId(base: string, place: (typeof PLACES)[number], written: string, key: string): string {
  switch (place) {
    case 'pathSegment':
      return `${base}/pincontrol/${written}/frame?key=${key}`;
    case 'wholePath':
      return `${base}/${written}?key=${key}`;
    case 'queryValue':
      return `${base}/frame?key=${key}&s=${written}`;
    case 'queryKey':
      return `${base}/frame?${written}=1&key=${key}`;
    case 'fragment':
      return `${base}/frame?key=${key}#${written}`;
  }
}

test(`id-in-URL guard: the id anywhere in the URL, escaped any way, is found ${runsLabel()}`, async () => {
  await check(
    fc.property(
      controlId,
      fc.constantFrom(...Object.keys(ENCODINGS)),
      fc.constantFrom(...PLACES),
      fc.constantFrom('https://pin.example.com', 'http://127.0.0.1:8766'),
      (id, encoding, place, base) => {
        const written = ENCODINGS[encoding]!(id);
        // The element checks the URL as checkFrameURL serializes it.
        const checked = checkFrameURL(placeId(base, place, written, 'demo'), {
          origins: [base],
          pageOrigin: 'http://localhost:4000',
          frameKey: 'demo',
        });
        if (!checked.ok) return; // not a frame the element would load anyway
        assert.equal(carriesId(checked.url, id), true, `${JSON.stringify(id)} as ${encoding} in the ${place}: ${checked.url}`);
      },
    ),
  );
});

test(`id-in-URL guard: a URL without the id, however its parts are escaped, is not refused ${runsLabel()}`, async () => {
  // Ids from one alphabet (hex digits and dashes), URL parts from a disjoint one:
  // no decoding of the URL can produce the id, so the guard must let it pass.
  const id = fc.oneof(fc.uuid(), fc.string({ minLength: 8, maxLength: 40, unit: fc.constantFrom(...'0123456789abcdef-'.split('')) }));
  const part = fc.string({
    minLength: 1,
    maxLength: 12,
    unit: fc.constantFrom(...'ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ_~. '.split('')),
  });
  await check(
    fc.property(
      id,
      fc.array(fc.tuple(part, fc.constantFrom(...Object.keys(ENCODINGS))), { minLength: 1, maxLength: 6 }),
      fc.constantFrom(...PLACES),
      (controlIdValue, parts, lastPlace) => {
        const written = parts.map(([text, encoding]) => ENCODINGS[encoding]!(text));
        const [first, ...rest] = written;
        const segments = rest.slice(0, 2).join('/');
        const query = rest
          .slice(2)
          .map((text, n) => (n % 2 ? `${text}=v` : `q=${text}`))
          .join('&');
        const raw = `${placeId('https://pin.example.com', lastPlace, first!, 'demo')}`;
        const url = new URL(raw);
        if (segments) url.pathname += `/${segments}`;
        if (query) url.search += `&${query}`;
        assert.equal(carriesId(url.href, controlIdValue), false, `${controlIdValue} is not in ${url.href}`);
      },
    ),
  );
});
